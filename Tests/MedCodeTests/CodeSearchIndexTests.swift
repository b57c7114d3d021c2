import Foundation
import Testing
import TestSupport
@testable import MedCode

// MARK: - Hand-built entries

private let heartEntries = [
    SearchEntry(system: .icd10cm, code: "R12", name: "Heartburn"),
    SearchEntry(system: .icd10cm, code: "I51.9", name: "Heart disease"),
    SearchEntry(system: .icd9cm, code: "429.9", name: "Heart disease"),
    SearchEntry(system: .icd9cm, code: "428", name: "Heart failure"),
    SearchEntry(system: .icd9cm, code: "428.0", name: "Congestive heart failure"),
    SearchEntry(system: .icd9cm, code: "428.1", name: "Left heart failure"),
    SearchEntry(system: .icd10cm, code: "I50.9", name: "Heart failure, unspecified"),
]

private func codes(_ hits: [SearchHit]) -> [String] { hits.map(\.code) }

@Test func codeQueryIgnoresDotsAndCase() {
    let index = CodeSearchIndex(entries: heartEntries)

    let undotted = index.search("4280")
    #expect(codes(undotted) == ["428.0"])
    #expect(undotted.first?.codeMatch == 0..<5)

    let dotted = index.search("428.0")
    #expect(codes(dotted) == ["428.0"])

    // "428." is the category's prefix too, and the shorter code comes first.
    let trailingDot = index.search("428.")
    #expect(codes(trailingDot) == ["428", "428.0", "428.1"])
    #expect(trailingDot.map(\.codeMatch) == [0..<3, 0..<3, 0..<3])

    #expect(codes(index.search("i50")) == ["I50.9"])
    #expect(codes(index.search("I5")) == ["I50.9", "I51.9"])
}

@Test func dottedQueryKeepsDots() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd9cm, code: "721.1", name: "Cervical spondylosis with myelopathy"),
        SearchEntry(system: .ccscmMultiLevel, code: "7.2.1.1", name: "Chronic rheumatic disease of the heart valves"),
        SearchEntry(system: .ccscmMultiLevel, code: "7.2.11", name: "Congestive heart failure; nonhypertensive"),
        SearchEntry(system: .ccscmMultiLevel, code: "7.2.11.1", name: "Congestive heart failure"),
        SearchEntry(system: .ndc, code: "72111-0100", name: "Moonstar face and body mist"),
    ])

    // Codes with dots must start with "7.2.11". The NDC code has none, so the query's dots are ignored for it.
    let dotted = index.search("7.2.11")
    #expect(codes(dotted) == ["7.2.11", "7.2.11.1", "72111-0100"])
    #expect(dotted.map(\.codeMatch) == [0..<6, 0..<6, 0..<4])
    #expect(codes(index.search("7.2.11", system: .ccscmMultiLevel)) == ["7.2.11", "7.2.11.1"])
    #expect(codes(index.search("7.2.1.")) == ["7.2.1.1", "72111-0100"])
    #expect(codes(index.search("721.")) == ["721.1", "72111-0100"])

    // Without a dot the query matches all of them: by normalised length, then system, then description rank
    // for the equal keys of 7.2.11 (41 characters) and 7.2.1.1 (45).
    #expect(codes(index.search("7211")) == ["721.1", "7.2.11", "7.2.1.1", "7.2.11.1", "72111-0100"])
}

@Test func dottedQueryIgnoresCaseAndHyphens() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd10cm, code: "S72.001A", name: "Fracture of unspecified part of neck of right femur"),
        SearchEntry(system: .icd10cm, code: "S72.0", name: "Fracture of head and neck of femur"),
        SearchEntry(system: .icd10cm, code: "S7.20", name: "Made-up code with the dot moved"),
    ])
    #expect(codes(index.search("s72.0")) == ["S72.0", "S72.001A"])
    #expect(codes(index.search("S72.00-")) == ["S72.001A"])
    #expect(codes(index.search("s7.2")) == ["S7.20"])
}

