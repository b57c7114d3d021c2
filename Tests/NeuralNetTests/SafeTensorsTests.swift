import Autograd
import Foundation
import NeuralNet
import Testing

/// Creates a folder under the system temporary directory; the caller removes it.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func decode(_ bytes: [UInt8]) throws(SafeTensorsError) -> SafeTensorsFile {
    let result = bytes.withUnsafeBytes { buffer in
        Result { () throws(SafeTensorsError) in try SafeTensors.decode(buffer) }
    }
    return try result.get()
}

/// Returns the 8-byte little-endian length followed by the header text.
private func headerBytes(_ header: String) -> [UInt8] {
    var bytes: [UInt8] = []
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    return bytes + Array(header.utf8)
}

@Suite("Safetensors")
struct SafeTensorsTests {
    // Built by hand from the format description: the header below is 110 bytes, padded with 2 spaces
    // to 112 (so the data starts at byte 8 + 112 = 120, a multiple of 8), then 1.0, 2.0, -1.5 as
    // little-endian Float32 (0000803f, 00000040, 0000c0bf).
    let handBuilt: [UInt8] = headerBytes(
        #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}  "#)
        + [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0xc0, 0xbf]

    @Test func encodeMatchesHandBuiltBytes() throws {
        let bytes = try SafeTensors.encode([
            ("a", Tensor(shape: [2], scalars: [1, 2])), ("b", Tensor(shape: [1, 1], scalars: [-1.5])),
        ])
        #expect(bytes == handBuilt)
        #expect(Array(bytes[0..<8]) == [112, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func decodeHandBuiltBytes() throws {
        let file = try decode(handBuilt)
        #expect(file.tensors.map(\.name) == ["a", "b"])
        #expect(file["a"]?.shape == [2])
        #expect(file["a"]?.scalars == [1, 2])
        #expect(file["b"]?.shape == [1, 1])
        #expect(file["b"]?.scalars == [-1.5])
        #expect(file.metadata.isEmpty)
    }

    @Test func decodeMetadataAndScalar() throws {
        // 84-byte header padded with 4 spaces; a rank-0 tensor contains one value.
        let bytes = headerBytes(#"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}    "#)
            + [0x00, 0x00, 0x80, 0x3f]
        let file = try decode(bytes)
        #expect(file.metadata == ["format": "pt"])
        #expect(file["w"]?.shape == [])
        #expect(file["w"]?.scalar == 1)
    }

    @Test func fileRoundTripKeepsOrderValuesAndMetadata() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let block = TransformerBlock(modelSize: 4, headCount: 2, dropout: 0.1, generator: SeededGenerator(seed: 1))
        let url = folder.appendingPathComponent("best.safetensors")
        try SafeTensors.write(block.stateDict(), metadata: ["epoch": "3", "note": "quote \" and\nnewline"], to: url)

        let file = try SafeTensors.read(from: url)
        #expect(file.tensors.map(\.name) == block.stateDict().map(\.name))
        for (name, tensor) in block.stateDict() {
            #expect(file[name]?.shape == tensor.shape)
            #expect(file[name]?.scalars == tensor.scalars)
        }
        #expect(file.metadata == ["epoch": "3", "note": "quote \" and\nnewline"])

        // The data starts at a multiple of 8 and no temporary file is left behind.
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["best.safetensors"])

        // Loading into a differently initialised block reproduces the saved parameters.
        let other = TransformerBlock(modelSize: 4, headCount: 2, dropout: 0.1, generator: SeededGenerator(seed: 2))
        try other.loadStateDict(file.dictionary)
        #expect(other.parameters().map(\.scalars) == block.parameters().map(\.scalars))
    }

    @Test func writeReplacesExistingFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("last.safetensors")
        try SafeTensors.write([("x", Tensor.ones([3]))], to: url)
        try SafeTensors.write([("x", Tensor.zeros([2]))], to: url)
        #expect(try SafeTensors.read(from: url)["x"]?.scalars == [0, 0])
    }

    @Test func writeIntoMissingFolderFails() {
        let url = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/model.safetensors")
        #expect(throws: SafeTensorsError.self) {
            try SafeTensors.write([("x", Tensor.ones([1]))], to: url)
        }
    }

    @Test func invalidFilesAreRejectedWithReasons() {
        let cases: [(String, [UInt8], String)] = [
            ("too short", [1, 2, 3], "shorter than the 8-byte header length"),
            ("header past end", headerBytes("{}").dropLast(1) + [], "exceeds the file size"),
            ("not json", headerBytes("{nope}  "), "not valid JSON"),
            ("other dtype", headerBytes(#"{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}  "#) + [0, 0], "dtype F16"),
            ("size mismatch", headerBytes(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}  "#) + [0, 0, 0, 0], "needs 8 bytes"),
            ("gap", headerBytes(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}  "#) + [0, 0, 0, 0, 0, 0, 0, 0], "starts at byte 4"),
            ("trailing bytes", headerBytes(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}  "#) + [0, 0, 0, 0, 9], "trailing bytes"),
        ]
        for (name, bytes, expected) in cases {
            do {
                _ = try decode(bytes)
                Issue.record("\(name): decoding succeeded")
            } catch {
                #expect(error.description.contains(expected), "\(name): \(error)")
            }
        }
    }

    @Test func duplicateNamesAreRejected() {
        #expect(throws: SafeTensorsError.self) {
            try SafeTensors.encode([("x", Tensor.ones([1])), ("x", Tensor.ones([1]))])
        }
    }
}
