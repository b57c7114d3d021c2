import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected rows are read by hand with zcat and grep from the CMS 2018 GEM files under medcode/gems.
// Flags are the five digits approximate, no map, combination, scenario and choice list.

private func flags(_ digits: String) -> GEMFlags {
    GEMImport.parseFlags(digits)!
}

/// Returns the rows of `source`, in file order.
private func rows(_ map: ImportedMap, from source: String) -> [MapRecord] {
    map.records.filter { $0.source == source }
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func gemImport() throws {
    let root = try TestData.require("medcode")
    let maps = try GEMImport.maps(in: root)
    try #require(maps.count == 4)
    let (cm9To10, cm10To9, pcs9To10, pcs10To9) = (maps[0], maps[1], maps[2], maps[3])

    // One record per line of each file.
    #expect((cm9To10.source, cm9To10.target, cm9To10.records.count) == (.icd9cm, .icd10cm, 24_860))
    #expect((cm10To9.source, cm10To9.target, cm10To9.records.count) == (.icd10cm, .icd9cm, 81_593))
    #expect((pcs9To10.source, pcs9To10.target, pcs9To10.records.count) == (.icd9proc, .icd10proc, 73_593))
    #expect((pcs10To9.source, pcs10To9.target, pcs10To9.records.count) == (.icd10proc, .icd9proc, 101_025))
    #expect(maps.map(\.files) == GEMImport.requiredFiles.map { [$0] })

    // Rows with a placeholder target: 422 NoDx, 731 NoDx, 210 NoPCS and 31 NoI9 lines.
    #expect(maps.map { $0.records.filter { $0.target == nil }.count } == [422, 731, 210, 31])
    // 29 of the 31 NoI9 rows lack the no-map flag ("02H40NZ NoI9  10000", line 6269).
    let placeholderRows = pcs10To9.records.filter { $0.target == nil }
    #expect(placeholderRows.filter { $0.flags?.noMap == false }.count == 29)
    #expect(rows(pcs10To9, from: "02H40NZ") == [MapRecord(source: "02H40NZ", target: nil, flags: flags("10000"))])

    // ICD-9-CM to ICD-10-CM, lines 6082-6083, 5024 and 11993-11996.
    #expect(rows(cm9To10, from: "428.0") == [
        MapRecord(source: "428.0", target: "I50.814", flags: flags("10000")),
        MapRecord(source: "428.0", target: "I50.9", flags: flags("10000")),
    ])
    #expect(rows(cm9To10, from: "365.70") == [MapRecord(source: "365.70", target: nil, flags: flags("11000"))])
    #expect(rows(cm9To10, from: "754.35").map(\.target) == ["Q65.01", "Q65.02", "Q65.31", "Q65.32"])
    #expect(rows(cm9To10, from: "754.35").first?.flags == GEMFlags(
        approximate: true, noMap: false, combination: true, scenario: 1, choiceList: 1))
    #expect(rows(cm9To10, from: "754.35").last?.flags == flags("10112"))
    // Line 1 "0010  A000    00000": an exact match, no flag set.
    #expect(cm9To10.records.first == MapRecord(source: "001.0", target: "A00.0", flags: flags("00000")))

    // ICD-10-CM to ICD-9-CM, lines 10826-10827, 28107 and 63689-63690.
    #expect(rows(cm10To9, from: "I50.9").map(\.target) == ["428.0", "428.9"])
    #expect(rows(cm10To9, from: "R29.700") == [MapRecord(source: "R29.700", target: nil, flags: flags("11000"))])
    #expect(rows(cm10To9, from: "T36.0X1A") == [
        MapRecord(source: "T36.0X1A", target: "960.0", flags: flags("10111")),
        MapRecord(source: "T36.0X1A", target: "E856", flags: flags("10112")),
    ])

    // ICD-9 procedures to ICD-10-PCS: lines 1-2, 18901, 140 and the 16 rows of 0050 (combination, 4 choice lists).
    #expect(rows(pcs9To10, from: "00.01").map(\.target) == ["6A750Z4", "6A751Z4"])
    #expect(rows(pcs9To10, from: "38.93").first == MapRecord(source: "38.93", target: "02H633Z", flags: flags("10000")))
    #expect(rows(pcs9To10, from: "00.16") == [MapRecord(source: "00.16", target: nil, flags: flags("11000"))])
    let stent = rows(pcs9To10, from: "00.50")
    #expect(stent.count == 16)
    #expect(Set(stent.compactMap { $0.flags?.choiceList }) == [1, 2, 3, 4])
    #expect(stent.allSatisfy { $0.flags?.combination == true })
    #expect(stent.allSatisfy { $0.flags?.scenario == 1 })

    // ICD-10-PCS to ICD-9 procedures: lines 1, 100942, the last line 101025, and 0270046 (lines 4544-4548).
    #expect(pcs10To9.records.first == MapRecord(source: "0016070", target: "02.31", flags: flags("10000")))
    #expect(rows(pcs10To9, from: "XR2G021") == [MapRecord(source: "XR2G021", target: nil, flags: flags("11000"))])
    #expect(pcs10To9.records.last == MapRecord(source: "XY0VX83", target: "99.99", flags: flags("10000")))
    #expect(rows(pcs10To9, from: "0270046").map(\.target) == ["00.40", "00.44", "00.45", "36.03", "36.07"])
    #expect(rows(pcs10To9, from: "0270046").map { $0.flags?.choiceList } == [2, 5, 3, 1, 4])
}

