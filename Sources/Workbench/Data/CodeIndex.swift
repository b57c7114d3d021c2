import Foundation
import HealthData

/// A diagnosis or procedure code with its titles and how often the dataset uses it.
public struct CodeEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case diagnosis = "ICD9CM"
        case procedure = "ICD9PROC"
    }

    public var kind: Kind
    /// The code as MIMIC writes it, without a dot (`4280`).
    public var code: String
    public var shortTitle: String
    public var longTitle: String
    /// Rows of DIAGNOSES_ICD or PROCEDURES_ICD with this code; 0 when that table is not loaded.
    public var occurrences: Int
    /// Distinct patients with this code.
    public var patients: Int

    /// The code with the dot of the ICD-9 display form: after 3 characters for diagnoses (4 for E codes),
    /// after 2 for procedures (`4280` becomes `428.0`, `3893` becomes `38.93`).
    public var dottedCode: String {
        let split: Int
        switch kind {
        case .diagnosis: split = code.hasPrefix("E") ? 4 : 3
        case .procedure: split = 2
        }
        guard code.count > split else { return code }
        let index = code.index(code.startIndex, offsetBy: split)
        return "\(code[..<index]).\(code[index...])"
    }
}

/// Type-ahead search over the dataset's diagnosis and procedure dictionaries.
public struct CodeIndex: Sendable {
    public let entries: [CodeEntry]
    /// Lowercased UTF-8 of "code dotted-code long-title short-title" for every entry, back to back, so a search
    /// lowercases only the query and compares bytes instead of building Strings.
    private let haystackBytes: [UInt8]
    /// Start of entry i's text in `haystackBytes`; entry i ends where entry i + 1 starts.
    private let haystackOffsets: [Int]
    /// Lowercased UTF-8 of each entry's code, for the code-prefix rank.
    private let codeBytes: [[UInt8]]
    /// Entry indices from most to least used (then diagnoses first, then by code): the order results keep.
    private let rankOrder: [Int]

    public init(entries: [CodeEntry]) {
        self.entries = entries
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(entries.count + 1)
        for entry in entries {
            offsets.append(bytes.count)
            bytes.append(contentsOf: "\(entry.code) \(entry.dottedCode) \(entry.longTitle) \(entry.shortTitle)".lowercased().utf8)
        }
        offsets.append(bytes.count)
        haystackBytes = bytes
        haystackOffsets = offsets
        codeBytes = entries.map { Array($0.code.lowercased().utf8) }
        rankOrder = entries.indices.sorted { left, right in
            let a = entries[left]
            let b = entries[right]
            if a.occurrences != b.occurrences { return a.occurrences > b.occurrences }
            if a.kind != b.kind { return a.kind == .diagnosis }
            return a.code < b.code
        }
    }

    /// Reads `D_ICD_DIAGNOSES` and `D_ICD_PROCEDURES` from `dataset` and counts each code's use in the loaded
    /// `diagnoses_icd` and `procedures_icd` tables.
    public init(dataset: EHRDataset) {
        var entries: [CodeEntry] = []
        let sources: [(CodeKind, CodeEntry.Kind, String)] = [(.diagnosis, .diagnosis, "diagnoses_icd"), (.procedure, .procedure, "procedures_icd")]
        for (codeKind, kind, eventTable) in sources {
            let usage = Self.usage(in: dataset.table(eventTable))
            guard let table = dataset.descriptions.tables[codeKind], let codes = table.column("icd9_code") else { continue }
            let short = table.column("short_title")
            let long = table.column("long_title")
            for row in 0..<table.rowCount {
                guard let code = codes.text(at: row) else { continue }
                let counts = usage[code]
                entries.append(CodeEntry(
                    kind: kind, code: code, shortTitle: short?.text(at: row) ?? "", longTitle: long?.text(at: row) ?? "",
                    occurrences: counts?.rows ?? 0, patients: counts?.patients ?? 0))
            }
        }
        self.init(entries: entries)
    }

    /// Rows and distinct patients per `icd9_code` of an event table.
    private static func usage(in table: EventTable?) -> [String: (rows: Int, patients: Int)] {
        guard let table, let column = table.data.column("icd9_code") else { return [:] }
        var result: [String: (rows: Int, patients: Int)] = [:]
        for patient in 0..<(table.patientOffsets.count - 1) {
            var seen = Set<String>()
            for row in table.rows(forPatient: patient) {
                guard let code = column.text(at: row) else { continue }
                result[code, default: (0, 0)].rows += 1
                if seen.insert(code).inserted { result[code, default: (0, 0)].patients += 1 }
            }
        }
        return result
    }

    /// Finds the entries whose code or titles contain every word of `query` (case-insensitive).
    ///
    /// Ranking: a code that starts with the query first, then entries used more often in the dataset, then by
    /// code. An empty query lists the most used codes. A `kind` keeps only diagnoses or only procedures.
    public func search(_ query: String, kind: CodeEntry.Kind? = nil, limit: Int = 200) -> [CodeEntry] {
        let words = query.lowercased().split(separator: " ").map { Array($0.utf8) }
        let compactQuery = Array(query.lowercased().replacingOccurrences(of: ".", with: "").utf8)

        // Entries are visited in rank order, so each group is already sorted and the scan keeps at most `limit`
        // of the others. Every entry is still checked, because a code-prefix match outranks any other match.
        var prefixMatches: [Int] = []
        var otherMatches: [Int] = []
        haystackBytes.withUnsafeBufferPointer { haystack in
            for index in rankOrder {
                if let kind, entries[index].kind != kind { continue }
                let range = haystackOffsets[index]..<haystackOffsets[index + 1]
                guard words.allSatisfy({ Self.contains(haystack, range: range, needle: $0) }) else { continue }
                if !compactQuery.isEmpty, codeBytes[index].starts(with: compactQuery) {
                    prefixMatches.append(index)
                    if prefixMatches.count >= limit { break }
                } else if otherMatches.count < limit {
                    otherMatches.append(index)
                }
            }
        }
        return (prefixMatches + otherMatches).prefix(limit).map { entries[$0] }
    }

    /// Returns whether `needle` occurs in `haystack[range]`. memchr finds each candidate first byte and memcmp checks the rest.
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, range: Range<Int>, needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard let base = haystack.baseAddress, needle.count <= range.count else { return false }
        var position = range.lowerBound
        let lastStart = range.upperBound - needle.count
        return needle.withUnsafeBytes { needleBytes in
            while position <= lastStart {
                guard let found = memchr(base + position, Int32(first), lastStart - position + 1) else { return false }
                let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + offset, needleBytes.baseAddress!, needle.count) == 0 { return true }
                position = offset + 1
            }
            return false
        }
    }
}
