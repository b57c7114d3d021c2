import Foundation

/// One row of a delimited text file, with where it came from so that errors can name the file, line and field.
public struct DelimitedRow: Sendable {
    /// The file the row came from, as given to the reader.
    public let path: String
    /// The 1-based line on which the row starts.
    public let line: Int
    /// The fields with quotes removed and surrounding spaces trimmed.
    public let fields: [String]

    /// Returns field `index` (0-based), or throws an error naming the file, line and `name` when the row is too short.
    public func field(_ index: Int, name: String) throws -> String {
        guard index < fields.count else {
            throw MedCodeError.invalidField(
                path: path, line: line, column: index + 1, field: name, value: "",
                reason: "the row has \(fields.count) field\(fields.count == 1 ? "" : "s"), so column \(index + 1) is missing. Check that the file is complete")
        }
        return fields[index]
    }

    /// Builds the error for an invalid value in field `index` (0-based) named `name`.
    public func invalid(_ index: Int, name: String, reason: String) -> MedCodeError {
        .invalidField(path: path, line: line, column: index + 1, field: name,
                      value: index < fields.count ? fields[index] : "", reason: reason)
    }
}

/// Reads the comma- or tab-separated files that CMS, HCUP and the FDA publish.
///
/// With `quoting` on, a field that starts with a single or a double quote runs to the matching closing quote,
/// a doubled quote inside it stands for one quote, and separators and line breaks inside it are text. HCUP
/// quotes with single quotes and pads inside them (`'01000','1    '`), so every field is trimmed of spaces.
/// A quote later in a field is text ("Alzheimer's"). Lines end with LF or CRLF. Each field is decoded as
/// UTF-8, or as Latin-1 when it is not valid UTF-8, because the CMS files are Latin-1.
public enum DelimitedText {
    /// Reads `url` (plain or gzip) and calls `body` for every non-empty row, header included.
    /// - Throws: `MedCodeError.invalidTable` when the file cannot be read or a quote is never closed,
    ///   and whatever `body` throws.
    public static func forEachRow(
        in url: URL, separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true,
        _ body: (DelimitedRow) throws -> Void
    ) throws {
        let bytes = try readGzipFile(url)
        try forEachRow(in: bytes, path: url.path, separator: separator, quoting: quoting, body)
    }

    /// Reads rows from bytes already in memory; `path` names them in errors.
    public static func forEachRow(
        in bytes: [UInt8], path: String, separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true,
        _ body: (DelimitedRow) throws -> Void
    ) throws {
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let space = UInt8(ascii: " ")
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var index = 0
        // Whether the current field has a byte other than a space, so a quote there is text.
        var fieldHasText = false

        // A UTF-8 byte order mark is not part of the first field.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }

        func endField() {
            fields.append(decode(trimmed(field[...])))
            field.removeAll(keepingCapacity: true)
            fieldHasText = false
        }
        func endRow() throws {
            endField()
            let isEmpty = fields.count == 1 && fields[0].isEmpty
            if !isEmpty { try body(DelimitedRow(path: path, line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]

            // A quote opens a quoted field only as the field's first non-space byte.
            if quoting, !fieldHasText, byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                let quote = byte
                let startLine = line
                field.removeAll(keepingCapacity: true)
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == newline { line += 1 }
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw MedCodeError.invalidTable(
                        path: path, line: startLine,
                        reason: "a quoted field is never closed. Check that the file is complete and not cut short")
                }

                // Spaces between the closing quote and the next separator are HCUP's padding.
                while index < bytes.count, bytes[index] == space { index += 1 }
                fieldHasText = true
                continue
            }

            if byte == separator {
                endField()
            } else if byte == newline {
                try endRow()
                line += 1
                rowLine = line
            } else if byte == carriageReturn, index + 1 < bytes.count, bytes[index + 1] == newline {
                // The LF that follows ends the row.
            } else {
                field.append(byte)
                if byte != space { fieldHasText = true }
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty { try endRow() }
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }

    /// Decodes UTF-8, falling back to Latin-1, where each byte is the Unicode scalar with the same value.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var text = ""
        text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return text
    }
}
