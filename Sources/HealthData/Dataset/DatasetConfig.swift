/// The description of one table of a dataset: its file, columns and event time.
public struct TableSchema: Sendable, Equatable, Codable {
    /// Lower-case event type, for example `diagnoses_icd`.
    public var name: String
    /// File name without extension, found as `.csv.gz` or `.csv` in any letter case.
    public var fileName: String
    /// Integer column holding the patient identifier.
    public var patientIDColumn: String
    /// Timestamp column that gives each event its time; nil when the time comes from `join` or there is none.
    public var timestampColumn: String?
    /// Columns kept besides the patient identifier, the time column included.
    public var columns: [CSVColumnRequest]
    /// Takes each row's time from another table instead of `timestampColumn`.
    public var join: TableJoin?
    /// Integer or timestamp columns that order events with the same time; the file order breaks what remains.
    public var tieBreakColumns: [String]

    public init(
        name: String, fileName: String, patientIDColumn: String, timestampColumn: String?, columns: [CSVColumnRequest],
        join: TableJoin? = nil, tieBreakColumns: [String] = []
    ) {
        self.name = name
        self.fileName = fileName
        self.patientIDColumn = patientIDColumn
        self.timestampColumn = timestampColumn
        self.columns = columns
        self.join = join
        self.tieBreakColumns = tieBreakColumns
    }

    /// Every column read from the file: the patient identifier first, then `columns`.
    var requests: [CSVColumnRequest] {
        var result = [CSVColumnRequest(patientIDColumn, .integer)]
        for column in columns where column.name.lowercased() != patientIDColumn.lowercased() { result.append(column) }
        return result
    }
}

/// An inner join that stamps each row with a timestamp of the matching row in another table.
///
/// MIMIC-III diagnoses and procedures have no time of their own, so PyHealth's `mimic3.yaml` joins them to
/// ADMISSIONS on `hadm_id` and stamps them at `dischtime`. Rows without a match are dropped, as an inner join does.
public struct TableJoin: Sendable, Equatable, Codable {
    public var table: String
    /// Integer column present in both tables.
    public var key: String
    /// Timestamp column of `table` that becomes the event time.
    public var timestampColumn: String

    public init(table: String, key: String, timestampColumn: String) {
        self.table = table
        self.key = key
        self.timestampColumn = timestampColumn
    }
}

/// The columns of the visit (admission) table that `Patient.admissions` reads.
public struct VisitSchema: Sendable, Equatable, Codable {
    public var table: String
    public var idColumn: String
    public var startColumn: String
    public var endColumn: String
    public var expireFlagColumn: String
    public var typeColumn: String
    public var dischargeLocationColumn: String

    public init(
        table: String, idColumn: String, startColumn: String, endColumn: String, expireFlagColumn: String,
        typeColumn: String, dischargeLocationColumn: String
    ) {
        self.table = table
        self.idColumn = idColumn
        self.startColumn = startColumn
        self.endColumn = endColumn
        self.expireFlagColumn = expireFlagColumn
        self.typeColumn = typeColumn
        self.dischargeLocationColumn = dischargeLocationColumn
    }
}

/// A dictionary table that names codes, such as `D_ICD_DIAGNOSES`.
public struct DescriptionSchema: Sendable, Equatable, Codable {
    /// The kind of code it describes, as `CodeDescriptions` looks it up.
    public var kind: CodeKind
    public var fileName: String
    public var codeColumn: String
    public var columns: [CSVColumnRequest]

    public init(kind: CodeKind, fileName: String, codeColumn: String, columns: [CSVColumnRequest]) {
        self.kind = kind
        self.fileName = fileName
        self.codeColumn = codeColumn
        self.columns = columns
    }
}

/// The kinds of code a dataset can describe.
public enum CodeKind: String, Sendable, Equatable, Codable, CaseIterable {
    case diagnosis
    case procedure
    case labItem
}

/// Everything needed to load a dataset: its tables, which of them are always loaded, and how visits look.
public struct DatasetConfig: Sendable, Equatable, Codable {
    public var name: String
    public var tables: [TableSchema]
    /// Tables loaded whatever the caller asks for (PyHealth's MIMIC3Dataset adds patients, admissions and icustays).
    public var alwaysLoaded: [String]
    public var patientTable: String
    public var birthDateColumn: String
    public var visits: VisitSchema
    public var descriptions: [DescriptionSchema]

    public init(
        name: String, tables: [TableSchema], alwaysLoaded: [String], patientTable: String, birthDateColumn: String,
        visits: VisitSchema, descriptions: [DescriptionSchema]
    ) {
        self.name = name
        self.tables = tables
        self.alwaysLoaded = alwaysLoaded
        self.patientTable = patientTable
        self.birthDateColumn = birthDateColumn
        self.visits = visits
        self.descriptions = descriptions
    }

    /// Returns this config with only the named columns of the named tables (matched case-insensitively).
    ///
    /// Columns the store itself needs stay: each table's patient identifier, time, tie-break and join
    /// key columns, the visit columns of the visit table, and the birth date of the patient table. Tables
    /// not named keep every column. Fewer columns make a load faster and smaller, and a projected config
    /// has its own cache entry.
    public func projected(onto columns: [String: [String]]) -> DatasetConfig {
        var result = self
        let requested = Dictionary(columns.map { ($0.key.lowercased(), Set($0.value.map { $0.lowercased() })) }, uniquingKeysWith: { $0.union($1) })
        var joinKeys: [String: Set<String>] = [:]
        for schema in tables {
            if let join = schema.join {
                joinKeys[schema.name, default: []].insert(join.key.lowercased())
                joinKeys[join.table, default: []].formUnion([join.key.lowercased(), join.timestampColumn.lowercased()])
            }
        }
        result.tables = tables.map { schema in
            guard var keep = requested[schema.name] else { return schema }
            keep.insert(schema.patientIDColumn.lowercased())
            if let timestampColumn = schema.timestampColumn { keep.insert(timestampColumn.lowercased()) }
            keep.formUnion(schema.tieBreakColumns.map { $0.lowercased() })
            keep.formUnion(joinKeys[schema.name] ?? [])
            if schema.name == visits.table {
                keep.formUnion([visits.idColumn, visits.startColumn, visits.endColumn, visits.expireFlagColumn, visits.typeColumn, visits.dischargeLocationColumn].map { $0.lowercased() })
            }
            if schema.name == patientTable { keep.insert(birthDateColumn.lowercased()) }
            var projected = schema
            projected.columns = schema.columns.filter { keep.contains($0.name.lowercased()) }
            return projected
        }
        return result
    }

    /// Returns the schema of table `name`, matched case-insensitively.
    public func table(_ name: String) -> TableSchema? {
        tables.first { $0.name == name.lowercased() }
    }

    /// Returns the tables to load for a request, in config order: `alwaysLoaded` plus `requested`, matched case-insensitively.
    /// - Throws: `invalidArgument` for a name this config does not define.
    public func resolveTables(_ requested: [String]) throws -> [TableSchema] {
        var selected = Set(alwaysLoaded)
        for name in requested {
            let key = name.lowercased()
            guard table(key) != nil else {
                throw HealthDataError(
                    .invalidArgument, value: name, message: "dataset '\(self.name)' has no table of this name",
                    hint: "Known tables: \(tables.map(\.name).joined(separator: ", ")).")
            }
            selected.insert(key)
        }
        // A joined table needs the table it joins to.
        for schema in tables where selected.contains(schema.name) {
            if let join = schema.join { selected.insert(join.table) }
        }
        return tables.filter { selected.contains($0.name) }
    }
}
