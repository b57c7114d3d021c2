/// A laboratory test from `D_LABITEMS`.
public struct LabItem: Sendable, Equatable {
    public var itemID: Int64
    public var label: String
    public var fluid: String?
    public var category: String?
    public var loincCode: String?
    /// The most frequent `valueuom` of the item in LABEVENTS; nil from `CodeDescriptions`, which has no
    /// lab rows, and filled in by `EHRDataset.labItem(_:)` when LABEVENTS is loaded.
    public var unit: String?
}

/// Names of diagnosis and procedure codes and labels of lab items, for display.
///
/// Built from the dataset's dictionary tables (`D_ICD_DIAGNOSES`, `D_ICD_PROCEDURES`, `D_LABITEMS` for
/// MIMIC-III). A table that was not found leaves its lookups returning nil.
public struct CodeDescriptions: Sendable {
    /// The dictionary tables as read, by kind; the cache stores these.
    public let tables: [CodeKind: DataTable]
    private let rowByCode: [CodeKind: [String: Int]]

    init(tables: [CodeKind: DataTable], codeColumns: [CodeKind: String]) {
        self.tables = tables
        var index: [CodeKind: [String: Int]] = [:]
        for (kind, table) in tables {
            guard let column = codeColumns[kind].flatMap({ table.column($0) }) else { continue }
            var rows: [String: Int] = [:]
            rows.reserveCapacity(table.rowCount)
            for row in 0..<table.rowCount {
                if let code = column.text(at: row), rows[code] == nil { rows[code] = row }
            }
            index[kind] = rows
        }
        rowByCode = index
    }

    /// Returns the long title of an ICD-9 diagnosis code written without a dot (`4280`), or nil when unknown.
    public func diagnosisName(_ code: String) -> String? {
        text(.diagnosis, code, "long_title")
    }

    /// Returns the short title of an ICD-9 diagnosis code, for narrow columns.
    public func diagnosisShortName(_ code: String) -> String? {
        text(.diagnosis, code, "short_title")
    }

    /// Returns the long title of an ICD-9 procedure code written without a dot (`3893`), or nil when unknown.
    public func procedureName(_ code: String) -> String? {
        text(.procedure, code, "long_title")
    }

    /// Returns the short title of an ICD-9 procedure code, for narrow columns.
    public func procedureShortName(_ code: String) -> String? {
        text(.procedure, code, "short_title")
    }

    /// Returns the lab item with MIMIC `itemid`, or nil when unknown.
    public func labItem(_ itemID: Int64) -> LabItem? {
        let code = String(itemID)
        guard let label = text(.labItem, code, "label") else { return nil }
        return LabItem(
            itemID: itemID, label: label, fluid: text(.labItem, code, "fluid"), category: text(.labItem, code, "category"),
            loincCode: text(.labItem, code, "loinc_code"), unit: nil)
    }

    /// Number of codes known for `kind`.
    public func count(_ kind: CodeKind) -> Int {
        rowByCode[kind]?.count ?? 0
    }

    private func text(_ kind: CodeKind, _ code: String, _ column: String) -> String? {
        guard let row = rowByCode[kind]?[code], let table = tables[kind] else { return nil }
        return table.column(column)?.text(at: row)
    }
}