@Test func exactCodeRanksFirst() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd9cm, code: "E849", name: "Place of occurrence"),
        SearchEntry(system: .icd9cm, code: "E849.0", name: "Home accidents"),
        SearchEntry(system: .icd10cm, code: "E84.9", name: "Cystic fibrosis, unspecified"),
        SearchEntry(system: .ccscm, code: "11", name: "Cancer of head and neck"),
        SearchEntry(system: .ccscmMultiLevel, code: "1.1", name: "Bacterial infection"),
        SearchEntry(system: .ccscmMultiLevel, code: "1.1.1", name: "Tuberculosis"),
    ])

    // ICD-9 E849 has no dot and comes first by system order, but the exact match outranks it in any case.
    #expect(codes(index.search("e84.9")) == ["E84.9", "E849"])
    #expect(codes(index.search("E849")) == ["E849", "E84.9", "E849.0"])
    #expect(codes(index.search("1.1")) == ["1.1", "11", "1.1.1"])
    #expect(codes(index.search(" 1.1 ", limit: 1)) == ["1.1"])
    #expect(codes(index.search("1.1", system: .ccscm)) == ["11"])
}

@Test func codeOrderLengthThenSystem() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd9cm, code: "250.00", name: "Diabetes mellitus"),
        SearchEntry(system: .icd9cm, code: "250", name: "Diabetes"),
        SearchEntry(system: .ccscm, code: "21", name: "Cancer of bone"),
        SearchEntry(system: .icd9proc, code: "25", name: "Operations on tongue"),
        SearchEntry(system: .ccscm, code: "2", name: "Septicemia"),
    ])
    // Length 1, then length 2 with ICD9PROC before CCSCM (CodeSystem.allCases order), then 250, then 250.00.
    #expect(codes(index.search("2")) == ["2", "25", "21", "250", "250.00"])
    #expect(index.search("2").map(\.system) == [.ccscm, .icd9proc, .ccscm, .icd9cm, .icd9cm])
}

@Test func codeHitOutranksDescriptionHit() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd10cm, code: "Z99", name: "C01 note"),
        SearchEntry(system: .atc, code: "C01", name: "cardiac therapy with a much longer name than the other"),
    ])
    let hits = index.search("c01")
    #expect(codes(hits) == ["C01", "Z99"])
    #expect(hits[0].codeMatch == 0..<3)
    #expect(hits[0].nameMatches.isEmpty)
    #expect(hits[1].codeMatch == nil)
    #expect(hits[1].nameMatches == [0..<3])
}

@Test func descriptionRankWholeWordsThenLength() {
    let index = CodeSearchIndex(entries: heartEntries)
    // Whole word "heart" first, by name length: 13 characters (ICD9CM 428 before 429.9 by code, then ICD10CM
    // I51.9 by system), 18, 24, 26. "Heartburn" matches "heart" only as a prefix, so it comes last although its
    // name is the shortest.
    #expect(codes(index.search("heart")) == ["428", "429.9", "I51.9", "428.1", "428.0", "I50.9", "R12"])
    // "hear" is a whole word of no name, so name length alone decides.
    #expect(codes(index.search("hear")) == ["R12", "428", "429.9", "I51.9", "428.1", "428.0", "I50.9"])
}

@Test func descriptionNeedsEveryWord() {
    let index = CodeSearchIndex(entries: heartEntries)
    #expect(codes(index.search("heart fail")) == ["428", "428.1", "428.0", "I50.9"])
    #expect(codes(index.search("fail HEART")) == ["428", "428.1", "428.0", "I50.9"])
    #expect(codes(index.search("heart-fail unsp")) == ["I50.9"])
    // "burn" starts no word of "Heartburn", which is one word.
    #expect(index.search("heart burn").isEmpty)
    #expect(index.search("kidney").isEmpty)
}

@Test func wholeWordCountRanksFirst() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd9cm, code: "1", name: "fractures of femurs"),
        SearchEntry(system: .icd9cm, code: "2", name: "fracture femur"),
        SearchEntry(system: .icd9cm, code: "3", name: "fracture of femur neck"),
    ])
    // Both words whole in 2 and 3, so they outrank the shorter name 1, which matches both only as prefixes.
    #expect(codes(index.search("fracture femur")) == ["2", "3", "1"])
    // "fem" is no whole word, so only "fracture" counts.
    #expect(codes(index.search("fracture fem")) == ["2", "3", "1"])
    #expect(codes(index.search("fractures fem")) == ["1"])
}

