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
    /// Lowercased "code dotted-code title" per entry, so a search lowercases only the query.
    private let haystacks: [String]

    public init(entries: [CodeEntry]) {
        self.entries = entries
        haystacks = entries.map { "\($0.code) \($0.dottedCode) \($0.longTitle) \($0.shortTitle)".lowercased() }
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
    /// code. An empty query lists the most used codes.
    public func search(_ query: String, limit: Int = 200) -> [CodeEntry] {
        let words = query.lowercased().split(separator: " ").map(String.init)
        let compactQuery = query.lowercased().replacingOccurrences(of: ".", with: "")
        var matches: [(entry: CodeEntry, codePrefix: Bool)] = []
        for (index, haystack) in haystacks.enumerated() where words.allSatisfy({ haystack.contains($0) }) {
            let entry = entries[index]
            matches.append((entry, !compactQuery.isEmpty && entry.code.lowercased().hasPrefix(compactQuery)))
        }
        matches.sort { left, right in
            if left.codePrefix != right.codePrefix { return left.codePrefix }
            if left.entry.occurrences != right.entry.occurrences { return left.entry.occurrences > right.entry.occurrences }
            if left.entry.kind != right.entry.kind { return left.entry.kind == .diagnosis }
            return left.entry.code < right.entry.code
        }
        return matches.prefix(limit).map(\.entry)
    }
}
