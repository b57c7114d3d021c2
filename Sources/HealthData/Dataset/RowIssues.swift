import Foundation

/// The rows of one parsed table that the store leaves out or warns about, counted by reason, with the
/// first row of each reason as an example ("ADMISSIONS.csv line 125, hadm_id 131048").
struct RowIssues {
    /// False for a row the store leaves out.
    var keep: [Bool]
    var dropped: [String: Int] = [:]
    var droppedExamples: [String: String] = [:]
    /// Rows that stay in the store but break a rule that tasks check, such as a discharge before admission.
    var flagged: [String: Int] = [:]
    var flaggedExamples: [String: String] = [:]
    private let fileName: String
    private let lines: LineMap

    init(_ table: borrowing DataTable) {
        keep = [Bool](repeating: true, count: table.rowCount)
        fileName = URL(fileURLWithPath: table.source).lastPathComponent
        lines = table.lines
    }

    /// Leaves `row` out for `reason`. The optional `key` ("hadm_id 131048") identifies the row in the example.
    mutating func drop(_ row: Int, _ reason: String, key: @autoclosure () -> String? = nil) {
        keep[row] = false
        dropped[reason, default: 0] += 1
        if droppedExamples[reason] == nil { droppedExamples[reason] = example(row, key: key()) }
    }

    /// Counts `row` under `reason` and keeps it.
    mutating func flag(_ row: Int, _ reason: String, key: @autoclosure () -> String? = nil) {
        flagged[reason, default: 0] += 1
        if flaggedExamples[reason] == nil { flaggedExamples[reason] = example(row, key: key()) }
    }

    private func example(_ row: Int, key: String?) -> String {
        var text = fileName
        if let line = lines.line(ofRow: row) { text += " line \(line)" } else { text += " row \(row + 1)" }
        if let key { text += ", \(key)" }
        return text
    }
}

extension EventStoreBuilder {
    /// Checks the patient table: a row without a patient identifier, or repeating one, is dropped, so the
    /// first row of each patient wins.
    static func checkPatients(_ table: borrowing DataTable, schema: TableSchema) throws -> RowIssues {
        var issues = RowIssues(table)
        let column = try table.requireColumn(schema.patientIDColumn)
        var seen = Set<Int64>()
        for row in 0..<table.rowCount {
            guard let id = column.integer(at: row) else {
                issues.drop(row, "missing \(schema.patientIDColumn)")
                continue
            }
            if !seen.insert(id).inserted {
                issues.drop(row, "duplicate \(schema.patientIDColumn)", key: "\(schema.patientIDColumn) \(id)")
            }
        }
        return issues
    }

    /// Checks the visit table before other tables join to it, so that rows pointing at a dropped visit
    /// follow the no-match rule of the join.
    ///
    /// A row is dropped, for the first reason that applies, when it has no patient identifier, a patient
    /// missing from `patientIndex`, no visit id, no start time, or the visit id of an earlier kept row.
    /// A kept row that ends before it starts is flagged.
    static func checkVisits(
        _ table: borrowing DataTable, schema: TableSchema, visits: VisitSchema, patientIndex: [Int64: Int],
        patientTable: String
    ) throws -> RowIssues {
        var issues = RowIssues(table)
        let patients = try table.requireColumn(schema.patientIDColumn)
        let ids = try table.requireColumn(visits.idColumn)
        let starts = try table.requireColumn(visits.startColumn)
        let ends = try table.requireColumn(visits.endColumn)
        var seen = Set<Int64>()
        for row in 0..<table.rowCount {
            guard let patient = patients.integer(at: row) else {
                issues.drop(row, "missing \(schema.patientIDColumn)")
                continue
            }
            guard patientIndex[patient] != nil else {
                issues.drop(row, "\(schema.patientIDColumn) not in \(patientTable)", key: "\(schema.patientIDColumn) \(patient)")
                continue
            }
            guard let id = ids.integer(at: row) else {
                issues.drop(row, "missing \(visits.idColumn)")
                continue
            }
            guard let start = starts.timestamp(at: row) else {
                issues.drop(row, "missing \(visits.startColumn)", key: "\(visits.idColumn) \(id)")
                continue
            }
            guard seen.insert(id).inserted else {
                issues.drop(row, "duplicate \(visits.idColumn)", key: "\(visits.idColumn) \(id)")
                continue
            }
            if let end = ends.timestamp(at: row), end < start {
                issues.flag(row, "\(visits.endColumn) before \(visits.startColumn)", key: "\(visits.idColumn) \(id)")
            }
        }
        return issues
    }
}
