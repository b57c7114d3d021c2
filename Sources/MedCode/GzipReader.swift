import CZlib
import Foundation

/// Reads a whole file through zlib, which decompresses gzip and passes plain files through unchanged.
///
/// The code tables are a few megabytes at most, so the file is read into memory in one piece. Only regular
/// files are read, so a named pipe or a device in place of a table fails at once instead of blocking.
/// - Throws: `MedCodeError.invalidTable` with line 0 when the file is missing, not a regular file, empty, cut
///   short or not valid gzip.
func readGzipFile(_ url: URL) throws -> [UInt8] {
    func fail(_ reason: String) -> MedCodeError { .invalidTable(path: url.path, line: 0, reason: reason) }
    // zlib starts its messages with the path, which the error names already.
    func zlibMessage(_ file: gzFile) -> String {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
        return message.hasPrefix(url.path + ": ") ? String(message.dropFirst(url.path.count + 2)) : message
    }

    // The type check follows symbolic links, so a folder of links to the official files reads as well.
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path) else {
        throw fail("file not found. Check the import folder")
    }
    guard attributes[.type] as? FileAttributeType == .typeRegular else {
        throw fail("not a regular file. Replace it with the official file of that name")
    }
    guard let file = gzopen(url.path, "rb") else {
        throw fail("cannot open the file (\(String(cString: strerror(errno)))). Check that it is readable")
    }
    defer { gzclose(file) }

    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if count < 0 {
            throw fail("decompression failed: \(zlibMessage(file)). The file may be cut short or damaged; copy it again")
        }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<Int(count)])
    }

    // At the end of input gzread returns 0 both for a complete stream and for one cut short. Only gzerror
    // separates them, with Z_BUF_ERROR ("unexpected end of file") for a truncated file.
    var code: Int32 = 0
    _ = gzerror(file, &code)
    guard code == Z_OK || code == Z_STREAM_END else {
        throw fail("decompression failed: \(zlibMessage(file)). The file is cut short or damaged; copy it again")
    }
    guard !bytes.isEmpty else { throw fail("the file is empty. Copy the official file again") }
    return bytes
}
