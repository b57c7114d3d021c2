import Foundation
import Testing
import TestSupport
@testable import MedCode

// Checks that the CCS, ATC, NDC and RxNorm importers reject a file whose header is missing or renamed, a row
// with a missing or extra field, a stray double quote in an HCUP file, and a file without data rows.

/// Returns the smallest CCS folder that imports, as relative path to text: every file with HCUP's real header
/// and one or two data rows.
func minimalCCSFiles() -> [String: String] {
    [
        CCSImport.singleDiagnosisLabels: "CCS DIAGNOSIS CATEGORIES,CCS DIAGNOSIS CATEGORIES LABELS\n.Z  ,Overall\n1,Tuberculosis\n",
        // The trailing empty field is how HCUP's 2014 procedure labels end some rows.
        CCSImport.singleProcedureLabels: "\"CCS PROCEDURE CATEGORIES\",\"CCS PROCEDURE CATEGORIES LABELS\"\n"
            + "\"1  \",\"Incision and excision of CNS\",\n",
        CCSImport.multiDiagnosisLabels: "'MULTI-LEVEL CCS DIAGNOSIS CATEGORIES','MULTI-LEVEL CCS DIAGNOSIS LABELS',,\n"
            + "'1 ','Infectious and parasitic diseases ',,\n",
        CCSImport.multiProcedureLabels: "'MULTI-LEVEL CCS DIAGNOSIS CATEGORIES','MULTI-LEVEL CCS DIAGNOSIS LABELS'\n"
            + "'1','Operations on the nervous system '\n",
        CCSImport.singleDiagnosisICD9: "NOTE: a note.\n"
            + "'ICD-9-CM CODE','CCS CATEGORY','CCS CATEGORY DESCRIPTION','ICD-9-CM CODE DESCRIPTION',"
            + "'OPTIONAL CCS CATEGORY','OPTIONAL CCS CATEGORY DESCRIPTION'\n"
            + "'01000','1    ','Tuberculosis',\"PRIM TB COMPLEX-UNSPEC\",' ',' '\n",
        CCSImport.singleProcedureICD9: "NOTE: a note.\n"
            + "'ICD-9-CM CODE','CCS CATEGORY','CCS CATEGORY DESCRIPTION','ICD-9-CM CODE DESCRIPTION'\n"
            + "'0101 ','1  ','Inc/exc CNS',\"CISTERNAL PUNCTURE\"\n",
        CCSImport.multiDiagnosisTool: "'ICD-9-CM CODE','CCS LVL 1','CCS LVL 1 LABEL','CCS LVL 2','CCS LVL 2 LABEL',"
            + "'CCS LVL 3','CCS LVL 3 LABEL','CCS LVL 4','CCS LVL 4 LABEL'\n"
            + "'01000','1',\"Infectious and parasitic diseases\",' ',\" \",' ',\" \",' ',\" \"\n",
        CCSImport.multiProcedureTool: "'ICD-9-CM CODE','CCS LVL 1','CCS LVL 1 LABEL','CCS LVL 2','CCS LVL 2 LABEL',"
            + "'CCS LVL 3','CCS LVL 3 LABEL'\n"
            + "'0101','1',\"Operations on the nervous system\",' ',\" \",' ',\" \"\n",
        CCSImport.diagnosisICD10: "'ICD-10-CM CODE','CCS CATEGORY','ICD-10-CM CODE DESCRIPTION','CCS CATEGORY DESCRIPTION',"
            + "'MULTI CCS LVL 1','MULTI CCS LVL 1 LABEL','MULTI CCS LVL 2','MULTI CCS LVL 2 LABEL'\n"
            + "'A150','1',\"Tuberculosis of lung\",\"Tuberculosis\",'1',\"Infectious and parasitic diseases\",' ',\" \"\n",
        CCSImport.procedureICD10: "'ICD-10-PCS CODE','CCS CATEGORY','ICD-10-PCS CODE DESCRIPTION','CCS CATEGORY DESCRIPTION',"
            + "'MULTI CCS LVL 1','MULTI CCS LVL 1 LABEL','MULTI CCS LVL 2','MULTI CCS LVL 2 LABEL'\n"
            + "'00800ZZ','1',\"Division of Brain, Open Approach\",\"Incision and excision of CNS\",'1',"
            + "\"Operations on the nervous system\",' ',\" \"\n",
    ]
}

