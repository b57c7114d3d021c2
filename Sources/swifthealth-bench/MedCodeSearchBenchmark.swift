import Foundation
import MedCode

/// Times `CodeSearchIndex` on the official code files: reading them, building the index, storing and reading it
/// back, and every keystroke of realistic queries typed one character at a time.
struct MedCodeSearchBenchmark {
    /// The medcode folder with the official files (icd9cm/, icd10cm/, icd10pcs/, ccs/, atc/, ndc/).
    let medcodeRoot: URL
    /// A folder to store the index in and read it back from, or nil to skip that step.
    let storeFolder: URL?
    let rounds: Int
    /// The store file version that this benchmark writes. The index's own section carries its layout version.
    static let storeVersion: UInt32 = 1

    static let queries = ["heart failure", "4280", "S72.0", "metformin", "acetaminophen 500", "0002-0800",
                          "pneumonia", "N02BE", "diabetes type 2", "fracture femur"]
    /// Queries made of the most common words, where every word has many postings and the rank-order walk runs.
    static let commonWords = ["unspecified", "of the", "and", "tablet film coated", "injection solution", "hydrochloride",
                              "with without", "other specified", "left right", "open approach"]
    /// Single characters, the prefixes with the most matches, timed apart from the typed queries.
    static let singleCharacters = (Array("abcdefghijklmnopqrstuvwxyz") + Array("0123456789")).map(String.init)

    func run() throws -> [String] {
        var lines = [machineLine(), ""]

        var entries: [SearchEntry] = []
        var sourceRows: [String] = []
        let readSeconds = try seconds {
            for source in SearchEntrySource.all {
                let read = try source.read(medcodeRoot)
                sourceRows.append("| \(source.description) | \(read.count) |")
                entries += read
            }
        }

        var index = CodeSearchIndex(entries: [])
        let buildSeconds = seconds { index = CodeSearchIndex(entries: entries) }
        lines += ["| source | entries |", "|---|---|"] + sourceRows + ["| all | \(entries.count) |", ""]
        lines.append(String(format: "read files: %.2f s; build index: %.2f s for %d entries", readSeconds, buildSeconds, index.count))
        if let storeFolder { lines += try storeRows(index, folder: storeFolder) }

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
        lines += ["", String(format: "medcode-search entries=%d build_s=%.3f keystrokes=%d median_ms=%.3f p95_ms=%.3f max_ms=%.3f",
                             index.count, buildSeconds, sorted.count, percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.last ?? .nan)]
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

    private func storeRows(_ index: CodeSearchIndex, folder: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("code-search.bin")
        var writer = BinaryWriter()
        let writeSeconds = try seconds {
            index.write(to: &writer)
            try StoreFile.write(writer.bytes, version: Self.storeVersion, to: url)
        }
        var loaded = index
        let readSeconds = try seconds {
            var reader = try StoreFile.read(url, version: Self.storeVersion)
            loaded = try CodeSearchIndex(reading: &reader)
        }
        guard loaded.count == index.count, loaded.search("heart failure") == index.search("heart failure") else {
            throw BenchError("the index read back from \(url.path) differs from the one written")
        }
        return [String(format: "store: %.1f MB written in %.2f s, read back and checked in %.2f s (%@)",
                       Double(writer.bytes.count) / 1e6, writeSeconds, readSeconds, url.path)]
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

    private func machineLine() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        return "machine: \(model), \(ProcessInfo.processInfo.activeProcessorCount) CPUs; load average before the run: \(loadAverage())"
    }

    private func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { String(format: "%.2f", $0) }.joined(separator: ", ")
    }
}

/// One official file that the benchmark reads search entries from.
struct SearchEntrySource: CustomStringConvertible, Sendable {
    let description: String
    let read: @Sendable (URL) throws -> [SearchEntry]

    static let all: [SearchEntrySource] = [
        SearchEntrySource(description: "ICD-9-CM diagnoses, CMS32_DESC_LONG_DX") {
            try codeAndTitle($0.appendingPathComponent("icd9cm/CMS32_DESC_LONG_DX.txt.gz"), system: .icd9cm)
        },
        SearchEntrySource(description: "ICD-9-CM procedures, CMS32_DESC_LONG_SG") {
            try codeAndTitle($0.appendingPathComponent("icd9cm/CMS32_DESC_LONG_SG.txt.gz"), system: .icd9proc)
        },
        SearchEntrySource(description: "ICD-10-CM 2021 order file, headers and codes") { root in
            try csvEntries(root.appendingPathComponent("icd10cm/icd10cm_order_2021.csv.gz"), system: .icd10cm, code: 0, name: 3)
        },
        SearchEntrySource(description: "ICD-10-PCS 2024 codes") {
            try codeAndTitle($0.appendingPathComponent("icd10pcs/icd10pcs_codes_2024.txt.gz"), system: .icd10proc)
        },
        SearchEntrySource(description: "CCS single-level diagnosis labels 2015") { root in
            try csvEntries(root.appendingPathComponent("ccs/ccs_single_dx_labels_2015.csv.gz"), system: .ccscm, code: 0, name: 1)
        },
        SearchEntrySource(description: "CCS single-level procedure labels 2014") { root in
            try csvEntries(root.appendingPathComponent("ccs/ccs_single_pr_labels_2014.csv.gz"), system: .ccsproc, code: 0, name: 1)
        },
        SearchEntrySource(description: "ATC codes and names") { root in
            try csvEntries(root.appendingPathComponent("atc/atc_codes_names.csv.gz"), system: .atc, code: 0, name: 1)
        },
        SearchEntrySource(description: "FDA NDC products and packages, April 2019") { root in
            try ndcEntries(products: root.appendingPathComponent("ndc/fda_ndc_product_2019-04.txt.gz"),
                           packages: root.appendingPathComponent("ndc/fda_ndc_package_2019-04.txt.gz"))
        },
    ]

