import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand with zcat and grep from the staged files under medcode/icd9cm:
// icd9cm_dx_hierarchy_2015.csv.gz (the 2015 diagnosis tree) and the CMS32_DESC_* files (CMS v32, FY2015).

/// Returns the records by code, failing the test on a repeated code.
func recordsByCode(_ system: ImportedSystem) -> [String: CodeRecord] {
    var byCode: [String: CodeRecord] = [:]
    var repeated: [String] = []
    for record in system.records {
        if byCode[record.code] != nil { repeated.append(record.code) }
        byCode[record.code] = record
    }
    #expect(repeated.isEmpty, "repeated codes: \(repeated.prefix(10))")
    return byCode
}

/// Returns the codes whose parent is not a record of the same system.
func codesWithMissingParent(_ byCode: [String: CodeRecord]) -> [String] {
    byCode.values.filter { record in record.parent.map { byCode[$0] == nil } ?? false }.map(\.code).sorted()
}

/// Returns the parent chain of `code`, closest first.
func ancestors(of code: String, in byCode: [String: CodeRecord]) -> [String] {
    var chain: [String] = []
    var current = byCode[code]?.parent
    while let parent = current, chain.count < 20 {
        chain.append(parent)
        current = byCode[parent]?.parent
    }
    return chain
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd9DiagnosisImport() throws {
    let root = try TestData.require("medcode")
    let system = try ICD9Import.diagnoses(in: root)
    let byCode = recordsByCode(system)

    // The tree file has 17,727 lines: the header and 17,726 nodes, 14,567 of them leaves (the CMS32 codes).
    #expect(system.system == .icd9cm)
    #expect(system.records.count == 17_726)
    #expect(byCode.values.filter { $0.attributes["short name"] != nil }.count == 14_567)
    #expect(codesWithMissingParent(byCode).isEmpty)
    #expect(system.files == ICD9Import.requiredFiles.filter { $0.contains("_DX") || $0.contains("hierarchy") })

    // CMS32_DESC_LONG_DX line 4794 "4280  Congestive heart failure, unspecified", SHORT_DX "4280  CHF NOS";
    // tree lines 5777 "420-429,390-459" and 8 "390-459,,0,0,Diseases Of The Circulatory System".
    let heartFailure = try #require(byCode["428.0"])
    #expect(heartFailure.name == "Congestive heart failure, unspecified")
    #expect(heartFailure.attributes["short name"] == "CHF NOS")
    #expect(ancestors(of: "428.0", in: byCode) == ["428", "420-429", "390-459"])
    #expect(byCode["428"]?.name == "Heart failure")
    #expect(byCode["420-429"]?.name == "Other Forms Of Heart Disease")
    #expect(byCode["390-459"]?.name == "Diseases Of The Circulatory System")
    #expect(byCode["390-459"]?.parent == nil)

    // LONG_DX line 12656 "E8497 Accidents occurring in residential institution"; tree lines 15421, 15418, 19.
    #expect(byCode["E849.7"]?.name == "Accidents occurring in residential institution")
    #expect(byCode["E849.7"]?.attributes["short name"] == "Accid in resident instit")
    #expect(ancestors(of: "E849.7", in: byCode) == ["E849", "E846-E849", "E000-E999"])

    // LONG_DX line 14319 "V700  Routine general medical examination at a health care facility"; tree line 17408.
    #expect(byCode["V70.0"]?.name == "Routine general medical examination at a health care facility")
    #expect(byCode["V70.0"]?.attributes["short name"] == "Routine medical exam")
    #expect(ancestors(of: "V70.0", in: byCode) == ["V70", "V70-V82", "V01-V91"])

    // LONG_DX line 4509 is "38600 M\xe9ni\xe8re's disease, unspecified" in Latin-1.
    #expect(byCode["386.00"]?.name == "Ménière's disease, unspecified")

    // Chapter 280-289 has no sections, so its categories sit directly under it (tree: "280,280-289,1,0,...").
    #expect(byCode["280"]?.parent == "280-289")
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd9ProcedureImport() throws {
    let root = try TestData.require("medcode")
    let system = try ICD9Import.procedures(in: root)
    let byCode = recordsByCode(system)

    // CMS32_DESC_LONG_SG has 3,882 codes: 3,661 of 4 digits under 669 distinct 3-digit categories, 221 of
    // 3 digits, and 100 distinct 2-digit categories (00 to 99). No category is itself listed, so
    // 3,882 + 669 + 100 = 4,651 records.
    #expect(system.system == .icd9proc)
    #expect(system.records.count == 4_651)
    #expect(byCode.values.filter { $0.name.isEmpty }.count == 769)
    #expect(codesWithMissingParent(byCode).isEmpty)
    #expect(system.records.map(\.code) == system.records.map(\.code).sorted())

    // LONG_SG line 1206 "3893 Venous catheterization, not elsewhere classified", SHORT_SG "3893 Venous cath NEC".
    let catheter = try #require(byCode["38.93"])
    #expect(catheter.name == "Venous catheterization, not elsewhere classified")
    #expect(catheter.attributes["short name"] == "Venous cath NEC")
    #expect(ancestors(of: "38.93", in: byCode) == ["38.9", "38"])
    #expect(byCode["38.9"]?.name == "")
    #expect(byCode["38"]?.parent == nil)

    // LONG_SG line 112 "016  Excision of lesion of skull": a 3-digit code directly under its 2-digit category.
    #expect(byCode["01.6"]?.name == "Excision of lesion of skull")
    #expect(byCode["01.6"]?.parent == "01")
}

@Test func truncationsOfDottedCodes() {
    #expect(ICD9Import.truncations(of: "38.93") == ["38.9", "38"])
    #expect(ICD9Import.truncations(of: "01.6") == ["01"])
    #expect(ICD9Import.truncations(of: "428.01") == ["428.0", "428"])
    #expect(ICD9Import.truncations(of: "428") == [])
}

// MARK: - Malformed files

/// Writes the four CMS32 files and the tree into a fresh import folder, with `overrides` replacing files.
func makeICD9Folder(_ overrides: [String: String] = [:]) throws -> URL {
    let folder = try TestData.temporaryFolder("medcode-import-test")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("icd9cm"), withIntermediateDirectories: true)
    var files = [
        ICD9Import.hierarchyFile: """
            code,parent_code,depth,is_leaf,short_desc,long_desc
            390-459,,0,0,Diseases Of The Circulatory System,
            428,390-459,1,0,Heart failure,
            4280,428,2,1,CHF NOS,"Congestive heart failure, unspecified"

            """,
        ICD9Import.longDiagnosisFile: "4280  Congestive heart failure, unspecified\r\n42801 Not in the tree\r\n",
        ICD9Import.shortDiagnosisFile: "4280  CHF NOS\r\n",
        ICD9Import.longProcedureFile: "3893 Venous catheterization, not elsewhere classified\n016  Excision of lesion of skull\n",
        ICD9Import.shortProcedureFile: "3893 Venous cath NEC\n",
    ]
    files.merge(overrides) { _, new in new }
    for (path, text) in files {
        // The files keep their .gz names; zlib reads plain text unchanged.
        try Data(text.utf8).write(to: folder.appendingPathComponent(path))
    }
    return folder
}

@Test func icd9ImportSmallFolder() throws {
    let folder = try makeICD9Folder()
    defer { try? FileManager.default.removeItem(at: folder) }

    let diagnoses = recordsByCode(try ICD9Import.diagnoses(in: folder))
    #expect(diagnoses.count == 4)
    #expect(diagnoses["428.0"]?.name == "Congestive heart failure, unspecified")
    // A CMS32 code missing from the tree goes under its closest truncation that is a node.
    #expect(diagnoses["428.01"]?.parent == "428.0")
    #expect(diagnoses["428.01"]?.attributes["short name"] == nil)

    let procedures = try ICD9Import.procedures(in: folder)
    #expect(procedures.records.map(\.code) == ["01", "01.6", "38", "38.9", "38.93"])
}

@Test func icd9ImportRejectsMalformedLines() throws {
    let hierarchy = ICD9Import.hierarchyFile
    let cases: [(file: String, text: String, expected: (URL) -> MedCodeError)] = [
        (hierarchy, "code,parent_code,depth,is_leaf,short_desc,long_desc\n42X,,0,0,Heart failure,\n", { url in
            .invalidField(
                path: url.path, line: 2, column: 1, field: "code", value: "42X",
                reason: "invalid ICD9CM code \"42X\": expected \(ICDCode.icd9DiagnosisShape). A range such as \"001-139\" is also accepted")
        }),
        (hierarchy, "code,parent_code,depth,is_leaf,short_desc,long_desc\n428,,0,2,Heart failure,\n", { url in
            .invalidField(path: url.path, line: 2, column: 4, field: "is_leaf", value: "2", reason: "expected 0 or 1")
        }),
        (hierarchy, "code,parent_code,depth,is_leaf,short_desc,long_desc\n428,420-429,1,0,Heart failure,\n", { url in
            .invalidField(
                path: url.path, line: 2, column: 2, field: "parent_code", value: "420-429",
                reason: "no row has this code. Check that the file is complete")
        }),
        (hierarchy, "code,parent,depth\n", { url in
            .invalidTable(
                path: url.path, line: 1,
                reason: "expected the header \"code,parent_code,depth,is_leaf,short_desc,long_desc\", found \"code,parent,depth\"")
        }),
        (ICD9Import.longDiagnosisFile, "4280  CHF\n42A0  Bad\n", { url in
            .invalidField(
                path: url.path, line: 2, column: 1, field: "code", value: "42A0",
                reason: "invalid ICD9CM code \"42A0\": expected \(ICDCode.icd9DiagnosisShape). Check that the file is \(ICD9Import.longDiagnosisFile) from the official release")
        }),
        (ICD9Import.longDiagnosisFile, "4280  CHF\n4280  CHF again\n", { url in
            .invalidTable(path: url.path, line: 2, reason: "the code \"4280\" appears twice, first on line 1")
        }),
        (ICD9Import.longDiagnosisFile, "4280\n", { url in
            .invalidField(path: url.path, line: 1, column: 2, field: "description", value: "", reason: "the code \"4280\" has no description")
        }),
    ]

    for testCase in cases {
        let folder = try makeICD9Folder([testCase.file: testCase.text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = testCase.expected(folder.appendingPathComponent(testCase.file))
        #expect(throws: expected) { try ICD9Import.diagnoses(in: folder) }
    }

    let folder = try makeICD9Folder([ICD9Import.longProcedureFile: "3893 Venous cath\n389 Listed category\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent(ICD9Import.longProcedureFile)
    #expect(throws: MedCodeError.invalidTable(
        path: url.path, line: 0,
        reason: "the code \"38.9\" is both listed and the category of other listed codes. Check that this is a CMS32 _SG file")) {
        try ICD9Import.procedures(in: folder)
    }
}

@Test func icd9ImportMissingFile() throws {
    let folder = try makeICD9Folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent(ICD9Import.shortProcedureFile)
    try FileManager.default.removeItem(at: url)

    let expected = MedCodeError.invalidTable(
        path: url.path, line: 0,
        reason: "file not found. The import folder must contain \(ICD9Import.shortProcedureFile), as staged from the official release")
    #expect(throws: expected) { try ICD9Import.procedures(in: folder) }
}