/// Writes `files` (relative path to text) into a new temporary folder and returns it.
private func writeFolder(_ label: String, _ files: [String: String]) throws -> URL {
    let folder = try TestData.temporaryFolder(label)
    for (file, text) in files {
        let url = folder.appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return folder
}

/// The position and value that an `invalidField` error names.
private struct FieldErrorSite: Equatable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: Int
    var field: String
    var value: String

    var description: String { "\(file):\(line):\(column) \(field)=\"\(value)\"" }
}

/// Runs `body` and returns where its `invalidField` error points, with the path relative to `folder`, or nil
/// when it throws nothing or another error.
private func fieldErrorSite(in folder: URL, _ body: () throws -> Void) -> FieldErrorSite? {
    do {
        try body()
    } catch let MedCodeError.invalidField(path, line, column, field, value, reason) {
        // Every rejection must also tell the user what to check.
        #expect(reason.contains("Check that this is"), "\(reason)")
        let relative = path.hasPrefix(folder.path + "/") ? String(path.dropFirst(folder.path.count + 1)) : path
        return FieldErrorSite(file: relative, line: line, column: column, field: field, value: value)
    } catch {
        Issue.record("expected MedCodeError.invalidField, got \(error)")
    }
    return nil
}

/// Runs `body` and returns the `invalidTable` error's line and reason, or nil for no error or another error.
private func tableError(_ body: () throws -> Void) -> (path: String, line: Int, reason: String)? {
    do {
        try body()
    } catch let MedCodeError.invalidTable(path, line, reason) {
        return (path, line, reason)
    } catch {
        Issue.record("expected MedCodeError.invalidTable, got \(error)")
    }
    return nil
}

// MARK: - CCS

@Test func ccsMinimalFolderImports() throws {
    let folder = try writeFolder("medcode-ccs-shape", minimalCCSFiles())
    defer { try? FileManager.default.removeItem(at: folder) }

    let result = try CCSImport.read(in: folder)
    let map = result.maps.first { $0.source == .icd9cm && $0.target == .ccscmMultiLevel }
    #expect(map?.records == [MapRecord(source: "010.00", target: "1")])
}

/// A damaged copy of one line of a minimal CCS file, and where the importer must point.
struct CCSDamage: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    /// Transforms the file's text.
    var damage: @Sendable (String) -> String
    var line: Int
    var column: Int
    var field: String
    var value: String

    var testDescription: String { name }
}

private func replacing(_ old: String, with new: String) -> @Sendable (String) -> String {
    { $0.replacingOccurrences(of: old, with: new) }
}