@Test func systemFilterAppliesToCodesAndNames() {
    let index = CodeSearchIndex(entries: heartEntries)
    #expect(codes(index.search("heart", system: .icd10cm)) == ["I51.9", "I50.9", "R12"])
    #expect(index.search("428", system: .icd10cm).isEmpty)
    #expect(codes(index.search("428", system: .icd9cm)) == ["428", "428.0", "428.1"])
}

@Test func accentsFoldBothWays() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd9cm, code: "386.00", name: "Ménière's disease, unspecified"),
        SearchEntry(system: .icd9cm, code: "041.3", name: "Friedlander's bacillus infection"),
    ])
    #expect(codes(index.search("meniere")) == ["386.00"])
    #expect(codes(index.search("MÉNIÈRE")) == ["386.00"])
    #expect(codes(index.search("friedländer")) == ["041.3"])
}

@Test func highlightOffsetsAreCharacters() throws {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .icd9cm, code: "386.00", name: "Ménière's disease, unspecified"),
        // The same name with decomposed accents: "e" + U+0301 is one Character.
        SearchEntry(system: .icd10cm, code: "H81.09", name: "Me\u{301}nie\u{300}re's disease, unspecified ear"),
        SearchEntry(system: .atc, code: "X", name: "Straße"),
    ])
    let hits = index.search("men dis")
    #expect(hits.count == 2)
    // M é n i è r e ' s _ d i s: "men" covers 0..<3 and "dis" 10..<13 in both spellings.
    for hit in hits {
        #expect(hit.nameMatches == [0..<3, 10..<13])
    }

    // "ß" folds to "ss", so "strass" ends inside the fifth character and marks S t r a ß.
    let street = try #require(index.search("strass").first)
    #expect(street.nameMatches == [0..<5])
    #expect(index.search("strasse").first?.nameMatches == [0..<6])
}

@Test func ndcHyphenatedQueries() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .ndc, code: "00002080001", name: "Sterile Diluent diluent"),
        SearchEntry(system: .ndc, code: "00002-0800", name: "Sterile Diluent diluent"),
        SearchEntry(system: .ndc, code: "00904589904", name: "Acetaminophen"),
        SearchEntry(system: .ndc, code: "00002-1200", name: "Quinidine Gluconate"),
    ])
    // 4-4: the labeler gets its leading zero. The product (9 digits) comes before its package (11).
    let product = index.search("0002-0800")
    #expect(codes(product) == ["00002-0800", "00002080001"])
    #expect(product.map(\.codeMatch) == [0..<10, 0..<9])
    #expect(codes(index.search("00002-0800")) == ["00002-0800", "00002080001"])
    #expect(codes(index.search("000020800")) == ["00002-0800", "00002080001"])
    // 5-4-1 as the FDA writes it, and its 11-digit form.
    #expect(codes(index.search("00904-5899-4")) == ["00904589904"])
    #expect(codes(index.search("00904589904")) == ["00904589904"])
    #expect(codes(index.search("0002-")) == ["00002-0800", "00002-1200", "00002080001"])
}

@Test func limitAndEmptyQueries() {
    let index = CodeSearchIndex(entries: heartEntries)
    #expect(index.count == 7)
    #expect(codes(index.search("heart", limit: 2)) == ["428", "429.9"])
    #expect(index.search("heart", limit: 0).isEmpty)
    #expect(index.search("").isEmpty)
    #expect(index.search("  ").isEmpty)
    #expect(index.search(".-,").isEmpty)
    // Code hits fill the limit before any description hit.
    #expect(codes(index.search("4", limit: 2)) == ["428", "428.0"])
}

@Test func emptyIndexAndHugeLimit() {
    let empty = CodeSearchIndex(entries: [])
    #expect(empty.count == 0)
    #expect(empty.search("heart").isEmpty)
    #expect(empty.search("428").isEmpty)

    let index = CodeSearchIndex(entries: heartEntries)
    #expect(index.search("heart", limit: .max).count == 7)
    #expect(index.search("4", limit: .max).count == 4)
}

@Test func repeatedEntriesStaySeparate() {
    let index = CodeSearchIndex(entries: [
        SearchEntry(system: .atc, code: "G", name: "genito urinary system and sex hormones"),
        SearchEntry(system: .atc, code: "G", name: "genito-urinary system and sex hormones"),
    ])
    #expect(index.count == 2)
    #expect(index.search("G").count == 2)
    #expect(index.search("genito").count == 2)
}

