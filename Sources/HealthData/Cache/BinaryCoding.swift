import CZlib
import Foundation

/// Writes the cache's binary files: little-endian integers, length-prefixed strings and raw arrays,
/// with a running CRC-32 of everything written.
final class BinaryFileWriter {
    private let handle: UnsafeMutablePointer<FILE>
    let path: String
    private(set) var size = 0
    private(set) var checksum: UInt32 = 0

    init(path: String) throws {
        guard let handle = fopen(path, "wb") else {
            throw HealthDataError(
                .ioFailure, file: path, message: "cannot create the cache file (\(String(cString: strerror(errno))))",
                hint: "Check that the cache folder is writable, or pass another cacheDirectory.")
        }
        self.handle = handle
        self.path = path
    }

    deinit { fclose(handle) }

    func write(raw: UnsafeRawBufferPointer) throws {
        guard raw.count > 0, let base = raw.baseAddress else { return }
        var offset = 0
        while offset < raw.count {
            let length = min(raw.count - offset, 1 << 30)
            checksum = UInt32(crc32(uLong(checksum), base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length)))
            offset += length
        }
        guard fwrite(base, 1, raw.count, handle) == raw.count else {
            throw HealthDataError(
                .ioFailure, file: path, message: "writing the cache file failed (\(String(cString: strerror(errno))))",
                hint: "Check the free space of the cache folder's disk.")
        }
        size += raw.count
    }

    func write<T: FixedWidthInteger>(_ value: T) throws {
        var littleEndian = value.littleEndian
        try withUnsafeBytes(of: &littleEndian) { try write(raw: $0) }
    }

    func write(_ text: String) throws {
        var bytes = Array(text.utf8)
        try write(UInt32(bytes.count))
        try bytes.withUnsafeMutableBytes { try write(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Writes the element count, then the elements' bytes as they lie in memory (the host is little-endian).
    func write<T: BitwiseCopyable>(array: [T]) throws {
        try write(UInt64(array.count))
        try array.withUnsafeBytes { try write(raw: $0) }
    }

    func close() throws {
        guard fflush(handle) == 0 else {
            throw HealthDataError(
                .ioFailure, file: path, message: "flushing the cache file failed (\(String(cString: strerror(errno))))",
                hint: "Check the free space of the cache folder's disk.")
        }
    }
}

/// Reads what `BinaryFileWriter` wrote, straight from the file into the arrays that keep the data, with
/// a running CRC-32 and every length checked against the bytes left.
final class BinaryFileReader {
    private let handle: UnsafeMutablePointer<FILE>
    let path: String
    let size: Int
    private(set) var offset = 0
    private(set) var checksum: UInt32 = 0

    init(path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0, let handle = fopen(path, "rb") else {
            throw HealthDataError(
                .ioFailure, file: path, message: "cannot open the cache file (\(String(cString: strerror(errno))))",
                hint: "Delete the cache folder; the next load rebuilds it.")
        }
        self.handle = handle
        self.path = path
        size = Int(status.st_size)
    }

    deinit { fclose(handle) }

    var remaining: Int { size - offset }

    private func truncated(_ element: String) -> HealthDataError {
        HealthDataError(
            .invalidFormat, file: path, message: "the cache file ends inside \(element) at byte \(offset)",
            hint: "Delete the cache folder; the next load rebuilds it.")
    }

    /// Fills `buffer` from the file and adds it to the checksum.
    private func fill(_ buffer: UnsafeMutableRawBufferPointer, _ element: String) throws {
        guard buffer.count > 0, let base = buffer.baseAddress else { return }
        guard buffer.count <= remaining, fread(base, 1, buffer.count, handle) == buffer.count else { throw truncated(element) }
        var done = 0
        while done < buffer.count {
            let length = min(buffer.count - done, 1 << 30)
            checksum = UInt32(crc32(uLong(checksum), base.advanced(by: done).assumingMemoryBound(to: Bytef.self), uInt(length)))
            done += length
        }
        offset += buffer.count
    }

    func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        var value = T.zero
        try withUnsafeMutableBytes(of: &value) { try fill($0, "an integer") }
        return T(littleEndian: value)
    }

    func readString() throws -> String {
        let length = Int(try read(UInt32.self))
        guard length <= remaining else { throw truncated("a string") }
        var bytes = [UInt8](repeating: 0, count: length)
        try bytes.withUnsafeMutableBytes { try fill($0, "a string") }
        return String(decoding: bytes, as: UTF8.self)
    }

    func readArray<T: BitwiseCopyable>(_: T.Type = T.self) throws -> [T] {
        let count = try read(UInt64.self)
        let stride = UInt64(MemoryLayout<T>.stride)
        guard count <= UInt64(remaining) / stride else { throw truncated("an array") }
        if count == 0 { return [] }
        var failure: Error?
        let result = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            do {
                try fill(UnsafeMutableRawBufferPointer(buffer), "an array")
                initialized = Int(count)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return result
    }
}

/// CRC-32 (zlib's polynomial) of a buffer.
func crc32Checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress else { return 0 }
    var checksum: uLong = 0
    var offset = 0
    while offset < bytes.count {
        let length = min(bytes.count - offset, 1 << 30)
        checksum = crc32(checksum, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length))
        offset += length
    }
    return UInt32(checksum)
}
