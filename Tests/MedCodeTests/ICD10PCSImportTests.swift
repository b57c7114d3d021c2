import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand with zcat and grep from medcode/icd10pcs/icd10pcs_codes_2024.txt.gz
// (CMS FY2024 ICD-10-PCS codes with long descriptions, 78,603 lines).

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd10ProcedureImport() throws {
    let root = try TestData.require("medcode")
    let system = try ICD10PCSImport.codes(in: root)
    let byCode = recordsByCode(system)

    #expect(system.system == .icd10proc)
    #expect(system.files == ICD10PCSImport.requiredFiles)
    #expect(system.records.count == 78_603)
    #expect(byCode.count == 78_603)
    #expect(system.records.allSatisfy { $0.parent == nil })

    // Line 1, line 32258 and the last line, 78603.
    #expect(system.records.first?.code == "0016070")
    #expect(byCode["0016070"]?.name == "Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach")
    #expect(byCode["0DTJ4ZZ"]?.name == "Resection of Appendix, Percutaneous Endoscopic Approach")
    #expect(system.records.last?.code == "XY0YX37")
    #expect(system.records.last?.name == "Extracorporeal Introduction of Nafamostat Anticoagulant, New Technology Group 7")
}

@Test func icd10ProcedureImportRejectsMalformedLines() throws {
    let folder = try TestData.temporaryFolder("medcode-import-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("icd10pcs"), withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(ICD10PCSImport.codesFile)

    let cases: [(text: String, expected: MedCodeError)] = [
        ("0016070 Bypass\n0016O70 Letter O in place of zero\n", .invalidField(
            path: url.path, line: 2, column: 1, field: "code", value: "0016O70",
            reason: "invalid ICD10PROC code \"0016O70\": expected \(ICDCode.icd10ProcedureShape). Check that the file is \(ICD10PCSImport.codesFile) from the official release")),
        ("0016070\n", .invalidField(
            path: url.path, line: 1, column: 2, field: "description", value: "", reason: "the code \"0016070\" has no description")),
        ("0016070 Bypass\r\n0016070 Bypass again\r\n", .invalidTable(
            path: url.path, line: 2, reason: "the code \"0016070\" appears twice, first on line 1")),
    ]
    for testCase in cases {
        try Data(testCase.text.utf8).write(to: url)
        #expect(throws: testCase.expected) { try ICD10PCSImport.codes(in: folder) }
    }

    try Data("0016070 Bypass\r\n\r\n0dtj4zz Resection\r\n".utf8).write(to: url)
    let records = try ICD10PCSImport.codes(in: folder).records
    #expect(records.map(\.code) == ["0016070", "0DTJ4ZZ"])

    try FileManager.default.removeItem(at: url)
    #expect(throws: MedCodeError.invalidTable(
        path: url.path, line: 0,
        reason: "file not found. The import folder must contain \(ICD10PCSImport.codesFile), as staged from the official release")) {
        try ICD10PCSImport.codes(in: folder)
    }
}
