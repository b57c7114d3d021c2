/// One table of the event store: its rows sorted by patient, then time, with per-patient offsets.
///
/// Rows without a time (for example PATIENTS) sort after the timed rows of their patient, and their
/// `times` entry is `EventTable.missingTime`.
public final class EventTable: Sendable {
    /// The `times` value of a row that has no time; larger than every real time, so it sorts last.
    public static let missingTime = Int64.max

    public let name: String
    /// The rows, in store order.
    public let data: DataTable
    /// Event time of each row in seconds since 1970 (UTC), or `missingTime`.
    public let times: [Int64]
    /// Row range of patient `p` is `patientOffsets[p]..<patientOffsets[p + 1]`.
    public let patientOffsets: [Int]
    /// Rows of the source file that were left out (for example no patient identifier, or no match in a join), by reason.
    public let droppedRows: [String: Int]
    /// The first dropped row of each reason in `droppedRows`, as file, line and key ("ADMISSIONS.csv line 125, hadm_id 131048").
    public let droppedRowExamples: [String: String]
    /// Rows kept in the store that tasks leave out (for example a discharge before admission), by reason.
    public let flaggedRows: [String: Int]
    /// The first row of each reason in `flaggedRows`, in the form of `droppedRowExamples`.
    public let flaggedRowExamples: [String: String]

    init(
        name: String, data: DataTable, times: [Int64], patientOffsets: [Int], droppedRows: [String: Int],
        droppedRowExamples: [String: String] = [:], flaggedRows: [String: Int] = [:], flaggedRowExamples: [String: String] = [:]
    ) {
        precondition(times.count == data.rowCount && patientOffsets.last == data.rowCount, "inconsistent event table \(name)")
        self.name = name
        self.data = data
        self.times = times
        self.patientOffsets = patientOffsets
        self.droppedRows = droppedRows
        self.droppedRowExamples = droppedRowExamples
        self.flaggedRows = flaggedRows
        self.flaggedRowExamples = flaggedRowExamples
    }

    /// Number of events kept.
    public var rowCount: Int { data.rowCount }

    /// Returns the rows of the patient at `index`, in time order.
    public func rows(forPatient index: Int) -> Range<Int> {
        patientOffsets[index]..<patientOffsets[index + 1]
    }

    /// Rows of a patient whose time lies in `start...end` (both inclusive, nil for open), found by binary search.
    ///
    /// With both bounds nil every row of the patient is returned, the rows without a time included.
    public func rows(forPatient index: Int, from start: Int64?, to end: Int64?) -> Range<Int> {
        let all = rows(forPatient: index)
        if start == nil && end == nil { return all }
        let lower = firstRow(in: all) { $0 >= (start ?? Int64.min) }
        // Clamping keeps a bound of Int64.max from taking in the rows that have no time.
        let upperBound = min(end ?? (Self.missingTime - 1), Self.missingTime - 1)
        let upper = firstRow(in: lower..<all.upperBound) { $0 > upperBound }
        return lower..<upper
    }

    /// The first row in `range` whose time satisfies `predicate`, which must be monotonic over the range.
    private func firstRow(in range: Range<Int>, where predicate: (Int64) -> Bool) -> Int {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if predicate(times[middle]) {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }

    /// Number of patients with at least one row.
    public var patientsWithRows: Int {
        var count = 0
        for index in 0..<(patientOffsets.count - 1) where patientOffsets[index + 1] > patientOffsets[index] { count += 1 }
        return count
    }
}
