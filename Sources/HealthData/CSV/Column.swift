/// The type a CSV column is parsed into and stored as.
public enum ColumnType: String, Sendable, Codable, Equatable, CaseIterable {
    /// Signed 64-bit integers.
    case integer
    case double
    /// Interned strings: a dictionary of distinct values plus one Int32 code per row.
    case text
    /// Integer seconds since 1970-01-01 00:00:00 UTC, from `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`.
    case timestamp
}

/// A single typed value, for attribute access by column name.
public enum FieldValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    case integer(Int64)
    case double(Double)
    case text(String)
    /// Seconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)

    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .double(let value): return String(value)
        case .text(let value): return value
        case .timestamp(let value): return CivilTime.format(value)
        }
    }
}

/// One bit per row: set when the row has a value, clear when the CSV field was empty.
public struct ValidityMask: Sendable, Equatable {
    /// The bits, 64 rows per word, row `r` at bit `r % 64` of word `r / 64`.
    public private(set) var words: [UInt64]
    /// Number of rows.
    public private(set) var count: Int

    public init() {
        words = []
        count = 0
    }

    init(words: [UInt64], count: Int) {
        self.words = words
        self.count = count
    }

    /// Returns true when `row` has a value.
    public subscript(row: Int) -> Bool {
        words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    mutating func append(_ isValid: Bool) {
        if count & 63 == 0 { words.append(0) }
        if isValid { words[count >> 6] |= 1 << UInt64(count & 63) }
        count += 1
    }

    mutating func reserveCapacity(_ rows: Int) {
        words.reserveCapacity((rows + 63) / 64)
    }

    func gathered(_ rows: [Int]) -> ValidityMask {
        var result = ValidityMask()
        result.reserveCapacity(rows.count)
        for row in rows { result.append(self[row]) }
        return result
    }
}

/// A typed column of a table. Missing values are nil, never `""`, `NaN` or 0.
///
/// Integer and timestamp values live in `integers`, doubles in `doubles` and text codes in `codes`.
/// A text code indexes `dictionary`, and -1 marks a missing value. The arrays of other types stay empty.
/// A missing integer or double is stored as 0 and a missing timestamp as `Int64.max`, so a timestamp
/// column sorts its missing values last. Only `validity` distinguishes a stored placeholder from a value.
public struct Column: Sendable, Equatable {
    public let name: String
    public let type: ColumnType
    public internal(set) var integers: [Int64]
    public internal(set) var doubles: [Double]
    public internal(set) var codes: [Int32]
    /// Distinct text values in first-seen order; `codes` index into it.
    public internal(set) var dictionary: [String]
    /// The rows of an integer, double or timestamp column that have a value (empty for text).
    public internal(set) var validity: ValidityMask

    init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
        integers = []
        doubles = []
        codes = []
        dictionary = []
        validity = ValidityMask()
    }

    init(
        name: String, type: ColumnType, integers: [Int64], doubles: [Double], codes: [Int32], dictionary: [String],
        validity: ValidityMask
    ) {
        self.name = name
        self.type = type
        self.integers = integers
        self.doubles = doubles
        self.codes = codes
        self.dictionary = dictionary
        self.validity = validity
    }

    /// Number of rows.
    public var count: Int {
        switch type {
        case .integer, .timestamp: return integers.count
        case .double: return doubles.count
        case .text: return codes.count
        }
    }

    /// Returns true when the field at `row` was empty in the file.
    public func isNull(_ row: Int) -> Bool {
        type == .text ? codes[row] < 0 : !validity[row]
    }

    /// Returns the integer at `row`, or nil when it is missing or the column is not an integer column.
    public func integer(at row: Int) -> Int64? {
        type == .integer && validity[row] ? integers[row] : nil
    }

    /// Returns the double at `row`, or nil when it is missing or the column is not a double column.
    public func double(at row: Int) -> Double? {
        type == .double && validity[row] ? doubles[row] : nil
    }