// MARK: - Against a brute-force ranking

/// Ranks like the documented description rule, written plainly: every query word prefixes a word, then more
/// whole words, shorter name, system order, code, name.
private func referenceDescriptionSearch(_ entries: [SearchEntry], _ query: String, system: CodeSystem?, limit: Int) -> [String] {
    let queryWords = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    let systemOrder = CodeSystem.allCases
    var matches: [(whole: Int, entry: SearchEntry)] = []
    for entry in entries where system == nil || entry.system == system {
        let nameWords = entry.name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard queryWords.allSatisfy({ word in nameWords.contains { $0.hasPrefix(word) } }) else { continue }
        matches.append((queryWords.filter { nameWords.contains($0) }.count, entry))
    }
    matches.sort { a, b in
        if a.whole != b.whole { return a.whole > b.whole }
        if a.entry.name.count != b.entry.name.count { return a.entry.name.count < b.entry.name.count }
        let systemA = systemOrder.firstIndex(of: a.entry.system)!, systemB = systemOrder.firstIndex(of: b.entry.system)!
        if systemA != systemB { return systemA < systemB }
        if a.entry.code != b.entry.code { return a.entry.code.utf8.lexicographicallyPrecedes(b.entry.code.utf8) }
        return a.entry.name.utf8.lexicographicallyPrecedes(b.entry.name.utf8)
    }
    return matches.prefix(limit).map { "\($0.entry.system.rawValue) \($0.entry.code) \($0.entry.name)" }
}

@Test func largeIndexMatchesReferenceRanking() {
    // 60,000 generated names from 40 words, searched with the default threshold and with each path forced.
    // A linear congruential generator keeps the list the same on every run.
    let vocabulary = ["heart", "hearts", "failure", "fail", "acute", "chronic", "of", "the", "left", "right",
                      "femur", "fracture", "fractures", "neck", "closed", "open", "tablet", "tablets", "mg", "500",
                      "oral", "solution", "disease", "diseases", "type", "2", "diabetes", "with", "without", "coma",
                      "h", "he", "a", "an", "and", "pain", "chest", "unspecified", "other", "site"]
    let systems: [CodeSystem] = [.icd9cm, .icd10cm, .icd10proc, .ndc, .atc]
    var state: UInt64 = 12345
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    var entries: [SearchEntry] = []
    for number in 0..<60_000 {
        let wordCount = 1 + next(6)
        let name = (0..<wordCount).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: next(3) == 0 ? ", " : " ")
        entries.append(SearchEntry(system: systems[next(systems.count)], code: "C\(number)", name: name))
    }
    let index = CodeSearchIndex(entries: entries)
    var scanOnly = index
    scanOnly.gatherLimit = 0
    var gatherOnly = index
    gatherOnly.gatherLimit = .max

    let queries = ["h", "he", "hea", "heart", "heart f", "heart fail", "of", "of the", "a", "an", "femur fr",
                   "2", "type 2", "tablet 500", "chronic acute heart", "zzz", "s", "unspecified site other"]
    for query in queries {
        for system in [nil, CodeSystem.ndc] {
            let expected = referenceDescriptionSearch(entries, query, system: system, limit: 20)
            for (path, searched) in [("default", index), ("scan", scanOnly), ("gather", gatherOnly)] {
                let actual = searched.search(query, system: system, limit: 20)
                    .filter { $0.codeMatch == nil }
                    .map { "\($0.system.rawValue) \($0.code) \($0.name)" }
                #expect(actual == expected, "query \"\(query)\", system \(system?.rawValue ?? "all"), \(path) path")
            }
        }
    }
}

// MARK: - Storage

