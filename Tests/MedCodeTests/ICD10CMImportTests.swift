import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand with zcat and grep from the staged files under medcode/icd10cm:
// icd10cm_tabular_2026.xml.gz (CDC FY2026 tabular), icd10cm_code_list_2026.txt.gz (the same release's list of
// chapters, sections and codes, CRLF lines) and icd10cm_codes_2024.txt.gz (CDC FY2024 codes with names).

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd10DiagnosisImport() throws {
    let root = try TestData.require("medcode")
    let system = try ICD10CMImport.codes(in: root)
    let byCode = recordsByCode(system)

    #expect(system.system == .icd10cm)
    #expect(system.files == ICD10CMImport.requiredFiles)
    #expect(codesWithMissingParent(byCode).isEmpty)

    // Chapter 1 at tabular line 56, and section A00-A09 at line 141.
    let chapter = try #require(byCode["1"])
    #expect(chapter.name == "Certain infectious and parasitic diseases (A00-B99)")
    #expect(chapter.parent == nil)
    #expect(chapter.attributes["billable"] == "no")
    #expect(chapter.attributes["includes"] == "diseases generally recognized as communicable or transmissible")
    #expect(byCode["A00-A09"]?.name == "Intestinal infectious diseases (A00-A09)")
    #expect(byCode["A00-A09"]?.parent == "1")
    #expect(byCode.values.filter { $0.parent == nil }.count == 22)

    // Tabular lines 179244 to 179296 nest S72 > S72.0 > S72.00 > S72.001 in section S70-S79 (line 178707) of
    // chapter 19 (line 150962). The name matches line 43939 of the FY2024 codes file.
    let fracture = try #require(byCode["S72.001A"])
    #expect(fracture.name == "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture")
    #expect(fracture.attributes["billable"] == "yes")
    #expect(ancestors(of: "S72.001A", in: byCode) == ["S72.001", "S72.00", "S72.0", "S72", "S70-S79", "19"])
    #expect(byCode["S72.001"]?.attributes["billable"] == "no")
    #expect(byCode["S72.001S"]?.name == "Fracture of unspecified part of neck of right femur, sequela")
    #expect(byCode["S72"]?.attributes["excludes1"] == "traumatic amputation of hip and thigh (S78.-)")

    // T36.0X is a <diag placeholder="true"> (line 197050). The name matches FY2024 line 58316.
    #expect(byCode["T36.0X1A"]?.parent == "T36.0X1")
    #expect(byCode["T36.0X1A"]?.name == "Poisoning by penicillins, accidental (unintentional), initial encounter")
    #expect(ancestors(of: "T36.0X1", in: byCode) == ["T36.0X", "T36.0", "T36", "T36-T50", "19"])
    #expect(byCode["T36.0X"]?.attributes["placeholder"] == "yes")
    // 246 lines of the tabular contain placeholder="true".
    let placeholders = byCode.values.filter { $0.attributes["placeholder"] == "yes" }
    #expect(placeholders.count == 246)
    #expect(placeholders.allSatisfy { $0.code.hasSuffix("X") })

    // S02.0 has 4 characters, so its 7th-character codes are padded with XX (FY2024 line 24878).
    #expect(byCode["S02.0XXA"]?.parent == "S02.0")
    #expect(byCode["S02.0XXA"]?.name == "Fracture of vault of skull, initial encounter for closed fracture")

    // The S06 note leaves D and S out for a 6th character of 7 or 8 (FY2024 line 26129 has S069X7A only).
    #expect(byCode["S06.9X7A"] != nil)
    #expect(byCode["S06.9X7D"] == nil)
    #expect(byCode["S06.9X1D"] != nil)

    // Section B10 (line 4870) contains only category B10, so the category hangs under chapter 1.
    #expect(byCode["B10"]?.name == "Other human herpesviruses")
    #expect(byCode["B10"]?.parent == "1")
    // QA0, added in FY2026, is the only category with a letter in second place (line 145148).
    #expect(byCode["QA0"]?.name == "Neurodevelopmental disorders related to specific genetic pathogenic variants")

    // "&lt;" in the inclusion terms of R40.222 (line 147649).
    #expect(byCode["R40.222"]?.attributes["inclusion terms"]?.contains("restless (<2 years old)") == true)
    #expect(byCode["I50.9"]?.attributes["billable"] == "yes")
}

