import CZlib
import Foundation

/// Reads a whole file through zlib, which decompresses gzip and passes plain files through unchanged.
///
/// The code tables are a few megabytes at most, so the file is read into memory in one piece.
/// - Throws: `MedCodeError.invalidTable` with line 0 when the file cannot be opened or decompressed.
func readGzipFile(_ url: URL) throws -> [UInt8] {
    guard let file = gzopen(url.path, "rb") else {
        throw MedCodeError.invalidTable(path: url.path, line: 0, reason: "cannot open the file. Check that it exists and is readable")
    }
    defer { gzclose(file) }

    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
            throw MedCodeError.invalidTable(path: url.path, line: 0, reason: "decompression failed: \(message)")
        }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<Int(count)])
    }
    return bytes
}