@Test func storeRoundTrip() throws {
    let entries = heartEntries + [
        SearchEntry(system: .icd9cm, code: "386.00", name: "Ménière's disease, unspecified"),
        SearchEntry(system: .ndc, code: "00002-0800", name: "Sterile Diluent diluent"),
    ]
    let index = CodeSearchIndex(entries: entries)
    var writer = BinaryWriter()
    index.write(to: &writer)

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("search-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("search.bin")
    try StoreFile.write(writer.bytes, version: 1, to: url)

    var reader = try StoreFile.read(url, version: 1)
    let loaded = try CodeSearchIndex(reading: &reader)
    #expect(reader.isAtEnd)
    #expect(loaded.count == index.count)
    for query in ["heart", "heart fail", "428.", "meniere", "0002-0800", "I5", "z", ""] {
        #expect(loaded.search(query) == index.search(query), "query \"\(query)\"")
    }
    #expect(loaded.search("heart", system: .icd10cm) == index.search("heart", system: .icd10cm))
}

@Test func storeRejectsDamagedFile() throws {
    var writer = BinaryWriter()
    CodeSearchIndex(entries: heartEntries).write(to: &writer)

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("search-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("search.bin")
    try StoreFile.write(writer.bytes, version: 1, to: url)
    var bytes = try [UInt8](Data(contentsOf: url))
    bytes[bytes.count - 10] ^= 0xFF
    try Data(bytes).write(to: url)

    #expect(throws: MedCodeError.self) { try StoreFile.read(url, version: 1) }
}

/// Writes a section by hand, so each test can break one part of it.
private func sectionBytes(systems: [UInt8] = [2], codes: [String] = ["I50.9"], names: [String] = ["Heart failure"],
                     words: [String] = ["failure", "heart"], forwardOffsets: [UInt32] = [0, 2],
                     forwardWords: [UInt32] = [0, 1], groups: [(UInt32, UInt32, [UInt8], [UInt32])] = [(4, 2, Array("I509".utf8), [0])],
                     version: UInt32 = CodeSearchIndex.sectionVersion) -> [UInt8] {
    var writer = BinaryWriter()
    writer.write(CodeSearchIndex.sectionMagic)
    writer.write(version)
    writer.write(systems)
    writer.write(StringColumn(codes))
    writer.write(StringColumn(names))
    writer.write(StringColumn(words))
    writer.write(forwardOffsets)
    writer.write(forwardWords)
    writer.write(UInt64(groups.count))
    for (length, system, keys, entries) in groups {
        writer.write(length)
        writer.write(system)
        writer.write(keys)
        writer.write(entries)
    }
    return writer.bytes
}

private func readError(_ bytes: [UInt8]) -> String? {
    var reader = BinaryReader(bytes: bytes, path: "search.bin")
    do {
        _ = try CodeSearchIndex(reading: &reader)
        return nil
    } catch {
        return "\(error)"
    }
}

@Test func handWrittenSectionReads() throws {
    var reader = BinaryReader(bytes: sectionBytes(), path: "search.bin")
    let index = try CodeSearchIndex(reading: &reader)
    #expect(codes(index.search("heart")) == ["I50.9"])
    #expect(codes(index.search("i50")) == ["I50.9"])
}

@Test func storeRejectsInconsistentSections() throws {
    let cases: [(String, [UInt8])] = [
        ("layout version", sectionBytes(version: 99)),
        ("system number", sectionBytes(systems: [200])),
        ("unknown word", sectionBytes(forwardWords: [0, 7])),
        ("unsorted", sectionBytes(forwardWords: [1, 0])),
        ("not sorted", sectionBytes(words: ["heart", "failure"])),
        ("do not match", sectionBytes(forwardOffsets: [0, 3])),
        ("does not match the code", sectionBytes(groups: [(4, 2, Array("I508".utf8), [0])])),
        ("unknown, repeated", sectionBytes(groups: [(4, 2, Array("I509".utf8), [5])])),
        ("do not fill", sectionBytes(groups: [(5, 2, Array("I509".utf8), [0])])),
        ("but the entries have 1", sectionBytes(groups: [])),
        ("ends early", Array(sectionBytes().prefix(6))),
        ("runs past the end", Array(sectionBytes().prefix(40))),
    ]
    for (expected, bytes) in cases {
        let message = try #require(readError(bytes), "\(expected): the damaged section was accepted")
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("search.bin"), "\(message)")
    }
}

// MARK: - Real data

/// Reads a CMS32 file's "code<spaces>description" lines as Latin-1, the way ICD9Descriptions does.
private func cms32Entries(_ url: URL, system: CodeSystem) throws -> [SearchEntry] {
    let bytes = try readGzipFile(url)
    var entries: [SearchEntry] = []
    for line in bytes.split(separator: UInt8(ascii: "\n")) {
        var text = ""
        text.unicodeScalars.append(contentsOf: line.map { Unicode.Scalar($0) })
        let parts = text.trimmingASCIISpaces().split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { continue }
        entries.append(SearchEntry(system: system, code: try system.standardize(String(parts[0])),
                                   name: parts[1].trimmingCharacters(in: .whitespaces)))
    }
    return entries
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd9DiagnosisSearch() throws {
    let root = try TestData.require("medcode")
    let entries = try cms32Entries(root.appendingPathComponent("icd9cm/CMS32_DESC_LONG_DX.txt.gz"), system: .icd9cm)
    #expect(entries.count == 14_567)
    let index = CodeSearchIndex(entries: entries)

    // CMS32_DESC_LONG_DX line 4794: "4280  Congestive heart failure, unspecified".
    let byCode = index.search("4280")
    #expect(byCode.first?.code == "428.0")
    #expect(byCode.first?.name == "Congestive heart failure, unspecified")

    // Names with the word "heart" and a word starting with "fail", shortest first: line 4795 "Left heart
    // failure" (18 characters), 4808 "Heart failure, unspecified" (26), 4797 "Acute systolic heart failure" (28).
    // Line 4794 "Congestive heart failure, unspecified" (37) is tenth. It follows 4621 "Rheumatic heart failure
    // (congestive)" and 4800 "Diastolic heart failure, unspecified", which have 36 characters each.
    let byName = index.search("heart fail", limit: 10)
    #expect(codes(byName).prefix(3) == ["428.1", "428.9", "428.21"])
    #expect(codes(byName).last == "428.0")
    #expect(byName.last?.nameMatches == [11..<16, 17..<21])

    // "38600  Ménière's disease, unspecified" is written in Latin-1.
    #expect(index.search("meniere unsp").first?.code == "386.00")
}

/// Reads the CCS categories of every level as search entries.
private func ccsEntries(_ root: URL) throws -> [SearchEntry] {
    try CCSImport.systems(in: root).flatMap { imported in
        imported.records.map { SearchEntry(system: imported.system, code: $0.code, name: $0.name) }
    }
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func multiLevelCCSSearch() throws {
    let root = try TestData.require("medcode")
    let entries = try ccsEntries(root)
        + cms32Entries(root.appendingPathComponent("icd9cm/CMS32_DESC_LONG_DX.txt.gz"), system: .icd9cm)
    let index = CodeSearchIndex(entries: entries)
    func codeHits(_ query: String, system: CodeSystem? = nil) -> [String] {
        index.search(query, system: system).filter { $0.codeMatch != nil }.map { "\($0.system.rawValue) \($0.code)" }
    }

    // ccs_multi_dx_labels_2013 lines 226 and 257 to 259 list 7.2.1.1 and 7.2.11, 7.2.11.1, 7.2.11.2.
    // CMS32_DESC_LONG_DX line 8128 is "7211  Cervical spondylosis with myelopathy".
    let expected = ["CCSCM_MULTI 7.2.11", "CCSCM_MULTI 7.2.11.1", "CCSCM_MULTI 7.2.11.2"]
    #expect(codeHits("7.2.11") == expected)
    #expect(codeHits("7.2.11", system: .ccscmMultiLevel) == expected)
    let undotted = codeHits("7211")
    #expect(undotted.first == "ICD9CM 721.1")
    #expect(undotted.contains("CCSCM_MULTI 7.2.1.1"))
    #expect(undotted.contains("CCSCM_MULTI 7.2.11"))

    // "1.1" is a multi-level category in both label files (dx line 3, pr line 3), and "11" a single-level one
    // (ccs_single_dx_labels_2015 line 15, ccs_single_pr_labels_2014 line 15) and a multi-level one (dx line 460,
    // pr line 213). The exact matches come first although CCSCM and CCSPROC precede the multi-level systems.
    #expect(Array(codeHits("1.1").prefix(6)) == [
        "CCSCM_MULTI 1.1", "CCSPROC_MULTI 1.1", "CCSCM 11", "CCSPROC 11", "CCSCM_MULTI 11", "CCSPROC_MULTI 11",
    ])
}
