/// The loaded tables of a dataset with one shared patient numbering. Immutable once built.
final class EventStore: Sendable {
    let config: DatasetConfig
    /// Sorted patient identifiers; a patient's index is its position here.
    let patientIDs: [Int64]
    let tables: [String: EventTable]
    /// Table names in config order.
    let tableNames: [String]
    let descriptions: CodeDescriptions
    let patientIndexByID: [Int64: Int]
    let visitColumns: VisitColumns?

    init(config: DatasetConfig, patientIDs: [Int64], tables: [EventTable], descriptionTables: [CodeKind: DataTable]) {
        self.config = config
        self.patientIDs = patientIDs
        var byName: [String: EventTable] = [:]
        for table in tables { byName[table.name] = table }
        self.tables = byName
        tableNames = tables.map(\.name)
        var codeColumns: [CodeKind: String] = [:]
        for schema in config.descriptions { codeColumns[schema.kind] = schema.codeColumn }
        descriptions = CodeDescriptions(tables: descriptionTables, codeColumns: codeColumns)
        var index: [Int64: Int] = [:]
        index.reserveCapacity(patientIDs.count)
        for (position, id) in patientIDs.enumerated() { index[id] = position }
        patientIndexByID = index
        visitColumns = byName[config.visits.table].flatMap { VisitColumns($0.data, config.visits) }
    }
}

/// The visit table's columns that `Admission` reads, resolved once.
struct VisitColumns: Sendable {
    let id: Column
    let start: Column
    let end: Column
    let expireFlag: Column
    let type: Column
    let dischargeLocation: Column

    init?(_ table: DataTable, _ schema: VisitSchema) {
        guard let id = table.column(schema.idColumn), let start = table.column(schema.startColumn),
              let end = table.column(schema.endColumn), let expireFlag = table.column(schema.expireFlagColumn),
              let type = table.column(schema.typeColumn), let dischargeLocation = table.column(schema.dischargeLocationColumn)
        else { return nil }
        self.id = id
        self.start = start
        self.end = end
        self.expireFlag = expireFlag
        self.type = type
        self.dischargeLocation = dischargeLocation
    }
}