@Test(arguments: [
    CCSDamage(name: "multi-level tool without header", file: CCSImport.multiDiagnosisTool,
              damage: { String($0.split(separator: "\n", maxSplits: 1)[1]) },
              line: 1, column: 1, field: "column name", value: "01000"),
    CCSDamage(name: "single-level tool with the NOTE but no header", file: CCSImport.singleDiagnosisICD9,
              damage: replacing("'ICD-9-CM CODE','CCS CATEGORY','CCS CATEGORY DESCRIPTION','ICD-9-CM CODE DESCRIPTION',"
                                + "'OPTIONAL CCS CATEGORY','OPTIONAL CCS CATEGORY DESCRIPTION'\n", with: ""),
              line: 2, column: 1, field: "column name", value: "01000"),
    CCSDamage(name: "renamed header column", file: CCSImport.multiProcedureTool,
              damage: replacing("'CCS LVL 2 LABEL'", with: "'CCS LEVEL 2 LABEL'"),
              line: 1, column: 5, field: "column name", value: "CCS LEVEL 2 LABEL"),
    CCSDamage(name: "missing last field", file: CCSImport.multiDiagnosisTool,
              damage: replacing(",' ',\" \"\n", with: ",' '\n"),
              line: 2, column: 9, field: "CCS LVL 4 LABEL", value: ""),
    CCSDamage(name: "extra field", file: CCSImport.singleDiagnosisICD9,
              damage: replacing("' ',' '\n", with: "' ',' ','x'\n"),
              line: 3, column: 7, field: "field 7", value: "x"),
    CCSDamage(name: "opening double quote deleted", file: CCSImport.multiDiagnosisTool,
              damage: replacing("'1',\"Infectious", with: "'1',Infectious"),
              line: 2, column: 3, field: "CCS LVL 1 LABEL", value: "Infectious and parasitic diseases\""),
    CCSDamage(name: "closing double quote deleted", file: CCSImport.diagnosisICD10,
              damage: replacing("\"Tuberculosis of lung\"", with: "\"Tuberculosis of lung"),
              line: 2, column: 8, field: "MULTI CCS LVL 2 LABEL", value: ""),
    CCSDamage(name: "value after the named label columns", file: CCSImport.multiDiagnosisLabels,
              damage: replacing("diseases ',,\n", with: "diseases ',,'x'\n"),
              line: 2, column: 4, field: "field 4", value: "x"),
    CCSDamage(name: "label row without its label", file: CCSImport.singleDiagnosisLabels,
              damage: replacing("1,Tuberculosis\n", with: "1\n"),
              line: 3, column: 2, field: "CCS DIAGNOSIS CATEGORIES LABELS", value: ""),
])
func ccsRejectsDamagedRow(_ damage: CCSDamage) throws {
    var files = minimalCCSFiles()
    let original = try #require(files[damage.file])
    files[damage.file] = damage.damage(original)
    #expect(files[damage.file] != original, "the damage did not change \(damage.file)")
    let folder = try writeFolder("medcode-ccs-shape", files)
    defer { try? FileManager.default.removeItem(at: folder) }

    let site = fieldErrorSite(in: folder) { _ = try CCSImport.read(in: folder) }
    #expect(site == FieldErrorSite(file: damage.file, line: damage.line, column: damage.column, field: damage.field, value: damage.value))
}

@Test func ccsRejectsHeaderOnlyFile() throws {
    var files = minimalCCSFiles()
    files[CCSImport.multiProcedureTool] = String(files[CCSImport.multiProcedureTool]!.split(separator: "\n")[0]) + "\n"
    let folder = try writeFolder("medcode-ccs-shape", files)
    defer { try? FileManager.default.removeItem(at: folder) }

    let error = tableError { _ = try CCSImport.read(in: folder) }
    #expect(error?.path == folder.appendingPathComponent(CCSImport.multiProcedureTool).path)
    #expect(error?.reason.contains("has no data rows") == true, "\(String(describing: error))")
}

@Test func ccsRejectsNoteOnlyFile() throws {
    var files = minimalCCSFiles()
    files[CCSImport.singleProcedureICD9] = "NOTE: a note.\n"
    let folder = try writeFolder("medcode-ccs-shape", files)
    defer { try? FileManager.default.removeItem(at: folder) }

    let error = tableError { _ = try CCSImport.read(in: folder) }
    #expect(error?.path == folder.appendingPathComponent(CCSImport.singleProcedureICD9).path)
    #expect(error?.reason.contains("has no header row") == true, "\(String(describing: error))")
}

/// A change to one line of a staged HCUP file, and where the importer must point.
struct RealCCSDamage: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    /// The 1-based line that `damage` changes.
    var damagedLine: Int
    /// Returns the damaged line, or nil to delete it.
    var damage: @Sendable (String) -> String?
    var column: Int
    var field: String
    var value: String
    /// The line the error names.
    var errorLine: Int

    var testDescription: String { name }
}

