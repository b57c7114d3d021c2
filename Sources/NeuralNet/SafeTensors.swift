import Autograd
import Foundation

/// Tensors and metadata read from a safetensors file, in the order of their data in the file.
public struct SafeTensorsFile {
    /// Named tensors in file order.
    public var tensors: [(name: String, tensor: Tensor)]
    /// The optional `__metadata__` map of strings.
    public var metadata: [String: String]

    /// Returns the tensor named `name`, or nil.
    public subscript(name: String) -> Tensor? {
        tensors.first { $0.name == name }?.tensor
    }

    /// The tensors by name, ready for `Module.loadStateDict`.
    public var dictionary: [String: Tensor] {
        Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
    }
}

/// An error from reading or writing a safetensors file, with the file and the reason.
public struct SafeTensorsError: Error, CustomStringConvertible {
    /// The file, or "<memory>" for bytes that came from no file.
    public let path: String
    /// The problem and the fix to try.
    public let reason: String

    public var description: String { "safetensors file \(path): \(reason)" }
}

/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors), so that
/// `safetensors.torch.load_file` in Python opens SwiftHealth checkpoints.
///
/// Layout: an 8-byte little-endian header length N, then N bytes of JSON, then the raw little-endian
/// values. The JSON maps each tensor name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}`,
/// with offsets into the data that follows, and may add a `"__metadata__"` map of strings. Spaces pad it
/// so that the data starts at a multiple of 8. Only F32 is supported.
public enum SafeTensors {
    /// Largest header accepted, the limit the reference implementation uses (100 MB).
    static let maximumHeaderLength = 100_000_000

    // MARK: - Writing