// The FY2026 code list has 98,505 lines, 98,466 of them distinct: the 39 single-category sections such as
// "B10" share their line text with their category. The import has one record per distinct line.
@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd10DiagnosisImportMatchesCodeList() throws {
    let root = try TestData.require("medcode")
    let system = try ICD10CMImport.codes(in: root)

    let listText = String(decoding: try readGzipFile(root.appendingPathComponent("icd10cm/icd10cm_code_list_2026.txt.gz")), as: UTF8.self)
    let listed = listText.split(whereSeparator: \.isNewline).map(String.init)
    #expect(listed.count == 98_505)
    #expect(Set(listed).count == 98_466)

    let imported = system.records.map { $0.code.replacingOccurrences(of: ".", with: "") }
    #expect(system.records.count == 98_466)
    #expect(Set(imported) == Set(listed))
}

// The FY2024 codes file names 74,044 codes. 51,068 of them are 7 characters long and named as their parent
// plus ", " and a meaning: 51,044 built from a <sevenChrDef> and 24 listed as <diag> (such as G71.0340
// under G71.034). The names built from the tabular match the FY2024 wording except for 66: 42 where
// FY2026 writes accents ("Brown-Séquard" in place of "Brown-Sequard") and 24 where the wording changed
// ("unspecified hand" in place of "unspecified wrist and hand").
@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func icd10SeventhCharacterNamesMatchCDCWording() throws {
    let root = try TestData.require("medcode")
    let byCode = recordsByCode(try ICD10CMImport.codes(in: root))
    let text = String(decoding: try readGzipFile(root.appendingPathComponent("icd10cm/icd10cm_codes_2024.txt.gz")), as: UTF8.self)

    var compared = 0
    var differing: [String] = []
    var accented = 0
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let code = try? CodeSystem.icd10cm.standardize(String(parts[0])),
              let record = byCode[code], let parent = record.parent.flatMap({ byCode[$0] }),
              isSeventhCharacterCode(record, parent: parent) else { continue }
        compared += 1
        if record.name != parts[1].trimmingCharacters(in: .whitespacesAndNewlines) {
            differing.append(code)
            if record.name.unicodeScalars.contains(where: { !$0.isASCII }) { accented += 1 }
        }
    }

    #expect(compared == 51_068)
    #expect(differing.count == 66, "differing: \(differing.prefix(20))")
    #expect(accented == 42)
    #expect(differing.contains("S14.141A"))
    #expect(differing.contains("S62.90XP"))
}

/// Tells whether a record looks like a code built from a `<sevenChrDef>`: 7 characters, under a non-billable parent that is
/// the code without its 7th character and trailing placeholders.
private func isSeventhCharacterCode(_ record: CodeRecord, parent: CodeRecord) -> Bool {
    let code = record.code.replacingOccurrences(of: ".", with: "")
    let parentCode = parent.code.replacingOccurrences(of: ".", with: "")
    guard code.count == 7, parent.attributes["billable"] == "no" else { return false }
    let padded = parentCode + String(repeating: "X", count: max(0, 6 - parentCode.count))
    return code.dropLast() == padded[...] && record.name.hasPrefix(parent.name + ", ")
}

// MARK: - Malformed files

private func tabularFolder(_ xml: String) throws -> URL {
    let folder = try TestData.temporaryFolder("medcode-import-test")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("icd10cm"), withIntermediateDirectories: true)
    try Data(xml.utf8).write(to: folder.appendingPathComponent(ICD10CMImport.tabularFile))
    return folder
}