    /// Returns seconds since 1970 at `row`, or nil when missing or the column is not a timestamp column.
    public func timestamp(at row: Int) -> Int64? {
        type == .timestamp && validity[row] ? integers[row] : nil
    }

    /// Returns the text at `row`, or nil when it is missing or the column is not a text column.
    public func text(at row: Int) -> String? {
        guard type == .text else { return nil }
        let code = codes[row]
        return code < 0 ? nil : dictionary[Int(code)]
    }

    /// Returns the value at `row` in the column's type, or nil when it is missing.
    public func value(at row: Int) -> FieldValue? {
        switch type {
        case .integer: return integer(at: row).map(FieldValue.integer)
        case .double: return double(at: row).map(FieldValue.double)
        case .timestamp: return timestamp(at: row).map(FieldValue.timestamp)
        case .text: return text(at: row).map(FieldValue.text)
        }
    }

    /// Returns the column with its rows reordered (or filtered) to `rows`. Text keeps its dictionary.
    func gathered(_ rows: [Int]) -> Column {
        var result = Column(name: name, type: type)
        result.dictionary = dictionary
        switch type {
        case .integer, .timestamp:
            result.integers = rows.map { integers[$0] }
            result.validity = validity.gathered(rows)
        case .double:
            result.doubles = rows.map { doubles[$0] }
            result.validity = validity.gathered(rows)
        case .text:
            result.codes = rows.map { codes[$0] }
        }
        return result
    }
}

/// A parsed CSV file: its requested columns, in request order.
public struct DataTable: Sendable, Equatable {
    public let name: String
    /// Path of the file it was read from, for messages.
    public let source: String
    /// Number of data rows (the header excluded).
    public let rowCount: Int
    public let columns: [Column]
    private let indexByName: [String: Int]
    /// File line of each row; empty for a table that was reordered or read from the cache.
    let lines: LineMap

    public init(name: String, source: String, rowCount: Int, columns: [Column]) {
        self.init(name: name, source: source, rowCount: rowCount, columns: columns, lines: LineMap())
    }

    init(name: String, source: String, rowCount: Int, columns: [Column], lines: LineMap) {
        self.name = name
        self.source = source
        self.rowCount = rowCount
        self.columns = columns
        self.lines = lines
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() { index[column.name.lowercased()] = position }
        indexByName = index
    }

    /// Returns the column called `name`, compared case-insensitively.
    public func column(_ name: String) -> Column? {
        indexByName[name.lowercased()].map { columns[$0] }
    }

    /// Returns the column called `name`, or throws an error that lists the columns this table has.
    public func requireColumn(_ name: String) throws -> Column {
        guard let column = column(name) else {
            throw HealthDataError(
                .missingColumn, file: source, column: name,
                message: "table '\(self.name)' has no column '\(name)'",
                hint: "Available columns: \(columns.map(\.name).joined(separator: ", ")).")
        }
        return column
    }

    /// Returns the 1-based file line where data row `row` starts, or nil when the table has no line record.
    func line(ofRow row: Int) -> Int? {
        lines.line(ofRow: row)
    }

    /// Returns the table with its rows reordered (or filtered) to `rows`.
    func gathered(_ rows: [Int]) -> DataTable {
        DataTable(name: name, source: source, rowCount: rows.count, columns: columns.map { $0.gathered(rows) })
    }
}

/// The file line of each data row, stored as anchors: the rows after an anchor sit on consecutive lines
/// until the next anchor, so a file without blank lines or multi-line fields needs one anchor.
struct LineMap: Sendable, Equatable {
    private var rows: [Int] = []
    private var lines: [Int] = []

    /// Records that data row `row` starts on line `line`; rows must be recorded in increasing order.
    mutating func record(row: Int, line: Int) {
        if let lastRow = rows.last, let lastLine = lines.last, line - lastLine == row - lastRow { return }
        rows.append(row)
        lines.append(line)
    }

    func line(ofRow row: Int) -> Int? {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle] <= row { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        return lines[low - 1] + (row - rows[low - 1])
    }
}