    /// Reads a CMS "code, spaces, title" file, written in Latin-1.
    private static func codeAndTitle(_ url: URL, system: CodeSystem) throws -> [SearchEntry] {
        var entries: [SearchEntry] = []
        for (number, line) in try readGzip(url).split(separator: UInt8(ascii: "\n")).enumerated() {
            var text = ""
            text.unicodeScalars.append(contentsOf: line.map { Unicode.Scalar($0) })
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else {
                throw BenchError("\(url.path):\(number + 1): expected a code, spaces and a title")
            }
            let code = try system.standardize(String(parts[0]))
            entries.append(SearchEntry(system: system, code: code, name: parts[1].trimmingCharacters(in: .whitespaces)))
        }
        return entries
    }

    /// Reads a CSV file with a header. Outside ATC, rows whose code has no digit are skipped, which drops HCUP's
    /// ".Z Overall" and ". No diagnosis" rows.
    private static func csvEntries(_ url: URL, system: CodeSystem, code: Int, name: Int) throws -> [SearchEntry] {
        var entries: [SearchEntry] = []
        var isHeader = true
        try DelimitedText.forEachRow(in: url) { row in
            if isHeader {
                isHeader = false
                return
            }
            let rawCode = try row.field(code, name: "code")
            guard rawCode.contains(where: \.isNumber) || system == .atc else { return }
            let standardized = try system.standardize(rawCode)
            entries.append(SearchEntry(system: system, code: standardized, name: try row.field(name, name: "name")))
        }
        return entries
    }

    /// Reads the FDA product file into one entry per product ("00002-0800") and the package file into one entry per
    /// package ("00002080001"), both named "proprietary name (nonproprietary name)".
    private static func ndcEntries(products: URL, packages: URL) throws -> [SearchEntry] {
        var entries: [SearchEntry] = []
        var nameByProductID: [String: String] = [:]
        var columns: [String: Int] = [:]
        try DelimitedText.forEachRow(in: products, separator: UInt8(ascii: "\t"), quoting: false) { row in
            if columns.isEmpty {
                columns = Dictionary(uniqueKeysWithValues: row.fields.enumerated().map { ($1, $0) })
                return
            }
            let productID = try row.field(columns["PRODUCTID"]!, name: "PRODUCTID")
            let productNDC = try row.field(columns["PRODUCTNDC"]!, name: "PRODUCTNDC")
            let proprietary = try row.field(columns["PROPRIETARYNAME"]!, name: "PROPRIETARYNAME")
            let nonproprietary = try row.field(columns["NONPROPRIETARYNAME"]!, name: "NONPROPRIETARYNAME")
            let name = nonproprietary.isEmpty || nonproprietary.lowercased() == proprietary.lowercased()
                ? proprietary : "\(proprietary) (\(nonproprietary))"
            nameByProductID[productID] = name
            let segments = productNDC.split(separator: "-").map(String.init)
            guard segments.count == 2 else {
                throw row.invalid(columns["PRODUCTNDC"]!, name: "PRODUCTNDC", reason: "expected labeler-product digits such as 0002-0800")
            }
            let code = String(repeating: "0", count: max(0, 5 - segments[0].count)) + segments[0] + "-"
                + String(repeating: "0", count: max(0, 4 - segments[1].count)) + segments[1]
            entries.append(SearchEntry(system: .ndc, code: code, name: name))
        }

        columns = [:]
        try DelimitedText.forEachRow(in: packages, separator: UInt8(ascii: "\t"), quoting: false) { row in
            if columns.isEmpty {
                columns = Dictionary(uniqueKeysWithValues: row.fields.enumerated().map { ($1, $0) })
                return
            }
            let productID = try row.field(columns["PRODUCTID"]!, name: "PRODUCTID")
            let packageCode = try row.field(columns["NDCPACKAGECODE"]!, name: "NDCPACKAGECODE")
            guard let name = nameByProductID[productID] else {
                throw row.invalid(columns["PRODUCTID"]!, name: "PRODUCTID", reason: "the product file has no such product")
            }
            entries.append(SearchEntry(system: .ndc, code: try NationalDrugCode(packageCode).digits, name: name))
        }
        return entries
    }
}
