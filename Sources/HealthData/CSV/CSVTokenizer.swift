/// The position of one field in the current chunk.
struct FieldSpan {
    var start: Int
    var length: Int
    /// The field was quoted and contains doubled quotes (`""`) that must be collapsed to one.
    var hasEscapedQuote: Bool
}

/// Receives complete rows from `CSVTokenizer`.
protocol CSVRowSink {
    /// `fields` point into `chunk`; they are valid only during the call. `line` is the 1-based line where the row starts.
    mutating func consume(chunk: UnsafeRawBufferPointer, fields: UnsafeBufferPointer<FieldSpan>, line: Int) throws
}

/// A byte-level CSV state machine (RFC 4180 plus CRLF and lenient bare quotes inside unquoted fields).
///
/// It hands rows to the sink only once they are complete and returns how many bytes it consumed, so a
/// chunked reader can move the unconsumed tail (a partial last row) to the front of its buffer and
/// continue. Blank lines are skipped.
struct CSVTokenizer {
    let delimiter: UInt8
    let fileName: String
    /// The line on which the next unconsumed row starts.
    private(set) var line = 1
    private var fields: [FieldSpan] = []

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    init(delimiter: UInt8 = UInt8(ascii: ","), fileName: String) {
        self.delimiter = delimiter
        self.fileName = fileName
        fields.reserveCapacity(64)
    }

    /// Tokenizes every complete row of `chunk` and returns the number of bytes consumed.
    ///
    /// With `isFinal` the chunk is the rest of the file: a last row without a line end is emitted, and a
    /// quote still open at the end throws `unbalancedQuote`.
    mutating func tokenize<Sink: CSVRowSink>(_ chunk: UnsafeRawBufferPointer, isFinal: Bool, into sink: inout Sink) throws -> Int {
        let count = chunk.count
        guard count > 0, let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }

        var position = 0
        var rowStart = 0
        var rowLine = line
        var newlinesInRow = 0
        fields.removeAll(keepingCapacity: true)

        // Ends the current row at `position` (just past its line end, or at the end of the data).
        func emitRow() throws {
            let isBlankLine = fields.count == 1 && fields[0].length == 0 && base[rowStart] != Self.quote
            if !isBlankLine {
                try fields.withUnsafeBufferPointer { try sink.consume(chunk: chunk, fields: $0, line: rowLine) }
            }
            rowLine += newlinesInRow + 1
            newlinesInRow = 0
            line = rowLine
            rowStart = position
            fields.removeAll(keepingCapacity: true)
        }

        while true {
            if position >= count {
                // A row that ended with a delimiter right at the end of the file still has a last, empty field.
                if isFinal, !fields.isEmpty {
                    fields.append(FieldSpan(start: position, length: 0, hasEscapedQuote: false))
                    try emitRow()
                }
                return isFinal ? count : rowStart
            }

            if base[position] == Self.quote {
                var cursor = position + 1
                var hasEscapedQuote = false
                var newlines = 0
                while true {
                    if cursor >= count {
                        if isFinal { throw unbalancedQuote(line: rowLine + newlinesInRow) }
                        return rowStart
                    }
                    let byte = base[cursor]
                    if byte == Self.quote {
                        if cursor + 1 < count {
                            if base[cursor + 1] == Self.quote {
                                hasEscapedQuote = true
                                cursor += 2
                                continue
                            }
                            break
                        }
                        // The next byte decides between a closing and a doubled quote.
                        if !isFinal { return rowStart }
                        break
                    }
                    if byte == Self.newline { newlines += 1 }
                    cursor += 1
                }
                fields.append(FieldSpan(start: position + 1, length: cursor - position - 1, hasEscapedQuote: hasEscapedQuote))
                newlinesInRow += newlines
                cursor += 1

                if cursor >= count {
                    if !isFinal { return rowStart }
                    position = cursor
                    try emitRow()
                    return count
                }
                let next = base[cursor]
                if next == delimiter {
                    position = cursor + 1
                } else if next == Self.newline {
                    position = cursor + 1
                    try emitRow()
                } else if next == Self.carriageReturn, cursor + 1 < count, base[cursor + 1] == Self.newline {
                    position = cursor + 2
                    try emitRow()
                } else if next == Self.carriageReturn, cursor + 1 >= count {
                    // A carriage return at the end of the data: wait for its line feed, or end the file.
                    if !isFinal { return rowStart }
                    position = count
                    try emitRow()
                    return count
                } else {
                    throw HealthDataError(
                        .unexpectedCharacterAfterQuote, file: fileName, line: rowLine + newlinesInRow,
                        columnNumber: fields.count, value: String(decoding: CollectionOfOne(next), as: UTF8.self),
                        message: "a closing quote in field \(fields.count) is followed by a character other than a delimiter or a line end",
                        hint: "Double every quote inside a quoted field (\"\") or remove the stray quote.")
                }
                continue
            }

            var cursor = position
            while cursor < count {
                let byte = base[cursor]
                if byte == delimiter || byte == Self.newline { break }
                cursor += 1
            }
            if cursor >= count {
                if !isFinal { return rowStart }
                var end = cursor
                if end > position, base[end - 1] == Self.carriageReturn { end -= 1 }
                fields.append(FieldSpan(start: position, length: end - position, hasEscapedQuote: false))
                position = cursor
                try emitRow()
                return count
            }
            var end = cursor
            let isLineEnd = base[cursor] == Self.newline
            if isLineEnd, end > position, base[end - 1] == Self.carriageReturn { end -= 1 }
            fields.append(FieldSpan(start: position, length: end - position, hasEscapedQuote: false))
            position = cursor + 1
            if isLineEnd { try emitRow() }
        }
    }

    private func unbalancedQuote(line: Int) -> HealthDataError {
        HealthDataError(
            .unbalancedQuote, file: fileName, line: line, columnNumber: fields.count + 1,
            message: "a quoted field starting on this line is never closed before the end of the file",
            hint: "Close the quote, or double the quote characters inside the field (\"\"); the file may also be truncated.")
    }
}
