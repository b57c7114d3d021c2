import CZlib
import Foundation

/// Strings stored back to back as UTF-8, the compact form in which the store keeps codes and names.
///
/// Reading a column from disk copies two arrays and builds no `String`, so a store opens without parsing.
public struct StringColumn: Sendable, Equatable {
    /// UTF-8 of every string, back to back.
    public private(set) var blob: [UInt8]
    /// Start of string i in `blob`; string i ends where string i + 1 starts, so there are `count + 1` offsets.
    public private(set) var offsets: [UInt32]

    public init() {
        blob = []
        offsets = [0]
    }

    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for string in strings { append(string) }
    }

    init(blob: [UInt8], offsets: [UInt32]) {
        self.blob = blob
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    public mutating func append(_ string: String) {
        blob.append(contentsOf: string.utf8)
        offsets.append(UInt32(blob.count))
    }

    public subscript(index: Int) -> String {
        String(decoding: blob[Int(offsets[index])..<Int(offsets[index + 1])], as: UTF8.self)
    }

    /// Returns the UTF-8 bytes of string `index`.
    public func bytes(at index: Int) -> ArraySlice<UInt8> {
        blob[Int(offsets[index])..<Int(offsets[index + 1])]
    }
}

/// Writes the little-endian binary form of the store's files.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Writes the count, then each value.
    public mutating func write(_ values: [UInt32]) {
        write(UInt64(values.count))
        for value in values { write(value) }
    }

    /// Writes the count, then each value as its bit pattern.
    public mutating func write(_ values: [Int32]) {
        write(values.map { UInt32(bitPattern: $0) })
    }

    public mutating func write(_ values: [UInt8]) {
        write(UInt64(values.count))
        bytes.append(contentsOf: values)
    }

    public mutating func write(_ string: String) {
        write(Array(string.utf8))
    }

    public mutating func write(_ column: StringColumn) {
        write(column.blob)
        write(column.offsets)
    }
}

/// Reads what `BinaryWriter` wrote, checking every length against the bytes that are left.
public struct BinaryReader: Sendable {
    private let bytes: [UInt8]
    private var position = 0
    /// The file the bytes came from, named in errors.
    public let path: String

    public init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position == bytes.count }

    public mutating func readUInt32() throws -> UInt32 {
        try need(4)
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[position + shift]) << (8 * shift) }
        position += 4
        return value
    }

    public mutating func readUInt64() throws -> UInt64 {
        try need(8)
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[position + shift]) << (8 * shift) }
        position += 8
        return value
    }

    public mutating func readUInt32Array() throws -> [UInt32] {
        let count = try readCount(elementSize: 4)
        let start = position
        let values = [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    buffer[index] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * index, as: UInt32.self))
                }
            }
            initialized = count
        }
        position += 4 * count
        return values
    }

    public mutating func readInt32Array() throws -> [Int32] {
        try readUInt32Array().map { Int32(bitPattern: $0) }
    }

    public mutating func readBytes() throws -> [UInt8] {
        let count = try readCount(elementSize: 1)
        let values = Array(bytes[position..<(position + count)])
        position += count
        return values
    }

    public mutating func readString() throws -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    public mutating func readStringColumn() throws -> StringColumn {
        let blob = try readBytes()
        let offsets = try readUInt32Array()
        guard let last = offsets.last, offsets.first == 0, Int(last) == blob.count,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw corrupt("a string column's offsets do not match its text")
        }
        return StringColumn(blob: blob, offsets: offsets)
    }

    /// Builds the error for a file whose contents do not have the expected layout.
    public func corrupt(_ reason: String) -> MedCodeError {
        .invalidTable(path: path, line: 0, reason: "the store file is damaged (\(reason)). Rebuild the store with `swifthealth medcode import --force`")
    }

    private mutating func readCount(elementSize: Int) throws -> Int {
        let count = try readUInt64()
        guard count <= UInt64(bytes.count - position) / UInt64(elementSize) else {
            throw corrupt("a length of \(count) runs past the end")
        }
        return Int(count)
    }

    private func need(_ count: Int) throws {
        guard bytes.count - position >= count else { throw corrupt("it ends early") }
    }
}

/// Reads and writes one store file: a magic word, a format version, the payload length, a CRC-32, the payload.
///
/// Files are written to a temporary name and renamed into place, so a reader never sees half a file, and the
/// checksum catches a file damaged later.
public enum StoreFile {
    /// "SHMC" in little-endian byte order.
    static let magic: UInt32 = 0x434D_4853

    /// Writes `payload` to `url` with its header, through a temporary file in the same folder.
    public static func write(_ payload: [UInt8], version: UInt32, to url: URL) throws {
        var writer = BinaryWriter()
        writer.write(magic)
        writer.write(version)
        writer.write(UInt64(payload.count))
        writer.write(checksum(payload))
        var data = Data(writer.bytes)
        data.append(contentsOf: payload)

        try writeAtomically(data, to: url)
    }

    /// Reads the payload of `url`, checking the magic word, the version and the checksum.
    public static func read(_ url: URL, version: UInt32) throws -> BinaryReader {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MedCodeError.invalidTable(path: url.path, line: 0, reason: "cannot read the store file. Rebuild the store with `swifthealth medcode import --force`")
        }
        let bytes = [UInt8](data)
        var header = BinaryReader(bytes: Array(bytes.prefix(20)), path: url.path)
        guard bytes.count >= 20, try header.readUInt32() == magic else {
            throw header.corrupt("it is not a SwiftHealth code store file")
        }
        let fileVersion = try header.readUInt32()
        guard fileVersion == version else {
            throw MedCodeError.invalidTable(
                path: url.path, line: 0,
                reason: "the store file has format version \(fileVersion), but this build reads version \(version). Run `swifthealth medcode import` again")
        }
        let length = try header.readUInt64()
        let expected = try header.readUInt32()
        let payload = Array(bytes[20...])
        guard UInt64(payload.count) == length, checksum(payload) == expected else {
            throw header.corrupt("its length or CRC-32 does not match")
        }
        return BinaryReader(bytes: payload, path: url.path)
    }

    /// Computes the zlib CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }
}

/// Returns the first index in `0..<count` at which `isPast` holds, by binary search. `isPast` must be false for
/// a prefix of the indices and true for the rest, as it is for "the element at i is at or after the key" on a
/// sorted array.
func partitionPoint(_ count: Int, where isPast: (Int) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
        let middle = (low + high) / 2
        if isPast(middle) { high = middle } else { low = middle + 1 }
    }
    return low
}
