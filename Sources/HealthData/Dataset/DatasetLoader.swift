import Dispatch
import Foundation
import Synchronization

/// Reads a dataset's CSV files and builds its event store.
struct DatasetLoader {
    let root: URL
    let config: DatasetConfig
    let schemas: [TableSchema]
    let progress: (@Sendable (LoadProgress) -> Void)?

    /// Locates the files of the requested tables, and of the description tables that exist.
    ///
    /// `ignored` pairs each file used with a second file for the same table that `TableFile` passed over.
    func sourceFiles() throws -> (tables: [URL], descriptions: [CodeKind: URL], ignored: [(used: URL, ignored: URL)]) {
        var tables: [URL] = []
        var ignored: [(used: URL, ignored: URL)] = []
        for schema in schemas {
            let found = try TableFile.find(schema.fileName, in: root)
            tables.append(found.file)
            if let other = found.ignored { ignored.append((found.file, other)) }
        }
        var descriptions: [CodeKind: URL] = [:]
        for schema in config.descriptions {
            guard let found = try? TableFile.find(schema.fileName, in: root) else { continue }
            descriptions[schema.kind] = found.file
            if let other = found.ignored { ignored.append((found.file, other)) }
        }
        return (tables, descriptions, ignored)
    }

    /// Warnings for tables that have both a `.csv.gz` and a `.csv` file.
    static func diagnostics(ignoring ignored: [(used: URL, ignored: URL)]) -> [LoadDiagnostic] {
        ignored.map { pair in
            LoadDiagnostic(
                .warning,
                "both \(pair.used.lastPathComponent) and \(pair.ignored.lastPathComponent) exist, so \(pair.used.lastPathComponent) "
                    + "is read and \(pair.ignored.lastPathComponent) is ignored. Remove or rename the file that should not be read")
        }
    }

    /// Parses every table (two at a time, largest first) and sorts them into an event store.
    func load() throws -> EventStore {
        let files = try sourceFiles()
        let sizes = files.tables.map { fileSize($0) }
        let totalSize = max(1, sizes.reduce(0, +))
        let progressDone = Atomic<Int>(0)

        let results = Mutex<[Int: Result<DataTable, Error>]>([:])
        let order = sizes.indices.sorted { sizes[$0] > sizes[$1] }
        DispatchQueue.concurrentPerform(iterations: order.count) { slot in
            let position = order[slot]
            let schema = schemas[position]
            var lastReported = 0
            let result = Result {
                try CSVReader.read(files.tables[position], name: schema.name, columns: schema.requests) { fraction in
                    guard let progress else { return }
                    let bytes = Int(fraction * Double(sizes[position]))
                    let done = progressDone.add(bytes - lastReported, ordering: .relaxed).newValue
                    lastReported = bytes
                    progress(LoadProgress(table: schema.name, fraction: fraction, overallFraction: min(1, Double(done) / Double(totalSize))))
                }
            }
            results.withLock { $0[position] = result }
        }

        // Take the tables out of the mutex so that building the store holds the only reference to each.
        var parsed = results.withLock { tables in
            let parsedTables = tables
            tables = [:]
            return parsedTables
        }
        var tables: [(TableSchema, DataTable)] = []
        for (position, schema) in schemas.enumerated() {
            tables.append((schema, try parsed.removeValue(forKey: position)!.get()))
        }

        var descriptionTables: [CodeKind: DataTable] = [:]
        for schema in config.descriptions {
            guard let url = files.descriptions[schema.kind] else { continue }
            descriptionTables[schema.kind] = try CSVReader.read(url, name: schema.fileName.lowercased(), columns: schema.columns)
        }

        return try buildStore(consume tables, descriptionTables: descriptionTables)
    }

    /// Sorts the parsed tables into an event store, releasing each parsed table once it is sorted.
    ///
    /// When the patient table is loaded, its kept rows define the patients, and rows of other tables
    /// with an unknown patient are dropped. Without it, every table's patients count.
    func buildStore(_ tables: consuming [(TableSchema, DataTable)], descriptionTables: [CodeKind: DataTable]) throws -> EventStore {
        var remaining: [(TableSchema, DataTable, RowIssues?)] = (consume tables).map { ($0.0, $0.1, nil) }
        let patientPosition = remaining.firstIndex { $0.0.name == config.patientTable }
        if let patientPosition {
            remaining[patientPosition].2 = try EventStoreBuilder.checkPatients(remaining[patientPosition].1, schema: remaining[patientPosition].0)
        }
        let patientIDs = try EventStoreBuilder.patientIDs(in: patientPosition.map { [remaining[$0]] } ?? remaining)
        var patientIndex: [Int64: Int] = [:]
        patientIndex.reserveCapacity(patientIDs.count)
        for (position, id) in patientIDs.enumerated() { patientIndex[id] = position }

        if let visitPosition = remaining.firstIndex(where: { $0.0.name == config.visits.table }) {
            remaining[visitPosition].2 = try EventStoreBuilder.checkVisits(
                remaining[visitPosition].1, schema: remaining[visitPosition].0, visits: config.visits,
                patientIndex: patientIndex, patientTable: config.patientTable)
        }

        var joinTimes: [String: [Int64: Int64?]] = [:]
        for (schema, _, _) in remaining {
            guard let join = schema.join, joinTimes[join.table] == nil,
                  let target = remaining.first(where: { $0.0.name == join.table })
            else { continue }
            joinTimes[join.table] = try EventStoreBuilder.joinTimes(
                target.1, keep: target.2?.keep, key: join.key, value: join.timestampColumn)
        }

        var eventTables: [EventTable] = []
        for position in remaining.indices {
            let schema = remaining[position].0
            let table = remaining[position].1
            let issues = remaining[position].2
            remaining[position].1 = DataTable(name: schema.name, source: "", rowCount: 0, columns: [])
            remaining[position].2 = nil
            let events = try EventStoreBuilder.build(
                schema: schema, table: consume table, issues: issues, patientIndex: patientIndex, patientCount: patientIDs.count,
                patientTable: config.patientTable, joinTimes: schema.join.flatMap { joinTimes[$0.table] })
            eventTables.append(events)
        }
        return EventStore(config: config, patientIDs: patientIDs, tables: eventTables, descriptionTables: descriptionTables)
    }

    /// Warnings and notes about a store, whether it was just built or read from the cache.
    static func diagnostics(for store: EventStore) -> [LoadDiagnostic] {
        var result: [LoadDiagnostic] = []
        for name in store.tableNames {
            guard let table = store.tables[name] else { continue }
            for (reason, count) in table.droppedRows.sorted(by: { $0.key < $1.key }) {
                let example = table.droppedRowExamples[reason].map { ", first at \($0)" } ?? ""
                result.append(LoadDiagnostic(.warning, "\(name): dropped \(count) rows (\(reason))\(example)"))
            }
            for (reason, count) in table.flaggedRows.sorted(by: { $0.key < $1.key }) {
                let example = table.flaggedRowExamples[reason].map { ", first at \($0)" } ?? ""
                result.append(LoadDiagnostic(.warning, "\(name): \(count) rows have \(reason)\(example). Tasks leave these visits out"))
            }
        }
        for schema in store.config.descriptions where store.descriptions.tables[schema.kind] == nil {
            result.append(LoadDiagnostic(.info, "\(schema.fileName) not found, so \(schema.kind.rawValue) names are unavailable"))
        }
        return result
    }

    private func fileSize(_ url: URL) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }
}