// The lines come from zcat of the staged files. In ccs_multi_dx_tool_2015.csv.gz, line 1 is the header and
// lines 2, 5 and 7 are the rows of 01000, 01003 and 01005 ('01005','1',"Infectious and parasitic diseases",...,
// ' '," "). In ccs_single_dx_icd9_2015.csv.gz, line 10 is the row of 01006, ending in ' ',' '. Every line ends
// in CRLF.
@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"),
      arguments: [
    RealCCSDamage(name: "header line deleted", file: CCSImport.multiDiagnosisTool, damagedLine: 1, damage: { _ in nil },
                  column: 1, field: "column name", value: "01000", errorLine: 1),
    RealCCSDamage(name: "last field deleted", file: CCSImport.multiDiagnosisTool, damagedLine: 5,
                  damage: { $0.replacingOccurrences(of: ",\" \"\r", with: "\r") },
                  column: 9, field: "CCS LVL 4 LABEL", value: "", errorLine: 5),
    RealCCSDamage(name: "double quote deleted", file: CCSImport.multiDiagnosisTool, damagedLine: 7,
                  damage: { $0.replacingOccurrences(of: "'1',\"Infectious", with: "'1',Infectious") },
                  column: 3, field: "CCS LVL 1 LABEL", value: "Infectious and parasitic diseases\"", errorLine: 7),
    RealCCSDamage(name: "field added", file: CCSImport.singleDiagnosisICD9, damagedLine: 10,
                  damage: { $0.replacingOccurrences(of: "' ',' '\r", with: "' ',' ','x'\r") },
                  column: 7, field: "field 7", value: "x", errorLine: 10),
])
func ccsRejectsDamagedRealFile(_ damage: RealCCSDamage) throws {
    let root = try TestData.require("medcode")
    let folder = try TestData.temporaryFolder("medcode-ccs-real")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("ccs"), withIntermediateDirectories: true)

    // The undamaged files are links to the staged ones; the damaged one is written uncompressed.
    for file in CCSImport.requiredFiles where file != damage.file {
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent(file), withDestinationURL: root.appendingPathComponent(file))
    }
    // Split on the LF byte, because a Swift String treats CRLF as one Character that "\n" does not match.
    let bytes = try readGzipFile(root.appendingPathComponent(damage.file))
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    try #require(lines.count > damage.damagedLine)
    let original = lines[damage.damagedLine - 1]
    if let damaged = damage.damage(original) {
        #expect(damaged != original, "the damage did not change line \(damage.damagedLine)")
        lines[damage.damagedLine - 1] = damaged
    } else {
        lines.remove(at: damage.damagedLine - 1)
    }
    try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent(damage.file))

    let site = fieldErrorSite(in: folder) { _ = try CCSImport.read(in: folder) }
    #expect(site == FieldErrorSite(file: damage.file, line: damage.errorLine, column: damage.column, field: damage.field, value: damage.value))
}

// MARK: - ATC, RxNorm and NDC

