import Foundation
import MedCode

/// Times the code store on the official files: the whole import, opening the store and its search index, cold
/// lookups and cross-maps, and every keystroke of realistic queries typed one character at a time.
struct MedCodeSearchBenchmark {
    /// The medcode folder with the official files (icd9cm/, icd10cm/, icd10pcs/, gems/, ccs/, atc/, ndc/, rxnorm/).
    let medcodeRoot: URL
    /// The store folder the import writes to and the timings read from.
    let storeFolder: URL
    let rounds: Int

    static let queries = ["heart failure", "4280", "S72.0", "metformin", "acetaminophen 500", "0002-0800",
                          "pneumonia", "N02BE", "diabetes type 2", "fracture femur", "7.2.11", "7 2 11"]
    /// Queries made of the most common words, where every word has many postings and the rank-order walk runs.
    static let commonWords = ["unspecified", "of the", "and", "tablet film coated", "injection solution", "hydrochloride",
                              "with without", "other specified", "left right", "open approach"]
    /// Single characters, the prefixes with the most matches, timed apart from the typed queries.
    static let singleCharacters = (Array("abcdefghijklmnopqrstuvwxyz") + Array("0123456789")).map(String.init)

    func run() throws -> [String] {
        var lines = [machineLine(), ""]

        var summary: ImportSummary?
        let importSeconds = try seconds {
            summary = try MedCodeImporter.run(from: medcodeRoot, into: storeFolder, sources: MedCodeImporter.standardSources, force: true)
        }
        lines += ["| system or map | codes or rows |", "|---|---|"]
        for (system, codes) in summary?.systems ?? [] { lines.append("| \(system.rawValue) | \(codes) |") }
        for map in summary?.maps ?? [] { lines.append("| \(map.source.rawValue) -> \(map.target.rawValue) | \(map.rows) |") }
        lines.append("")
        lines.append(String(format: "import (read every file, build and write the store): %.2f s; store size %.1f MB",
                            importSeconds, Double(folderSize(storeFolder)) / 1e6))

        // Opening the store reads only the manifest; the first lookup of a system reads its table.
        var store: MedCodeStore?
        let openSeconds = try seconds { store = try MedCodeStore(directory: storeFolder) }
        guard let store else { throw BenchError("the store at \(storeFolder.path) did not open") }
        var index = CodeSearchIndex(entries: [])
        let indexSeconds = try seconds { index = try store.searchIndex() }
        let lookupSeconds = try seconds { _ = try store.lookup("4280", in: .icd9cm) }
        let mapSeconds = try seconds { _ = try store.map("4280", from: .icd9cm, to: .icd10cm) }
        let warmSeconds = try seconds { for _ in 0..<1000 { _ = try store.lookup("4280", in: .icd9cm) } } / 1000
        lines.append(String(format: "open store %.4f s; load search index (%d entries) %.2f s; first ICD9CM lookup %.3f s; "
                            + "first ICD9CM -> ICD10CM map %.3f s; later lookups %.1f µs each",
                            openSeconds, index.count, indexSeconds, lookupSeconds, mapSeconds, warmSeconds * 1e6))

        // Warm up once, so the first timed keystroke does not pay for page faults in the new arrays.
        for query in Self.queries { _ = index.search(query) }

        lines += ["", "| keystrokes | n | median ms | p95 ms | max ms | slowest prefix | target |", "|---|---|---|---|---|---|---|"]
        var all: [Double] = []
        for query in Self.queries {
            let times = keystrokeTimes(index, query, system: nil)
            all += times.map(\.ms)
            lines.append(row("\"\(query)\", all systems", times))
        }
        lines.append(row("all queries, all systems", all.map { ("", $0) }))
        let filtered = Self.queries.flatMap { keystrokeTimes(index, $0, system: .icd10cm) }
        lines.append(row("all queries, ICD10CM only", filtered))
        let single = Self.singleCharacters.flatMap { keystrokeTimes(index, $0, system: nil) }
        lines.append(row("single characters a-z 0-9, all systems", single))
        let common = Self.commonWords.flatMap { keystrokeTimes(index, $0, system: nil) }
        lines.append(row("common-word queries, all systems", common))
        let commonFiltered = Self.commonWords.flatMap { keystrokeTimes(index, $0, system: .ccscm) }
        lines.append(row("common-word queries, CCSCM only (285 entries)", commonFiltered))

        lines += ["", "top hits (first 3 of 50):"]
        for query in Self.queries {
            let hits = index.search(query).prefix(3).map { "\($0.system.rawValue) \($0.code) \($0.name)" }
            lines.append("  \(query): \(hits.joined(separator: " | "))")
        }

        let sorted = all.sorted()
        lines += ["", String(format: "medcode-search entries=%d import_s=%.3f keystrokes=%d median_ms=%.3f p95_ms=%.3f max_ms=%.3f",
                             index.count, importSeconds, sorted.count, percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.last ?? .nan)]
        lines.append("load average after the run: \(loadAverage())")
        return lines
    }

    /// Times every prefix of `query`, `rounds` times each.
    private func keystrokeTimes(_ index: CodeSearchIndex, _ query: String, system: CodeSystem?) -> [(prefix: String, ms: Double)] {
        var times: [(String, Double)] = []
        let characters = Array(query)
        for _ in 0..<rounds {
            for length in 1...characters.count {
                let prefix = String(characters[0..<length])
                let start = DispatchTime.now().uptimeNanoseconds
                let hits = index.search(prefix, system: system)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                precondition(hits.count <= 50)
                times.append((prefix, elapsed))
            }
        }
        return times
    }

    private func folderSize(_ folder: URL) -> Int {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        var total = 0
        while let url = files?.nextObject() as? URL {
            total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }

    private func row(_ title: String, _ times: [(prefix: String, ms: Double)]) -> String {
        let sorted = times.map(\.ms).sorted()
        let slowest = times.max { $0.ms < $1.ms }?.prefix ?? ""
        return String(format: "| %@ | %d | %.3f | %.3f | %.3f | %@ | < 10 ms |", title, sorted.count,
                      percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.last ?? .nan, slowest.isEmpty ? "" : "\"\(slowest)\"")
    }

    /// Returns the nearest-rank percentile of sorted `values`, with `fraction` in 0...1.
    private func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