@Test func gemFlagParsing() {
    #expect(GEMImport.parseFlags("10122") == GEMFlags(approximate: true, noMap: false, combination: true, scenario: 2, choiceList: 2))
    #expect(GEMImport.parseFlags("00000") == GEMFlags(approximate: false, noMap: false, combination: false, scenario: 0, choiceList: 0))
    #expect(GEMImport.parseFlags("1000") == nil)
    #expect(GEMImport.parseFlags("20000") == nil)
    #expect(GEMImport.parseFlags("1000A") == nil)
}

@Test func gemImportRejectsMalformedLines() throws {
    let folder = try TestData.temporaryFolder("medcode-import-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("gems"), withIntermediateDirectories: true)
    let good = ["0010  A000    00000\r\n", "A000    0010  00000\r\n", "0001  6A750Z4 10000\r\n", "0016070 0231  10000\r\n"]
    for (file, text) in zip(GEMImport.requiredFiles, good) {
        try Data(text.utf8).write(to: folder.appendingPathComponent(file))
    }
    #expect(try GEMImport.maps(in: folder).map(\.records.count) == [1, 1, 1, 1])

    let file = GEMImport.diagnosis9To10File
    let path = folder.appendingPathComponent(file).path
    let cases: [(text: String, expected: MedCodeError)] = [
        ("0010  A000    00000\r\n0010  A000\r\n", .invalidTable(
            path: path, line: 2, reason: "expected 3 fields (source, target, flags) separated by spaces, found 2")),
        ("0010  A000    00000\r\n0010  A000    1000\r\n", .invalidField(
            path: path, line: 2, column: 3, field: "flags", value: "1000",
            reason: "expected 5 digits (approximate, no map, combination, scenario, choice list), the first three 0 or 1")),
        ("42A0  I509    10000\r\n", .invalidField(
            path: path, line: 1, column: 1, field: "source", value: "42A0",
            reason: "invalid ICD9CM code \"42A0\": expected \(ICDCode.icd9DiagnosisShape)")),
        ("4280  I5-9    10000\r\n", .invalidField(
            path: path, line: 1, column: 2, field: "target", value: "I5-9",
            reason: "invalid ICD10CM code \"I5-9\": expected \(ICDCode.icd10DiagnosisShape)")),
        ("4280  I509    11000\r\n", .invalidField(
            path: path, line: 1, column: 2, field: "target", value: "I509",
            reason: "the no-map flag is set, so the target must be NoDx, NoPCS or NoI9")),
    ]
    for testCase in cases {
        try Data(testCase.text.utf8).write(to: folder.appendingPathComponent(file))
        #expect(throws: testCase.expected) { try GEMImport.maps(in: folder) }
    }

    try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
    #expect(throws: MedCodeError.invalidTable(
        path: path, line: 0,
        reason: "file not found. The import folder must contain \(file), as staged from the official release")) {
        try GEMImport.maps(in: folder)
    }
}
