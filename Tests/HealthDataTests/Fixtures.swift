import CZlib
import Foundation
import TestSupport

/// Writes small CSV fixtures into a fresh temporary folder.
struct FixtureFolder {
    let url: URL

    init(_ label: String = "healthdata-fixture") throws {
        url = try TestData.temporaryFolder(label)
    }

    /// Writes `bytes` as `name`; a name ending in `.gz` is gzip-compressed.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        if name.hasSuffix(".gz") {
            guard let handle = gzopen(file.path, "wb") else { throw CocoaError(.fileWriteUnknown) }
            let written = bytes.withUnsafeBytes { gzwrite(handle, $0.baseAddress, UInt32($0.count)) }
            gzclose(handle)
            guard written == Int32(bytes.count) else { throw CocoaError(.fileWriteUnknown) }
        } else {
            try Data(bytes).write(to: file)
        }
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
