import CZlib
import Foundation

/// A column to read from a CSV file: its header name (matched case-insensitively) and how to parse it.
public struct CSVColumnRequest: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var type: ColumnType

    public init(_ name: String, _ type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// Reads `.csv` and `.csv.gz` files into typed, column-oriented `DataTable`s.
///
/// Both kinds go through zlib's `gzread` in 4 MiB chunks (zlib passes uncompressed files through
/// unchanged), and only the requested columns are converted. Rules:
/// - a field is quoted with `"`, a quote inside it is doubled, and it may contain delimiters and line ends;
/// - lines end in LF or CRLF, and blank lines are skipped;
/// - text that is not valid UTF-8 is decoded as Latin-1;
/// - an empty field is a missing value (nil), whatever the column type;
/// - every row must have as many fields as the header.
public enum CSVReader {
    static let chunkSize = 4 << 20

    /// Reads the header row and returns the column names, lower-cased.
    public static func header(of url: URL, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [String] {
        var sink = HeaderSink()
        try scan(url, delimiter: delimiter, sink: &sink, stopAfterHeader: true, progress: nil)
        return sink.names
    }

    /// Reads the requested columns of a file, in request order; `nil` reads every column as text.
    ///
    /// - Parameters:
    ///   - name: the table name used in the result and in messages; defaults to the file name.
    ///   - progress: called after each chunk with the fraction of the file read so far (0...1).
    /// - Throws: `HealthDataError` for an unreadable file, a missing column, a malformed row or a value
    ///   that does not parse as its column type. The error names the file, line, column and value.
    public static func read(
        _ url: URL, name: String? = nil, columns: [CSVColumnRequest]?, delimiter: UInt8 = UInt8(ascii: ","),
        progress: ((Double) -> Void)? = nil
    ) throws -> DataTable {
        var sink = TableSink(fileName: url.lastPathComponent, requests: columns)
        try scan(url, delimiter: delimiter, sink: &sink, stopAfterHeader: false, progress: progress)
        guard sink.headerSeen else {
            throw HealthDataError(
                .emptyFile, file: url.path, message: "the file is empty, so it has no header row",
                hint: "Check that the file was copied completely; a CSV file starts with a header row naming its columns.")
        }
        let tableName = name ?? url.lastPathComponent.split(separator: ".").first.map(String.init) ?? url.lastPathComponent
        return DataTable(
            name: tableName, source: url.path, rowCount: sink.rowCount, columns: sink.builders.map { $0.finish() }, lines: sink.lines)
    }

    private static func scan<Sink: CSVRowSink & HeaderAware>(
        _ url: URL, delimiter: UInt8, sink: inout Sink, stopAfterHeader: Bool, progress: ((Double) -> Void)?
    ) throws {
        let path = url.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw HealthDataError(
                .ioFailure, file: path, message: "the path is a folder, not a CSV file",
                hint: "Replace the folder with the table's .csv or .csv.gz file.")
        }
        guard let file = gzopen(path, "rb") else {
            throw HealthDataError(
                .ioFailure, file: path, message: "cannot open the file (\(String(cString: strerror(errno))))",
                hint: "Check that the path exists and is readable.")
        }
        defer { gzclose(file) }
        gzbuffer(file, 256 << 10)
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

        var tokenizer = CSVTokenizer(delimiter: delimiter, fileName: url.lastPathComponent)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0

        while true {
            if filled == buffer.count {
                // One row is longer than the buffer: grow it, keeping the partial row.
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
            }
            let space = buffer.count - filled
            let read = gzread(file, buffer.baseAddress! + filled, UInt32(space))
            if read < 0 { throw zlibError(file, path: path) }
            filled += Int(read)
            let isFinal = read == 0
            if isFinal {
                var errorNumber: Int32 = 0
                _ = gzerror(file, &errorNumber)
                if errorNumber != Z_OK && errorNumber != Z_STREAM_END { throw zlibError(file, path: path) }
            }

            let consumed = try tokenizer.tokenize(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), isFinal: isFinal, into: &sink)
            if consumed > 0, consumed < filled {
                (buffer.baseAddress! + 0).copyMemory(from: buffer.baseAddress! + consumed, byteCount: filled - consumed)
            }
            filled -= consumed
            if let progress, fileSize > 0 {
                progress(min(1, Double(gzoffset(file)) / Double(fileSize)))
            }
            if isFinal || (stopAfterHeader && sink.headerSeen) { return }
        }
    }

    private static func zlibError(_ file: gzFile, path: String) -> HealthDataError {
        var errorNumber: Int32 = 0
        let message = gzerror(file, &errorNumber).map { String(cString: $0) } ?? "unknown error"
        return HealthDataError(
            .ioFailure, file: path, message: "reading failed: \(message)",
            hint: "The file may be truncated or not a valid gzip file; copy it again or decompress it to check.")
    }
}

protocol HeaderAware {
    var headerSeen: Bool { get }
}

/// Collects only the header row.
private struct HeaderSink: CSVRowSink, HeaderAware {
    var names: [String] = []
    var headerSeen = false

    mutating func consume(chunk: UnsafeRawBufferPointer, fields: UnsafeBufferPointer<FieldSpan>, line: Int) throws {
        guard !headerSeen else { return }
        names = headerNames(chunk: chunk, fields: fields)
        headerSeen = true
    }
}

