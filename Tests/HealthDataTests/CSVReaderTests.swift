import Foundation
import Testing
import TestSupport
@testable import HealthData

@Suite struct CSVReaderTests {
    @Test func quotesDoubledQuotesAndNewlines() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("notes.csv", "id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n")

        let table = try CSVReader.read(file, columns: [CSVColumnRequest("id", .integer), CSVColumnRequest("text", .text)])

        #expect(table.rowCount == 4)
        let text = try table.requireColumn("text")
        #expect(text.text(at: 0) == "a, b")
        #expect(text.text(at: 1) == "say \"hi\"")
        #expect(text.text(at: 2) == "two\nlines")
        #expect(text.text(at: 3) == "plain")
        #expect(try table.requireColumn("id").integer(at: 3) == 4)
    }

    @Test func crlfLineEndsAndNoFinalNewline() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("crlf.csv", "a,b\r\n1,\"x\"\r\n2,y\r\n3,z")

        let table = try CSVReader.read(file, columns: [CSVColumnRequest("a", .integer), CSVColumnRequest("b", .text)])

        #expect(table.rowCount == 3)
        let b = try table.requireColumn("b")
        #expect(b.text(at: 0) == "x")
        #expect(b.text(at: 1) == "y")
        #expect(b.text(at: 2) == "z")
    }

    @Test func quotedFieldBeforeFinalCarriageReturn() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("cr.csv", "a,b\r\n1,\"x\"\r")

        let table = try CSVReader.read(file, columns: [CSVColumnRequest("b", .text)])

        #expect(table.rowCount == 1)
        #expect(try table.requireColumn("b").text(at: 0) == "x")
    }

    @Test func emptyFieldsAreMissingInEveryType() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("empty.csv", "i,d,t,s\n,,,\n1,2.5,2150-01-01,x\n\"\",\"\",\"\",\"\"\n")

        let table = try CSVReader.read(file, columns: [
            CSVColumnRequest("i", .integer), CSVColumnRequest("d", .double),
            CSVColumnRequest("t", .timestamp), CSVColumnRequest("s", .text),
        ])

        #expect(table.rowCount == 3)
        for row in [0, 2] {
            #expect(try table.requireColumn("i").integer(at: row) == nil)
            #expect(try table.requireColumn("d").double(at: row) == nil)
            #expect(try table.requireColumn("t").timestamp(at: row) == nil)
            #expect(try table.requireColumn("s").text(at: row) == nil)
            #expect(try table.requireColumn("s").isNull(row))
        }
        #expect(try table.requireColumn("i").integer(at: 1) == 1)
        #expect(try table.requireColumn("d").double(at: 1) == 2.5)
        #expect(try table.requireColumn("s").text(at: 1) == "x")
        // An empty text field never becomes a dictionary entry.
        #expect(try table.requireColumn("s").dictionary == ["x"])
    }

    @Test func latin1FieldsAreDecoded() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        // "Café" in Latin-1 (0xE9), then "Café" in UTF-8 (0xC3 0xA9).
        let bytes: [UInt8] = Array("name\n".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x0A] + [0x43, 0x61, 0x66, 0xC3, 0xA9, 0x0A]
        let file = try folder.write("latin1.csv", bytes: bytes)

        let table = try CSVReader.read(file, columns: [CSVColumnRequest("name", .text)])

        let names = try table.requireColumn("name")
        #expect(names.text(at: 0) == "Café")
        #expect(names.text(at: 1) == "Café")
    }

    @Test func textIsInterned() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("codes.csv", "code\n4019\n4280\n4019\n4019\n\n4280\n")

        let column = try CSVReader.read(file, columns: [CSVColumnRequest("code", .text)]).requireColumn("code")

        #expect(column.dictionary == ["4019", "4280"])
        #expect(column.codes == [0, 1, 0, 0, 1])
    }

    @Test func gzipMatchesPlainFile() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        var text = "id,when,value,note\n"
        for row in 0..<20_000 {
            text += "\(row),2150-01-\(String(format: "%02d", row % 28 + 1)) 10:00:00,\(row).25,\"n \"\"\(row % 7)\"\"\nx\"\n"
        }
        let plain = try folder.write("big.csv", text)
        let gzip = try folder.write("big.csv.gz", text)
        let requests = [
            CSVColumnRequest("id", .integer), CSVColumnRequest("when", .timestamp),
            CSVColumnRequest("value", .double), CSVColumnRequest("note", .text),
        ]

        let fromPlain = try CSVReader.read(plain, name: "big", columns: requests)
        let fromGzip = try CSVReader.read(gzip, name: "big", columns: requests)

        #expect(fromPlain.rowCount == 20_000)
        #expect(fromPlain.columns == fromGzip.columns)
        #expect(try fromGzip.requireColumn("note").text(at: 9) == "n \"2\"\nx")
        #expect(try fromGzip.requireColumn("value").double(at: 19_999) == 19_999.25)
    }

    @Test func rowsSplitAcrossChunksAreKept() throws {
        // Feeds the tokenizer one byte at a time, so every row, quote and CRLF straddles a chunk boundary.
        let text = "a,b\r\n1,\"x\"\"y\"\r\n2,\"p\nq\"\r\n3,z\r\n"
        var sink = CollectingSink()
        var tokenizer = CSVTokenizer(fileName: "chunks.csv")
        let bytes = Array(text.utf8)
        var pending: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            pending.append(byte)
            let isFinal = index == bytes.count - 1
            let consumed = try pending.withUnsafeBytes { try tokenizer.tokenize($0, isFinal: isFinal, into: &sink) }
            pending.removeFirst(consumed)
        }

        #expect(sink.rows == [["a", "b"], ["1", "x\"\"y"], ["2", "p\nq"], ["3", "z"]])
        #expect(sink.lines == [1, 2, 3, 5])
    }

    @Test func unbalancedQuoteNamesFileAndLine() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("open.csv", "id,text\n1,ok\n2,\"never closed\n3,x\n")

        let error = try #require(throws: HealthDataError.self) {
            try CSVReader.read(file, columns: [CSVColumnRequest("text", .text)])
        }
        #expect(error.kind == .unbalancedQuote)
        #expect(error.file == "open.csv")
        #expect(error.line == 3)
        #expect(error.columnNumber == 2)
        #expect(error.description.contains("open.csv, line 3"))
    }

    @Test func wrongFieldCountNamesLine() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("short.csv", "a,b,c\n1,2,3\n4,5\n")

        let error = try #require(throws: HealthDataError.self) {
            try CSVReader.read(file, columns: nil)
        }
        #expect(error.kind == .wrongFieldCount)
        #expect(error.line == 3)
        #expect(error.message.contains("2 fields but the header has 3"))
    }

    @Test func unparsableValuesNameColumnAndValue() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("bad.csv", "id,when,amount\n1,2150-01-01,1.5\n2,2150-02-30 10:00:00,2\n3,2150-01-01,abc\n4,x,1\n")

        let timestampError = try #require(throws: HealthDataError.self) {
            try CSVReader.read(file, columns: [CSVColumnRequest("when", .timestamp)])
        }
        #expect(timestampError.kind == .invalidTimestamp)
        #expect(timestampError.line == 3)
        #expect(timestampError.column == "when")
        #expect(timestampError.columnNumber == 2)
        #expect(timestampError.value == "2150-02-30 10:00:00")
        #expect(timestampError.description.contains("bad.csv, line 3, column 'when' (2)"))

        let doubleError = try #require(throws: HealthDataError.self) {
            try CSVReader.read(file, columns: [CSVColumnRequest("amount", .double)])
        }
        #expect(doubleError.kind == .invalidDouble)
        #expect(doubleError.line == 4)
        #expect(doubleError.value == "abc")

        let integerError = try #require(throws: HealthDataError.self) {
            try CSVReader.read(file, columns: [CSVColumnRequest("amount", .integer)])
        }
        #expect(integerError.kind == .invalidInteger)
        #expect(integerError.value == "1.5")
        #expect(integerError.line == 2)
    }

    @Test func headerMatchesCaseInsensitively() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("UPPER.CSV", "\u{FEFF}SUBJECT_ID,Gender\n7,F\n")

        let table = try CSVReader.read(file, columns: [CSVColumnRequest("subject_id", .integer), CSVColumnRequest("GENDER", .text)])

        #expect(try table.requireColumn("Subject_ID").integer(at: 0) == 7)
        #expect(try table.requireColumn("gender").text(at: 0) == "F")
        let missing = try #require(throws: HealthDataError.self) {
            try CSVReader.read(file, columns: [CSVColumnRequest("dob", .timestamp)])
        }
        #expect(missing.kind == .missingColumn)
        #expect(missing.hint.contains("subject_id, gender"))
    }

    @Test func rowLinesSkipBlankAndQuotedLines() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        // Row 0 on line 2, a blank line 3, row 1 on lines 4-5 (a quoted line break), row 2 on line 6.
        let file = try folder.write("T.csv", "a,b\n1,x\n\n2,\"multi\nline\"\n3,y\n")

        let table = try CSVReader.read(file, columns: nil)

        #expect(table.rowCount == 3)
        #expect((0..<3).map { table.line(ofRow: $0) } == [2, 4, 6])
        #expect(table.gathered([2, 0]).line(ofRow: 0) == nil)
    }

    @Test func duplicateHeaderIsRejected() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        // Positions 2 and 4 differ only in case; the reader compares header names case-insensitively.
        let file = try folder.write("ADMISSIONS.csv", "row_id,dischtime,hadm_id,DischTime\n1,2150-01-01,10,2150-01-02\n")

        for columns in [nil, [CSVColumnRequest("hadm_id", .integer)]] {
            let error = try #require(throws: HealthDataError.self) { try CSVReader.read(file, columns: columns) }
            #expect(error.kind == .duplicateColumn)
            #expect(error.file == "ADMISSIONS.csv")
            #expect(error.line == 1)
            #expect(error.column == "dischtime")
            #expect(error.columnNumber == 4)
            #expect(error.message.contains("positions 2 and 4"))
        }
    }

    @Test func headerOnlyAndEmptyFiles() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let headerOnly = try folder.write("ICUSTAYS.csv.gz", "row_id,subject_id,intime\n")
        let empty = try folder.write("EMPTY.csv", "")

        let table = try CSVReader.read(headerOnly, columns: [CSVColumnRequest("subject_id", .integer), CSVColumnRequest("intime", .timestamp)])

        #expect(table.rowCount == 0)
        #expect(table.columns.map(\.count) == [0, 0])
        #expect(try CSVReader.header(of: headerOnly) == ["row_id", "subject_id", "intime"])
        let error = try #require(throws: HealthDataError.self) { try CSVReader.read(empty, columns: nil) }
        #expect(error.kind == .emptyFile)
    }

    @Test func tableFilesResolveInAnyCase() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try folder.write("PATIENTS.csv.gz", "x\n1\n")
        try folder.write("admissions.CSV", "x\n1\n")

        #expect(try TableFile.locate("patients", in: folder.url).lastPathComponent == "PATIENTS.csv.gz")
        #expect(try TableFile.locate("ADMISSIONS", in: folder.url).lastPathComponent == "admissions.CSV")
        let error = try #require(throws: HealthDataError.self) { try TableFile.locate("icustays", in: folder.url) }
        #expect(error.kind == .missingTable)
    }

    @Test func gzipWinsOverPlainFile() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try folder.write("ADMISSIONS.csv.gz", "x\n1\n")
        try folder.write("admissions.csv", "x\n")

        let found = try TableFile.find("ADMISSIONS", in: folder.url)

        #expect(found.file.lastPathComponent == "ADMISSIONS.csv.gz")
        #expect(found.ignored?.lastPathComponent == "admissions.csv")
        #expect(try TableFile.locate("ADMISSIONS", in: folder.url).lastPathComponent == "ADMISSIONS.csv.gz")
    }

    @Test func missingTableMessage() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }

        let error = try #require(throws: HealthDataError.self) { try TableFile.locate("PRESCRIPTIONS", in: folder.url) }

        #expect(error.kind == .missingTable)
        #expect(error.value == nil)
        #expect(error.description.components(separatedBy: "PRESCRIPTIONS").count == 2)
        #expect(!error.hint.contains("leave the table out"))
    }

    @Test func rootThatIsFileOrMissing() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let file = try folder.write("PATIENTS.csv.gz", "x\n1\n")

        let notFolder = try #require(throws: HealthDataError.self) { try TableFile.locate("PATIENTS", in: file) }
        #expect(notFolder.message == "the dataset root is a file, not a folder")
        #expect(notFolder.hint.contains(folder.url.path))

        let missing = try #require(throws: HealthDataError.self) {
            try TableFile.locate("PATIENTS", in: folder.url.appendingPathComponent("absent"))
        }
        #expect(missing.message == "the dataset root does not exist")
    }

    @Test func folderInPlaceOfTable() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let table = folder.url.appendingPathComponent("ADMISSIONS.csv")
        try FileManager.default.createDirectory(at: table, withIntermediateDirectories: false)

        let error = try #require(throws: HealthDataError.self) { try CSVReader.read(table, columns: nil) }

        #expect(error.kind == .ioFailure)
        #expect(error.message == "the path is a folder, not a CSV file")
        #expect(!error.hint.contains("gzip"))
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoRowCountsMatchSource() throws {
        let root = try TestData.require("mimic3-demo")
        // Row counts as listed in the data set's SOURCE.md.
        let expected = [
            "PATIENTS": 100, "ADMISSIONS": 129, "ICUSTAYS": 136, "DIAGNOSES_ICD": 1761, "PROCEDURES_ICD": 506,
            "PRESCRIPTIONS": 10398, "LABEVENTS": 76074, "D_ICD_DIAGNOSES": 14567,
        ]
        for (name, rows) in expected {
            let table = try CSVReader.read(try TableFile.locate(name, in: root), columns: nil)
            #expect(table.rowCount == rows, "\(name)")
        }
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoTypedColumnsParse() throws {
        let root = try TestData.require("mimic3-demo")
        let labs = try CSVReader.read(try TableFile.locate("LABEVENTS", in: root), columns: [
            CSVColumnRequest("subject_id", .integer), CSVColumnRequest("charttime", .timestamp),
            CSVColumnRequest("valuenum", .double), CSVColumnRequest("flag", .text),
        ])
        // The first data row of LABEVENTS.csv.gz: 6294375,10120,193924,51214,2115-05-13 14:53:00,226,226,mg/dL,
        #expect(try labs.requireColumn("subject_id").integer(at: 0) == 10120)
        #expect(try labs.requireColumn("charttime").timestamp(at: 0) == CivilTime.seconds(year: 2115, month: 5, day: 13, hour: 14, minute: 53))
        #expect(try labs.requireColumn("valuenum").double(at: 0) == 226)
        #expect(try labs.requireColumn("flag").text(at: 0) == nil)
        #expect(try labs.requireColumn("flag").text(at: 1) == "abnormal")

        // D_ICD_DIAGNOSES row 1 has a long_title with commas inside quotes.
        let names = try CSVReader.read(try TableFile.locate("D_ICD_DIAGNOSES", in: root), columns: [CSVColumnRequest("long_title", .text)])
        #expect(try names.requireColumn("long_title").text(at: 0)?.hasPrefix("Erythema nodosum with hypersensitivity reaction in tuberculosis, tubercle") == true)
    }
}

/// Records rows as strings, for tokenizer tests.
struct CollectingSink: CSVRowSink {
    var rows: [[String]] = []
    var lines: [Int] = []

    mutating func consume(chunk: UnsafeRawBufferPointer, fields: UnsafeBufferPointer<FieldSpan>, line: Int) throws {
        rows.append(fields.map { String(decoding: UnsafeRawBufferPointer(rebasing: chunk[$0.start..<($0.start + $0.length)]), as: UTF8.self) })
        lines.append(line)
    }
}
