/// Binary layout of the cached tables. Bumping `DatasetCache.formatVersion` invalidates every older cache.
enum CacheSerialization {
    static let tableMagic: UInt32 = 0x5348_5442  // "SHTB"
    static let storeMagic: UInt32 = 0x5348_5354  // "SHST"

    static func write(_ table: DataTable, to writer: BinaryFileWriter) throws {
        try writer.write(table.name)
        try writer.write(table.source)
        try writer.write(UInt64(table.rowCount))
        try writer.write(UInt32(table.columns.count))
        for column in table.columns {
            try writer.write(column.name)
            try writer.write(column.type.rawValue)
            try writer.write(array: column.integers)
            try writer.write(array: column.doubles)
            try writer.write(array: column.codes)
            try writer.write(UInt64(column.dictionary.count))
            for text in column.dictionary { try writer.write(text) }
            try writer.write(array: column.validity.words)
            try writer.write(UInt64(column.validity.count))
        }
    }

    static func readTable(_ reader: BinaryFileReader) throws -> DataTable {
        let name = try reader.readString()
        let source = try reader.readString()
        let rowCount = Int(try reader.read(UInt64.self))
        let columnCount = Int(try reader.read(UInt32.self))
        var columns: [Column] = []
        for _ in 0..<columnCount {
            let columnName = try reader.readString()
            let typeName = try reader.readString()
            guard let type = ColumnType(rawValue: typeName) else { throw invalid(reader, "unknown column type '\(typeName)'") }
            let integers = try reader.readArray(Int64.self)
            let doubles = try reader.readArray(Double.self)
            let codes = try reader.readArray(Int32.self)
            let dictionaryCount = Int(try reader.read(UInt64.self))
            var dictionary: [String] = []
            dictionary.reserveCapacity(min(dictionaryCount, 1 << 20))
            for _ in 0..<dictionaryCount { dictionary.append(try reader.readString()) }
            let words = try reader.readArray(UInt64.self)
            let validityCount = Int(try reader.read(UInt64.self))
            let column = Column(
                name: columnName, type: type, integers: integers, doubles: doubles, codes: codes, dictionary: dictionary,
                validity: ValidityMask(words: words, count: validityCount))
            guard column.count == rowCount, type == .text || validityCount == rowCount,
                  codes.allSatisfy({ $0 < Int32(dictionary.count) })
            else { throw invalid(reader, "column '\(columnName)' of '\(name)' has inconsistent lengths") }
            columns.append(column)
        }
        return DataTable(name: name, source: source, rowCount: rowCount, columns: columns)
    }

    /// Returns the column whose values are the event times, so they are stored once: the schema's own
    /// timestamp column, unless the times come from a join.
    private static func timeColumn(_ schema: TableSchema?) -> String? {
        guard let schema, schema.join == nil else { return nil }
        return schema.timestampColumn
    }

    static func write(_ table: EventTable, schema: TableSchema?, to writer: BinaryFileWriter) throws {
        try writer.write(tableMagic)
        try writer.write(table.name)
        if let column = timeColumn(schema) {
            try writer.write(UInt8(1))
            try writer.write(column)
        } else {
            try writer.write(UInt8(0))
            try writer.write(array: table.times)
        }
        try writer.write(array: table.patientOffsets.map { Int64($0) })
        try write(counts: table.droppedRows, examples: table.droppedRowExamples, to: writer)
        try write(counts: table.flaggedRows, examples: table.flaggedRowExamples, to: writer)
        try write(table.data, to: writer)
    }

    static func readEventTable(_ reader: BinaryFileReader, patientCount: Int, schema: TableSchema?) throws -> EventTable {
        guard try reader.read(UInt32.self) == tableMagic else { throw invalid(reader, "not a cached table") }
        let name = try reader.readString()
        var timeColumnName: String?
        var storedTimes: [Int64] = []
        if try reader.read(UInt8.self) == 1 {
            timeColumnName = try reader.readString()
        } else {
            storedTimes = try reader.readArray(Int64.self)
        }
        let offsets = try reader.readArray(Int64.self).map { Int($0) }
        let dropped = try readCounts(reader)
        let flagged = try readCounts(reader)
        let data = try readTable(reader)
        var times = storedTimes
        if let timeColumnName {
            guard timeColumnName == timeColumn(schema), let column = data.column(timeColumnName), column.type == .timestamp else {
                throw invalid(reader, "table '\(name)' takes its times from an unexpected column '\(timeColumnName)'")
            }
            times = column.integers
        }
        guard times.count == data.rowCount, offsets.count == patientCount + 1, offsets.first == 0,
              offsets.last == data.rowCount, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw invalid(reader, "table '\(name)' has inconsistent offsets") }
        return EventTable(
            name: name, data: data, times: times, patientOffsets: offsets, droppedRows: dropped.counts,
            droppedRowExamples: dropped.examples, flaggedRows: flagged.counts, flaggedRowExamples: flagged.examples)
    }

    /// Writes row counts by reason, each followed by its example text (empty when there is none).
    private static func write(counts: [String: Int], examples: [String: String], to writer: BinaryFileWriter) throws {
        try writer.write(UInt32(counts.count))
        for (reason, count) in counts.sorted(by: { $0.key < $1.key }) {
            try writer.write(reason)
            try writer.write(Int64(count))
            try writer.write(examples[reason] ?? "")
        }
    }

    private static func readCounts(_ reader: BinaryFileReader) throws -> (counts: [String: Int], examples: [String: String]) {
        var counts: [String: Int] = [:]
        var examples: [String: String] = [:]
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            let reason = try reader.readString()
            counts[reason] = Int(try reader.read(Int64.self))
            let example = try reader.readString()
            if !example.isEmpty { examples[reason] = example }
        }
        return (counts, examples)
    }

    private static func invalid(_ reader: BinaryFileReader, _ message: String) -> HealthDataError {
        HealthDataError(.invalidFormat, file: reader.path, message: message, hint: "Delete the cache folder; the next load rebuilds it.")
    }
}