/// Lower-cased header names, with a UTF-8 byte order mark removed from the first.
private func headerNames(chunk: UnsafeRawBufferPointer, fields: UnsafeBufferPointer<FieldSpan>) -> [String] {
    fields.enumerated().map { index, field in
        var bytes = Array(UnsafeRawBufferPointer(rebasing: chunk[field.start..<(field.start + field.length)]))
        if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if field.hasEscapedQuote { bytes = collapseDoubledQuotes(bytes) }
        return bytes.withUnsafeBytes { TextInterner.decode($0) }.lowercased()
    }
}

private func collapseDoubledQuotes(_ bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
        result.append(bytes[index])
        index += bytes[index] == UInt8(ascii: "\"") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") ? 2 : 1
    }
    return result
}

/// Turns rows into typed columns.
private struct TableSink: CSVRowSink, HeaderAware {
    let fileName: String
    let requests: [CSVColumnRequest]?
    var headerSeen = false
    var header: [String] = []
    var builders: [ColumnBuilder] = []
    /// For each field position of the file, the builder that takes it, or -1 to skip the field.
    var targets: [Int] = []
    var rowCount = 0
    var lines = LineMap()

    init(fileName: String, requests: [CSVColumnRequest]?) {
        self.fileName = fileName
        self.requests = requests
    }

    mutating func consume(chunk: UnsafeRawBufferPointer, fields: UnsafeBufferPointer<FieldSpan>, line: Int) throws {
        guard headerSeen else {
            try readHeader(chunk: chunk, fields: fields, line: line)
            return
        }
        guard fields.count == header.count else {
            let first = fields.first.map { String(decoding: UnsafeRawBufferPointer(rebasing: chunk[$0.start..<($0.start + $0.length)]), as: UTF8.self) }
            throw HealthDataError(
                .wrongFieldCount, file: fileName, line: line, value: first,
                message: "the row has \(fields.count) fields but the header has \(header.count)",
                hint: "Quote fields that contain the delimiter or a line break, and check for a missing or extra delimiter on this line.")
        }

        for position in 0..<fields.count {
            let target = targets[position]
            if target < 0 { continue }
            let field = fields[position]
            let accepted: Bool
            if field.hasEscapedQuote {
                let bytes = collapseDoubledQuotes(Array(UnsafeRawBufferPointer(rebasing: chunk[field.start..<(field.start + field.length)])))
                accepted = bytes.withUnsafeBytes { builders[target].append($0) }
            } else {
                accepted = builders[target].append(UnsafeRawBufferPointer(rebasing: chunk[field.start..<(field.start + field.length)]))
            }
            if !accepted { throw invalidValue(chunk: chunk, field: field, position: position, line: line, builder: builders[target]) }
        }
        lines.record(row: rowCount, line: line)
        rowCount += 1
    }

    private mutating func readHeader(chunk: UnsafeRawBufferPointer, fields: UnsafeBufferPointer<FieldSpan>, line: Int) throws {
        header = headerNames(chunk: chunk, fields: fields)
        headerSeen = true

        // Header names are lower-cased, so this also catches names that differ only in case.
        var firstPosition: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            if let earlier = firstPosition[name] {
                throw HealthDataError(
                    .duplicateColumn, file: fileName, line: line, column: name, columnNumber: position + 1,
                    message: "the header names this column twice, at positions \(earlier + 1) and \(position + 1)",
                    hint: "Rename or remove one of the two columns so that each name appears once.")
            }
            firstPosition[name] = position
        }
        targets = Array(repeating: -1, count: header.count)
        let requestedColumns = requests ?? header.map { CSVColumnRequest($0, .text) }
        for request in requestedColumns {
            guard let position = header.firstIndex(of: request.name.lowercased()) else {
                throw HealthDataError(
                    .missingColumn, file: fileName, line: line, column: request.name,
                    message: "the header has no column '\(request.name)'",
                    hint: "Columns in this file: \(header.joined(separator: ", ")). Check the dataset configuration or the file.")
            }
            if targets[position] >= 0 { continue }
            targets[position] = builders.count
            builders.append(ColumnBuilder(name: header[position], type: request.type))
        }
    }

    private func invalidValue(chunk: UnsafeRawBufferPointer, field: FieldSpan, position: Int, line: Int, builder: ColumnBuilder) -> HealthDataError {
        let text = TextInterner.decode(UnsafeRawBufferPointer(rebasing: chunk[field.start..<(field.start + field.length)]))
        let kind: HealthDataError.Kind
        let expected: String
        switch builder.type {
        case .integer:
            kind = .invalidInteger
            expected = "an integer"
        case .double:
            kind = .invalidDouble
            expected = "a decimal number"
        case .timestamp:
            kind = .invalidTimestamp
            expected = "a timestamp YYYY-MM-DD HH:MM:SS or YYYY-MM-DD"
        case .text:
            kind = .invalidArgument
            expected = "text"
        }
        return HealthDataError(
            kind, file: fileName, line: line, column: header[position], columnNumber: position + 1, value: text,
            message: "the value is not \(expected)",
            hint: "Fix the value in the file, or leave the field empty for a missing value.")
    }
}