@Test func atcImportRejectsBadShapes() throws {
    let cases: [(text: String, expected: FieldErrorSite)] = [
        ("A,alimentary tract and metabolism\nN,nervous system\n",
         FieldErrorSite(file: ATCImport.codesFile, line: 1, column: 1, field: "column name", value: "A")),
        ("atc_code,atc_name\nN,nervous system\nN02,analgesics,x\n",
         FieldErrorSite(file: ATCImport.codesFile, line: 3, column: 3, field: "field 3", value: "x")),
        ("atc_code,atc_name\nN,nervous system\nN02\n",
         FieldErrorSite(file: ATCImport.codesFile, line: 3, column: 2, field: "atc_name", value: "")),
    ]
    for (text, expected) in cases {
        let folder = try writeFolder("medcode-atc-shape", [ATCImport.codesFile: text])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(fieldErrorSite(in: folder) { _ = try ATCImport.systems(in: folder) } == expected, "\(text)")
    }

    let folder = try writeFolder("medcode-atc-shape", [ATCImport.codesFile: "atc_code,atc_name\r\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = tableError { _ = try ATCImport.systems(in: folder) }
    #expect(error?.reason.contains("has no data rows") == true, "\(String(describing: error))")
}

@Test func rxnormImportRejectsBadShapes() throws {
    let rxcui = "ndc,rxcui\n00002050101,207882\n"
    let gsn = "gsn,atc,ndc\n000015,C01AA05,24987026010\n"
    let cases: [(files: [String: String], expected: FieldErrorSite)] = [
        ([RxNormImport.ndcToRxcuiFile: rxcui + "00002140701\n", RxNormImport.ndcToATCFile: gsn],
         FieldErrorSite(file: RxNormImport.ndcToRxcuiFile, line: 3, column: 2, field: "rxcui", value: "")),
        ([RxNormImport.ndcToRxcuiFile: rxcui, RxNormImport.ndcToATCFile: "atc,gsn,ndc\nC01AA05,000015,24987026010\n"],
         FieldErrorSite(file: RxNormImport.ndcToATCFile, line: 1, column: 1, field: "column name", value: "atc")),
        ([RxNormImport.ndcToRxcuiFile: rxcui, RxNormImport.ndcToATCFile: gsn + "000016,C01AA05,24208036067,1\n"],
         FieldErrorSite(file: RxNormImport.ndcToATCFile, line: 3, column: 4, field: "field 4", value: "1")),
    ]
    for (files, expected) in cases {
        let folder = try writeFolder("medcode-rxnorm-shape", files)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(fieldErrorSite(in: folder) { _ = try RxNormImport.maps(in: folder) } == expected, "\(expected)")
    }

    let folder = try writeFolder("medcode-rxnorm-shape", [MIMICDrugNames.file: "drug,atc_code\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = tableError { _ = try MIMICDrugNames.load(in: folder) }
    #expect(error?.reason.contains("has no data rows") == true, "\(String(describing: error))")
}

@Test func ndcImportRejectsBadShapes() throws {
    let (productHeader, product) = (NDCFixture.productHeader, NDCFixture.product)
    let (packageHeader, package) = (NDCFixture.packageHeader, NDCFixture.package)

    // The same files without damage import, so each error below comes from its damage.
    let valid = try writeFolder("medcode-ndc-shape", [NDCImport.productFile: productHeader + product, NDCImport.packageFile: packageHeader + package])
    defer { try? FileManager.default.removeItem(at: valid) }
    #expect(try NDCImport.systems(in: valid).first?.records.map(\.code) == ["00002-0800", "00002080001"])

    let cases: [(files: [String: String], expected: FieldErrorSite)] = [
        // SAMPLE_PACKAGE and its tab are gone.
        ([NDCImport.productFile: productHeader + product,
          NDCImport.packageFile: packageHeader + "0002-0800_x\t0002-0800\t0002-0800-01\t1 VIAL\t19870710\t\tN\r\n"],
         FieldErrorSite(file: NDCImport.packageFile, line: 2, column: 8, field: "SAMPLE_PACKAGE", value: "")),
        // A tab inside the proprietary name splits it in two.
        ([NDCImport.productFile: productHeader + product.replacingOccurrences(of: "Sterile Diluent", with: "Sterile\tDiluent"),
          NDCImport.packageFile: packageHeader + package],
         FieldErrorSite(file: NDCImport.productFile, line: 2, column: 19, field: "field 19", value: "")),
    ]
    for (files, expected) in cases {
        let folder = try writeFolder("medcode-ndc-shape", files)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(fieldErrorSite(in: folder) { _ = try NDCImport.systems(in: folder) } == expected, "\(expected)")
    }

    let folder = try writeFolder("medcode-ndc-shape", [NDCImport.productFile: productHeader, NDCImport.packageFile: packageHeader + package])
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = tableError { _ = try NDCImport.systems(in: folder) }
    #expect(error?.path == folder.appendingPathComponent(NDCImport.productFile).path)
    #expect(error?.reason.contains("has no data rows") == true, "\(String(describing: error))")
}