private func tabular(_ diagnoses: String) -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <!-- a cut-down tabular -->
    <ICD10CM.tabular>
      <chapter>
        <name>19</name>
        <desc>Injury (S00-T88)</desc>
        <section id="S00-S09">
          <desc>Injuries to the head (S00-S09)</desc>
    \(diagnoses)
        </section>
      </chapter>
    </ICD10CM.tabular>
    """
}

@Test func icd10ImportSmallTabular() throws {
    let folder = try tabularFolder(tabular("""
          <diag>
            <name>S02</name>
            <desc>Fracture of skull &amp; facial bones</desc>
            <sevenChrDef>
              <extension char="A">initial encounter for closed fracture</extension>
              <note>ignored</note>
              <extension char="S">sequela</extension>
            </sevenChrDef>
            <diag><name>S02.0</name><desc>Fracture of vault of skull</desc></diag>
          </diag>
    """))
    defer { try? FileManager.default.removeItem(at: folder) }

    let records = try ICD10CMImport.codes(in: folder).records
    #expect(records.map(\.code) == ["19", "S00-S09", "S02", "S02.0", "S02.0XXA", "S02.0XXS"])
    #expect(records.map { $0.parent ?? "-" } == ["-", "19", "S00-S09", "S02", "S02.0", "S02.0"])
    #expect(records[2].name == "Fracture of skull & facial bones")
    #expect(records[4].name == "Fracture of vault of skull, initial encounter for closed fracture")
    #expect(records.map { $0.attributes["billable"] ?? "-" } == ["no", "no", "no", "no", "yes", "yes"])
}

@Test func icd10ImportRejectsMalformedTabular() throws {
    let cases: [(diagnoses: String, line: Int, reason: String)] = [
        ("      <diag><name>S0-2</name><desc>Bad</desc></diag>", 9,
         "invalid <diag> name \"S0-2\": invalid ICD10CM code \"S0-2\": expected \(ICDCode.icd10DiagnosisShape)"),
        ("      <diag><name>S02</name><diag><name>S02.0</name><desc>Vault</desc></diag></diag>", 9,
         "a <diag> has no <desc> before its content"),
        ("      <diag><name>S02</name><desc>Skull</desc></diag>\n      <diag><name>S02</name><desc>Again</desc></diag>", 10,
         "the code \"S02\" appears twice, first on line 9"),
        ("      <diag><name>S02</name><desc>Skull</desc></dg>", 9,
         "the end tag </dg> does not match the open element <diag>"),
        ("      <diag><name>S02</name><desc>Skull &nbsp;</desc></diag>", 9,
         "unknown entity \"&nbsp;\": expected amp, lt, gt, quot, apos or a character reference such as &#233;"),
    ]
    for testCase in cases {
        let folder = try tabularFolder(tabular(testCase.diagnoses))
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(ICD10CMImport.tabularFile).path
        #expect(throws: MedCodeError.invalidTable(path: path, line: testCase.line, reason: testCase.reason)) {
            try ICD10CMImport.codes(in: folder)
        }
    }
}

@Test func icd10ImportMissingFile() throws {
    let folder = try TestData.temporaryFolder("medcode-import-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent(ICD10CMImport.tabularFile).path
    let expected = MedCodeError.invalidTable(
        path: path, line: 0,
        reason: "file not found. The import folder must contain \(ICD10CMImport.tabularFile), as staged from the official release")
    #expect(throws: expected) { try ICD10CMImport.codes(in: folder) }
}

// MARK: - XML scanner

private func events(_ xml: String) throws -> [XMLScanner.Event] {
    var scanner = XMLScanner(bytes: Array(xml.utf8), path: "test.xml")
    var result: [XMLScanner.Event] = []
    while let event = try scanner.next() { result.append(event) }
    return result
}

@Test func xmlScannerEvents() throws {
    let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE root>
        <root a="1 &amp; 2" b='x'>
          <!-- a comment with <tags> -->
          <item/>
          <text>caf&#233; &#xE9;t&eacute;</text>
        </root>
        """.replacingOccurrences(of: "&eacute;", with: "&lt;&gt;&quot;&apos;")
    #expect(try events(xml) == [
        .start(name: "root", attributes: ["a": "1 & 2", "b": "x"]),
        .start(name: "item", attributes: [:]),
        .end(name: "item"),
        .start(name: "text", attributes: [:]),
        .text("café ét<>\"'"),
        .end(name: "text"),
        .end(name: "root"),
    ])
    #expect(try events("<a><![CDATA[x < y & z]]></a>") == [
        .start(name: "a", attributes: [:]), .text("x < y & z"), .end(name: "a"),
    ])
}

@Test func xmlScannerRejectsMalformedInput() {
    let cases: [(xml: String, line: Int, reason: String)] = [
        ("<a>\n<b></a>", 2, "the end tag </a> does not match the open element <b>"),
        ("<a>\n<b>\n</b>\n", 4, "the element <a> is never closed. Check that the file is complete and not cut short"),
        ("<a>\n1 & 2</a>", 2, "an \"&\" does not start an entity reference. Write it as \"&amp;\""),
        ("<a>\n<!-- open", 2, "a comment is never closed. Check that the file is complete and not cut short"),
        ("<a b=1></a>", 1, "the value of the attribute \"b\" of <a> is not quoted"),
        ("</a>", 1, "the end tag </a> has no start tag"),
    ]
    for testCase in cases {
        #expect(throws: MedCodeError.invalidTable(path: "test.xml", line: testCase.line, reason: testCase.reason)) {
            try events(testCase.xml)
        }
    }
}