    /// Encodes tensors, in the given order, into the bytes of a safetensors file.
    public static func encode(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]? = nil
    ) throws(SafeTensorsError) -> [UInt8] {
        var seen = Set<String>()
        var header = "{"
        var entries: [String] = []
        if let metadata, !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in tensors {
            guard name != "__metadata__" else {
                throw SafeTensorsError(path: "<memory>", reason: "a tensor cannot be named __metadata__; rename it")
            }
            guard seen.insert(name).inserted else {
                throw SafeTensorsError(path: "<memory>", reason: "tensor name \(name) appears twice; names must be unique")
            }
            let end = offset + tensor.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += entries.joined(separator: ",") + "}"

        // Pad with spaces so that the data begins at a multiple of 8 bytes.
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 {
            headerBytes.append(0x20)
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: headerBytes)
        for (_, tensor) in tensors {
            tensor.withUnsafeBufferPointer { values in
                for value in values {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                }
            }
        }
        return bytes
    }

    /// Writes tensors to `url` atomically: the bytes go to a temporary file in the same folder, which is
    /// flushed to disk and then renamed over `url`, so a reader never sees a partial checkpoint.
    public static func write(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]? = nil, to url: URL
    ) throws(SafeTensorsError) {
        let bytes = try encode(tensors, metadata: metadata)
        let path = url.path
        let temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path

        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw SafeTensorsError(path: path, reason: "cannot create temporary file \(temporaryPath): \(errnoDescription()); check that the folder exists and is writable")
        }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = "write failed: \(errnoDescription())"
                    return
                }
                written += result
            }
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = "fsync failed: \(errnoDescription())"
        }
        close(descriptor)
        if failure == nil && rename(temporaryPath, path) != 0 {
            failure = "rename from \(temporaryPath) failed: \(errnoDescription())"
        }
        if let failure {
            unlink(temporaryPath)
            throw SafeTensorsError(path: path, reason: failure)
        }
    }

    // MARK: - Reading

    /// Reads a safetensors file of F32 tensors.
    /// - Throws: `SafeTensorsError` naming the file and what is wrong with it.
    public static func read(from url: URL) throws(SafeTensorsError) -> SafeTensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafeTensorsError(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        // withUnsafeBytes only rethrows untyped errors, so the typed error travels in a Result.
        let result = data.withUnsafeBytes { buffer in
            Result { () throws(SafeTensorsError) in try decode(buffer, path: url.path) }
        }
        return try result.get()
    }

    /// Decodes the bytes of a safetensors file; `path` only names the source in errors.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String = "<memory>") throws(SafeTensorsError) -> SafeTensorsFile {
        func invalid(_ reason: String) -> SafeTensorsError {
            SafeTensorsError(path: path, reason: reason)
        }
        guard bytes.count >= 8 else {
            throw invalid("file is \(bytes.count) bytes, shorter than the 8-byte header length; it is not a safetensors file")
        }
        let headerLength = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
        guard headerLength <= maximumHeaderLength, headerLength <= bytes.count - 8 else {
            throw invalid("header length \(headerLength) exceeds the file size \(bytes.count) or the 100 MB limit; the file is truncated or not a safetensors file")
        }
        let headerData = Data(bytes[8..<(8 + headerLength)])
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw invalid("header is not valid JSON (\(error.localizedDescription))")
        }
        guard let header = json as? [String: Any] else {
            throw invalid("header is not a JSON object")
        }

        let dataStart = 8 + headerLength
        let dataSize = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw invalid("__metadata__ is not an object of strings")
                }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw invalid("__metadata__ value for \(key) is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            entries.append(try parseEntry(name: name, value: value, dataSize: dataSize, invalid: invalid))
        }

        // The tensors must tile the data exactly: no gap, no overlap, nothing left over.
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expectedBegin = 0
        for entry in entries {
            guard entry.begin == expectedBegin else {
                throw invalid("tensor \(entry.name) starts at byte \(entry.begin) of the data, expected \(expectedBegin); the offsets overlap or leave a gap")
            }
            expectedBegin = entry.end
        }
        guard expectedBegin == dataSize else {
            throw invalid("tensors cover \(expectedBegin) bytes but the data contains \(dataSize); the file is truncated or has trailing bytes")
        }

        var tensors: [(name: String, tensor: Tensor)] = []
        for entry in entries {
            let count = (entry.end - entry.begin) / 4
            var values = [Float](repeating: 0, count: count)
            for i in 0..<count {
                let bits = bytes.loadUnaligned(fromByteOffset: dataStart + entry.begin + 4 * i, as: UInt32.self)
                values[i] = Float(bitPattern: UInt32(littleEndian: bits))
            }
            tensors.append((entry.name, Tensor(shape: entry.shape, scalars: values)))
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    private static func parseEntry(
        name: String, value: Any, dataSize: Int, invalid: (String) -> SafeTensorsError
    ) throws(SafeTensorsError) -> (name: String, shape: [Int], begin: Int, end: Int) {
        guard let entry = value as? [String: Any],
              let dtype = entry["dtype"] as? String,
              let shapeValues = entry["shape"] as? [Any],
              let offsetValues = entry["data_offsets"] as? [Any]
        else {
            throw invalid("tensor \(name) lacks dtype, shape or data_offsets")
        }
        guard dtype == "F32" else {
            throw invalid("tensor \(name) has dtype \(dtype), but only F32 is supported; convert it with tensor.float() before saving")
        }
        let shape = shapeValues.compactMap { jsonInteger($0) }
        let offsets = offsetValues.compactMap { jsonInteger($0) }
        guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw invalid("tensor \(name) has an invalid shape \(shapeValues)")
        }
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
            throw invalid("tensor \(name) has data_offsets \(offsetValues) outside the \(dataSize) data bytes")
        }
        let expectedBytes = shape.reduce(1, *) * 4
        guard offsets[1] - offsets[0] == expectedBytes else {
            throw invalid("tensor \(name) of shape \(shape) needs \(expectedBytes) bytes, but data_offsets \(offsets) span \(offsets[1] - offsets[0])")
        }
        return (name, shape, offsets[0], offsets[1])
    }

    /// Returns a JSON number as an Int when it has no fraction (JSONSerialization gives NSNumber), else nil.
    private static func jsonInteger(_ value: Any) -> Int? {
        if let integer = value as? Int { return integer }
        if let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() {
            return number.intValue
        }
        return nil
    }

    /// `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += String(format: "\\u%04x", scalar.value)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static func errnoDescription() -> String {
        String(cString: strerror(errno))
    }
}
