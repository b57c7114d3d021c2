/// Turns parsed tables into sorted `EventTable`s that share one patient numbering.
struct EventStoreBuilder {
    let config: DatasetConfig

    /// Sorted, distinct patient identifiers of the kept rows of `tables`.
    static func patientIDs(in tables: [(TableSchema, DataTable, RowIssues?)]) throws -> [Int64] {
        var seen = Set<Int64>()
        for (schema, table, issues) in tables {
            let column = try table.requireColumn(schema.patientIDColumn)
            var previous: Int64?
            for row in 0..<table.rowCount where issues?.keep[row] ?? true {
                guard let id = column.integer(at: row), id != previous else { continue }
                previous = id
                seen.insert(id)
            }
        }
        return seen.sorted()
    }

    /// Sorts one table by patient, time and tie-break columns, dropping the rows `issues` drops and rows
    /// without a known patient or a join match.
    ///
    /// The table is consumed and reordered one column at a time, so at most one column exists twice.
    /// `joinTimes` maps the join key to the joined timestamp for a schema with a `join`, and
    /// `patientTable` names the table whose identifiers `patientIndex` holds, for messages.
    static func build(
        schema: TableSchema, table: consuming DataTable, issues: RowIssues?, patientIndex: [Int64: Int], patientCount: Int,
        patientTable: String, joinTimes: [Int64: Int64?]?
    ) throws -> EventTable {
        var issues = issues ?? RowIssues(table)
        let plan = try sortPlan(
            schema: schema, table: table, issues: &issues, patientIndex: patientIndex, patientCount: patientCount,
            patientTable: patientTable, joinTimes: joinTimes)

        let name = table.name
        let source = table.source
        var columns = table.columns
        _ = consume table
        for position in columns.indices { columns[position] = columns[position].gathered(plan.order) }
        let data = DataTable(name: name, source: source, rowCount: plan.order.count, columns: columns)

        // A table timed by its own column shares that column's storage instead of copying it.
        let times: [Int64]
        if schema.join == nil, let timestampColumn = schema.timestampColumn {
            times = try data.requireColumn(timestampColumn).integers
        } else {
            times = plan.order.map { plan.times[$0] }
        }
        return EventTable(
            name: schema.name, data: data, times: times, patientOffsets: plan.offsets, droppedRows: issues.dropped,
            droppedRowExamples: issues.droppedExamples, flaggedRows: issues.flagged, flaggedRowExamples: issues.flaggedExamples)
    }

    private struct SortPlan {
        /// Source rows in store order.
        var order: [Int]
        var offsets: [Int]
        /// Event time per source row.
        var times: [Int64]
    }

    private static func sortPlan(
        schema: TableSchema, table: borrowing DataTable, issues: inout RowIssues, patientIndex: [Int64: Int], patientCount: Int,
        patientTable: String, joinTimes: [Int64: Int64?]?
    ) throws -> SortPlan {
        let rowCount = table.rowCount
        let patientColumn = try table.requireColumn(schema.patientIDColumn)

        var times = [Int64](repeating: EventTable.missingTime, count: rowCount)
        if let join = schema.join, let joinTimes {
            let keyColumn = try table.requireColumn(join.key)
            for row in 0..<rowCount where issues.keep[row] {
                let key = keyColumn.integer(at: row)
                if let key, let time = joinTimes[key] {
                    times[row] = time ?? EventTable.missingTime
                } else {
                    issues.drop(row, "no matching \(join.key) in \(join.table)", key: key.map { "\(join.key) \($0)" })
                }
            }
        } else if let timestampColumn = schema.timestampColumn {
            // Missing timestamps already hold EventTable.missingTime (see ColumnBuilder).
            times = try table.requireColumn(timestampColumn).integers
        }

        // Patient index per row; consecutive rows usually share a patient, so remember the last lookup.
        var patientOfRow = [Int](repeating: -1, count: rowCount)
        var previousID: Int64?
        var previousIndex = -1
        for row in 0..<rowCount where issues.keep[row] {
            guard let id = patientColumn.integer(at: row) else {
                issues.drop(row, "missing \(schema.patientIDColumn)")
                continue
            }
            if id != previousID {
                previousID = id
                previousIndex = patientIndex[id] ?? -1
            }
            guard previousIndex >= 0 else {
                issues.drop(row, "\(schema.patientIDColumn) not in \(patientTable)", key: "\(schema.patientIDColumn) \(id)")
                continue
            }
            patientOfRow[row] = previousIndex
        }
        let keep = issues.keep

        // Counting sort by patient keeps file order within each patient.
        var offsets = [Int](repeating: 0, count: patientCount + 1)
        for row in 0..<rowCount where keep[row] { offsets[patientOfRow[row] + 1] += 1 }
        for index in 0..<patientCount { offsets[index + 1] += offsets[index] }
        var order = [Int](repeating: 0, count: offsets[patientCount])
        var next = offsets
        for row in 0..<rowCount where keep[row] {
            order[next[patientOfRow[row]]] = row
            next[patientOfRow[row]] += 1
        }

        let tieBreaks = try schema.tieBreakColumns.map { try sortKeys(table.requireColumn($0)) }
        for patient in 0..<patientCount {
            sortSegment(&order, offsets[patient]..<offsets[patient + 1], times: times, tieBreaks: tieBreaks)
        }
        return SortPlan(order: order, offsets: offsets, times: times)
    }

    /// Maps each key of the kept rows of `table` to its timestamp (nil inside when the timestamp is missing);
    /// the first row wins.
    static func joinTimes(_ table: DataTable, keep: [Bool]?, key: String, value: String) throws -> [Int64: Int64?] {
        let keyColumn = try table.requireColumn(key)
        let valueColumn = try table.requireColumn(value)
        var result: [Int64: Int64?] = [:]
        for row in 0..<table.rowCount where keep?[row] ?? true {
            guard let id = keyColumn.integer(at: row), result[id] == nil else { continue }
            result[id] = .some(valueColumn.timestamp(at: row))
        }
        return result
    }

    /// Integer or timestamp values for ordering, with missing values last.
    private static func sortKeys(_ column: Column) -> [Int64] {
        (0..<column.count).map { row in column.isNull(row) ? Int64.max : column.integers[row] }
    }

    private static func sortSegment(_ order: inout [Int], _ range: Range<Int>, times: [Int64], tieBreaks: [[Int64]]) {
        guard range.count > 1 else { return }
        func precedes(_ a: Int, _ b: Int) -> Bool {
            if times[a] != times[b] { return times[a] < times[b] }
            for keys in tieBreaks where keys[a] != keys[b] { return keys[a] < keys[b] }
            return a < b
        }
        var isSorted = true
        for position in range.dropFirst() where precedes(order[position], order[position - 1]) {
            isSorted = false
            break
        }
        if !isSorted { order[range].sort(by: precedes) }
    }
}
