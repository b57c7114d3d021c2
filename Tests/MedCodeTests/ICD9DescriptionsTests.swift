import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected descriptions are read by hand from the CMS ICD-9-CM v32 files (FY2015).

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd9LongDiagnosisNames() throws {
    let root = try TestData.require("medcode")
    let url = root.appendingPathComponent("icd9cm/CMS32_DESC_LONG_DX.txt.gz")
    let table = try ICD9Descriptions.load(contentsOf: url, system: .icd9cm)

    // The file has 14,567 lines, one code each.
    #expect(table.count == 14_567)
    #expect(try table.lookup("4280") == "Congestive heart failure, unspecified")
    #expect(try table.lookup("428.0") == "Congestive heart failure, unspecified")
    #expect(try table.lookup("0389") == "Unspecified septicemia")
    #expect(try table.lookup("E8497") == "Accidents occurring in residential institution")
    #expect(try table.lookup("V15.82") == "Personal history of tobacco use")

    // Latin-1 bytes 0xE9, 0xE8 and 0xE4 decode to é, è and ä.
    #expect(try table.lookup("38600") == "Ménière's disease, unspecified")
    #expect(try table.lookup("0413") == "Friedländer's bacillus infection in conditions classified elsewhere and of unspecified site")

    // "428" is a category, not a code in the file, and "42A0" is not an ICD-9-CM shape.
    #expect(try table.lookup("428") == nil)
    #expect(throws: MedCodeError.self) { try table.lookup("42A0") }
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd9ShortProcedureNames() throws {
    let root = try TestData.require("medcode")
    let url = root.appendingPathComponent("icd9cm/CMS32_DESC_SHORT_SG.txt.gz")
    let table = try ICD9Descriptions.load(contentsOf: url, system: .icd9proc)

    #expect(table.count == 3_882)
    #expect(try table.lookup("3893") == "Venous cath NEC")
    #expect(try table.lookup("00.11") == "Infus drotrecogin alfa")
    #expect(try table.lookup("0331") == "Spinal tap")
}

@Test func icd9DescriptionsPlainFileWithCRLF() throws {
    let folder = try TestData.temporaryFolder("medcode-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("dx.txt")
    try Data("4280  CHF NOS\r\nE8497 Accid in resident instit\r\n\r\n".utf8).write(to: url)

    let table = try ICD9Descriptions.load(contentsOf: url, system: .icd9cm)
    #expect(table.count == 2)
    #expect(try table.lookup("428.0") == "CHF NOS")
    #expect(try table.lookup("E849.7") == "Accid in resident instit")
}

@Test func icd9DescriptionsRejectBadLines() throws {
    let folder = try TestData.temporaryFolder("medcode-test")
    defer { try? FileManager.default.removeItem(at: folder) }

    let cases: [(text: String, line: Int, reason: String)] = [
        ("4280  CHF NOS\n42A0  Bad code\n", 2,
         "invalid ICD9CM code \"42A0\": expected \(ICDCode.icd9DiagnosisShape). Check that this is a CMS32 _DX file"),
        ("4280  CHF NOS\n4280  CHF again\n", 2, "code \"4280\" appears twice"),
        ("4280\n", 1, "code \"4280\" has no description"),
    ]
    for (index, testCase) in cases.enumerated() {
        let url = folder.appendingPathComponent("dx\(index).txt")
        try Data(testCase.text.utf8).write(to: url)
        let expected = MedCodeError.invalidTable(path: url.path, line: testCase.line, reason: testCase.reason)
        #expect(throws: expected) { try ICD9Descriptions.load(contentsOf: url, system: .icd9cm) }
    }
}

@Test func icd9DescriptionsMissingFile() throws {
    let folder = try TestData.temporaryFolder("medcode-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("absent.txt.gz")

    let expected = MedCodeError.invalidTable(
        path: url.path, line: 0, reason: "file not found. Check the import folder")
    #expect(throws: expected) { try ICD9Descriptions.load(contentsOf: url, system: .icd9cm) }
}
