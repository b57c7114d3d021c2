import CZlib
import Foundation
import Testing
@testable import MedCode

private func rows(_ text: String, separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true) throws -> [DelimitedRow] {
    var result: [DelimitedRow] = []
    try DelimitedText.forEachRow(in: Array(text.utf8), path: "table.csv", separator: separator, quoting: quoting) { result.append($0) }
    return result
}

@Test func hcupQuotingAndPadding() throws {
    let parsed = try rows("NOTE: a line\n'ICD-9-CM CODE','CCS CATEGORY'\n'01000','1    ',\"PRIM TB COMPLEX-UNSPEC\",' '\n")
    #expect(parsed.count == 3)
    #expect(parsed[2].fields == ["01000", "1", "PRIM TB COMPLEX-UNSPEC", ""])
    #expect(parsed[2].line == 3)
}

@Test func apostropheInsideFieldIsText() throws {
    let parsed = try rows("'3310','95',\"ALZHEIMER'S DISEASE\",st. john's wort\n")
    #expect(parsed[0].fields == ["3310", "95", "ALZHEIMER'S DISEASE", "st. john's wort"])
}

@Test func doubledQuoteAndEmbeddedNewline() throws {
    let parsed = try rows("a,\"say \"\"hi\"\"\nthere\",c\nnext,row\n")
    #expect(parsed.count == 2)
    #expect(parsed[0].fields == ["a", "say \"hi\"\nthere", "c"])
    #expect(parsed[1].line == 3)
}

@Test func tabSeparatedWithCRLF() throws {
    let parsed = try rows("PRODUCTNDC\tNAME\r\n0002-0800\t\"Sterile\" Water\r\n", separator: UInt8(ascii: "\t"), quoting: false)
    #expect(parsed.count == 2)
    #expect(parsed[1].fields == ["0002-0800", "\"Sterile\" Water"])
}

@Test func latin1FieldsDecode() throws {
    var bytes = Array("3863,M".utf8)
    bytes.append(0xE9)
    bytes.append(contentsOf: Array("ni\n".utf8))
    var fields: [String] = []
    try DelimitedText.forEachRow(in: bytes, path: "t") { fields = $0.fields }
    #expect(fields == ["3863", "Méni"])
}

@Test func unclosedQuoteNamesLine() throws {
    #expect(throws: MedCodeError.invalidTable(
        path: "table.csv", line: 2, reason: "a quoted field is never closed. Check that the file is complete and not cut short")) {
        _ = try rows("a,b\n'c,d\n")
    }
}

@Test func missingFieldNamesColumn() throws {
    let row = try rows("a,b\n")[0]
    #expect(throws: MedCodeError.self) { _ = try row.field(2, name: "CCS CATEGORY") }
    let error = row.invalid(1, name: "CCS CATEGORY", reason: "not a number")
    #expect(error.description == "table.csv:1:2: invalid CCS CATEGORY \"b\": not a number")
}

@Test func storeFileRoundTrip() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medcode-binary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("test.bin")

    var writer = BinaryWriter()
    writer.write(StringColumn(["428.0", "Ménière's disease", ""]))
    writer.write([Int32(-1), 7])
    try StoreFile.write(writer.bytes, version: 3, to: url)

    var reader = try StoreFile.read(url, version: 3)
    let column = try reader.readStringColumn()
    #expect(column.count == 3)
    #expect(column[1] == "Ménière's disease")
    #expect(column[2] == "")
    #expect(try reader.readInt32Array() == [-1, 7])
    #expect(reader.isAtEnd)
    #expect(throws: MedCodeError.self) { _ = try StoreFile.read(url, version: 4) }

    // One flipped payload byte must fail the checksum.
    var bytes = [UInt8](try Data(contentsOf: url))
    bytes[bytes.count - 1] ^= 0xFF
    try Data(bytes).write(to: url)
    #expect(throws: MedCodeError.self) { _ = try StoreFile.read(url, version: 3) }
}

@Test func gzipReaderRejectsDamagedFiles() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medcode-gzip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // A gzip stream of 20,000 numbered lines, then the same stream cut in half.
    let text = (1...20_000).map { "line \($0)" }.joined(separator: "\n")
    let full = folder.appendingPathComponent("full.csv.gz")
    let writer = try #require(gzopen(full.path, "wb"))
    _ = Array(text.utf8).withUnsafeBytes { gzwrite(writer, $0.baseAddress, UInt32($0.count)) }
    gzclose(writer)
    #expect(try readGzipFile(full).count == text.utf8.count)

    // A symbolic link to a good file reads like the file.
    let link = folder.appendingPathComponent("link.csv.gz")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: full)
    #expect(try readGzipFile(link).count == text.utf8.count)

    let bytes = try Data(contentsOf: full)
    let half = folder.appendingPathComponent("half.csv.gz")
    try bytes.prefix(bytes.count / 2).write(to: half)
    #expect {
        _ = try readGzipFile(half)
    } throws: { error in
        "\(error)".contains("half.csv.gz") && "\(error)".contains("cut short")
    }

    let empty = folder.appendingPathComponent("empty.csv")
    try Data().write(to: empty)
    #expect(throws: MedCodeError.invalidTable(path: empty.path, line: 0, reason: "the file is empty. Copy the official file again")) {
        _ = try readGzipFile(empty)
    }

    // A named pipe would block a reader forever, and a folder is not a table.
    let pipe = folder.appendingPathComponent("pipe.csv")
    #expect(mkfifo(pipe.path, 0o600) == 0)
    let notRegular = "not a regular file. Replace it with the official file of that name"
    #expect(throws: MedCodeError.invalidTable(path: pipe.path, line: 0, reason: notRegular)) { _ = try readGzipFile(pipe) }
    #expect(throws: MedCodeError.invalidTable(path: folder.path, line: 0, reason: notRegular)) { _ = try readGzipFile(folder) }
}
