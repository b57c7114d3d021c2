/// One hospital admission of a patient (a row of MIMIC's ADMISSIONS).
public struct Admission: Sendable, Equatable {
    /// MIMIC `hadm_id`.
    public var hadmID: Int64
    /// Admission time, seconds since 1970 (UTC); an admission without one is not listed.
    public var admissionTime: Int64
    public var dischargeTime: Int64?
    /// `hospital_expire_flag` exactly as written in the file ("0", "1", ...), nil when empty.
    public var hospitalExpireFlag: String?
    public var admissionType: String?
    public var dischargeLocation: String?
    /// Row of this admission in the visit table, for attribute access.
    public var row: Int
}

/// An event: one row of an event table.
public struct Event: Sendable {
    public let table: EventTable
    public let row: Int

    /// The event time in seconds since 1970 (UTC), or nil for a row without one.
    public var time: Int64? {
        let time = table.times[row]
        return time == EventTable.missingTime ? nil : time
    }

    /// Returns the value of `column` (matched case-insensitively), or nil when it is missing or the column is not loaded.
    public subscript(column: String) -> FieldValue? {
        table.data.column(column)?.value(at: row)
    }

    /// Returns the text of `column`, or nil when missing or not a text column; `integer`, `double` and `timestamp` work alike.
    public func text(_ column: String) -> String? {
        table.data.column(column)?.text(at: row)
    }

    public func integer(_ column: String) -> Int64? {
        table.data.column(column)?.integer(at: row)
    }

    public func double(_ column: String) -> Double? {
        table.data.column(column)?.double(at: row)
    }

    public func timestamp(_ column: String) -> Int64? {
        table.data.column(column)?.timestamp(at: row)
    }
}

/// Events of one table, in store order (time order within a patient).
public struct EventList: RandomAccessCollection, Sendable {
    public let table: EventTable?
    public let rows: [Int]

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> Event {
        Event(table: table!, row: rows[position])
    }

    static let empty = EventList(table: nil, rows: [])
}

/// A view of one patient's events; it copies nothing until asked.
public struct Patient: Sendable {
    /// MIMIC `subject_id`.
    ///
    /// NOTE: patient identifiers are integers, as in MIMIC-III and MIMIC-IV. eICU's text `uniquepid` would need
    /// a text key in `EventStoreBuilder`.
    public let id: Int64
    /// Position of the patient in the dataset, 0-based, in increasing `id` order.
    public let index: Int
    let store: EventStore

    /// Admissions ordered by admission time, ties broken by discharge time, then `hadm_id`.
    public var admissions: [Admission] {
        guard let table = store.tables[store.config.visits.table], let columns = store.visitColumns else { return [] }
        return table.rows(forPatient: index).compactMap { row in
            guard let start = columns.start.timestamp(at: row), let id = columns.id.integer(at: row) else { return nil }
            return Admission(
                hadmID: id, admissionTime: start, dischargeTime: columns.end.timestamp(at: row),
                hospitalExpireFlag: columns.expireFlag.text(at: row), admissionType: columns.type.text(at: row),
                dischargeLocation: columns.dischargeLocation.text(at: row), row: row)
        }
    }

    /// Events of `table` whose time lies in `start...end` (inclusive; nil for an open bound), by binary search.
    ///
    /// Without bounds it returns every event of the table, the ones without a time last. An unloaded table gives none.
    public func events(_ table: String, from start: Int64? = nil, to end: Int64? = nil) -> EventList {
        guard let events = store.tables[table.lowercased()] else { return .empty }
        return EventList(table: events, rows: Array(events.rows(forPatient: index, from: start, to: end)))
    }

    /// Events of `table` that belong to admission `visitID` (matched on the visit id column, `hadm_id` in MIMIC).
    public func events(_ table: String, visitID: Int64) -> EventList {
        guard let events = store.tables[table.lowercased()] else { return .empty }
        return EventList(table: events, rows: rows(in: events, visitID: visitID))
    }

    /// Rows of `table` for this patient whose visit id column equals `visitID`, in time order.
    func rows(in table: EventTable, visitID: Int64) -> [Int] {
        guard let column = table.data.column(store.config.visits.idColumn) else { return [] }
        return table.rows(forPatient: index).filter { column.integer(at: $0) == visitID }
    }

    /// Returns the value of a column of the patient table (`gender`, `dob`, ...), or nil when missing.
    public func attribute(_ column: String) -> FieldValue? {
        guard let table = store.tables[store.config.patientTable] else { return nil }
        let rows = table.rows(forPatient: index)
        guard let row = rows.first else { return nil }
        return table.data.column(column)?.value(at: row)
    }

    /// Date of birth in seconds since 1970, or nil when the patient table has none.
    public var dateOfBirth: Int64? {
        guard case .timestamp(let value) = attribute(store.config.birthDateColumn) else { return nil }
        return value
    }

    /// Number of events of each loaded table, keyed by table name.
    public var eventCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for (name, table) in store.tables { counts[name] = table.rows(forPatient: index).count }
        return counts
    }
}
