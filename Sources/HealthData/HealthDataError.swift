/// The error every HealthData API throws.
///
/// Data errors carry the file, line, column (name and 1-based number) and the offending value where they
/// are known, and `hint` gives the caller's next step. `description` joins them into one message, and leaves
/// the value out when the message already quotes it.
public struct HealthDataError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// A quoted field is still open at the end of the file.
        case unbalancedQuote
        /// A closing quote is followed by something other than a delimiter or a line end.
        case unexpectedCharacterAfterQuote
        /// A row has more or fewer fields than the header.
        case wrongFieldCount
        case invalidInteger
        case invalidDouble
        case invalidTimestamp
        /// A requested column is not in the file's header.
        case missingColumn
        /// The header names a column twice (compared case-insensitively).
        case duplicateColumn
        /// No file for a table was found under the dataset root.
        case missingTable
        /// A file could not be opened, read, decompressed or written.
        case ioFailure
        /// A file has no header row.
        case emptyFile
        /// A caller passed an argument outside its documented range.
        case invalidArgument
        /// A saved vocabulary or cache file does not have the expected structure.
        case invalidFormat
    }

    public var kind: Kind
    public var file: String?
    /// 1-based physical line where the row starts (a quoted field may span several lines).
    public var line: Int?
    public var column: String?
    /// 1-based position of `column` in the header.
    public var columnNumber: Int?
    public var value: String?
    /// The failure, in one sentence.
    public var message: String
    /// The suggested fix.
    public var hint: String

    public init(
        _ kind: Kind, file: String? = nil, line: Int? = nil, column: String? = nil, columnNumber: Int? = nil,
        value: String? = nil, message: String, hint: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.value = value
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var location: [String] = []
        if let file { location.append(file) }
        if let line { location.append("line \(line)") }
        if let column {
            if let columnNumber {
                location.append("column '\(column)' (\(columnNumber))")
            } else {
                location.append("column '\(column)'")
            }
        }
        var text = location.isEmpty ? "" : location.joined(separator: ", ") + ": "
        text += message
        if let value, !message.contains("'\(value)'"), !message.contains("\"\(value)\"") { text += " (value: \"\(value)\")" }
        text += ". " + hint
        return text
    }
}
