import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand from the HCUP files under medcode/ccs/ with zcat and grep; each check names
// the file and line.

private func ccs() throws -> (systems: [CodeSystem: ImportedSystem], maps: [String: ImportedMap], skipped: SkippedRows) {
    let root = try TestData.require("medcode")
    var skipped = SkippedRows()
    let result = try CCSImport.read(in: root, skipped: &skipped)
    let systems = Dictionary(uniqueKeysWithValues: result.systems.map { ($0.system, $0) })
    let maps = Dictionary(uniqueKeysWithValues: result.maps.map { ("\($0.source.rawValue)->\($0.target.rawValue)", $0) })
    return (systems, maps, skipped)
}

private func targets(_ map: ImportedMap?, of source: String) -> [String] {
    (map?.records ?? []).filter { $0.source == source }.compactMap(\.target)
}

private func record(_ system: ImportedSystem?, _ code: String) -> CodeRecord? {
    system?.records.first { $0.code == code }
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ccsSingleLevelHeartFailure() throws {
    let (systems, maps, _) = try ccs()

    // ccs_single_dx_icd9_2015.csv line 4774: '4280 ','108  ','chf;nonhp',"CONGESTIVE HEART FAILURE".
    #expect(targets(maps["ICD9CM->CCSCM"], of: "428.0") == ["108"])
    // ccs_dx_icd10cm_2019_1.csv line 8743: 'I509','108',"Heart failure, unspecified",...,'7.2',"Diseases of the heart".
    #expect(targets(maps["ICD10CM->CCSCM"], of: "I50.9") == ["108"])
    #expect(targets(maps["ICD10CM->CCSCM_MULTI"], of: "I50.9") == ["7.2"])
    // ccs_single_dx_labels_2015.csv line 116: 108,Congestive heart failure; nonhypertensive.
    #expect(record(systems[.ccscm], "108")?.name == "Congestive heart failure; nonhypertensive")
    #expect(record(systems[.ccscm], "108")?.parent == nil)
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ccsMultiLevelChain() throws {
    let (systems, maps, _) = try ccs()
    let multi = systems[.ccscmMultiLevel]

    // ccs_multi_dx_tool_2015.csv line 5390: '4280 ' -> 7, 7.2, 7.2.11, 7.2.11.1 (the deepest level).
    #expect(targets(maps["ICD9CM->CCSCM_MULTI"], of: "428.0") == ["7.2.11.1"])

    // ccs_multi_dx_labels_2013.csv lines 218, 224, 257, 258.
    let leaf = record(multi, "7.2.11.1")
    #expect(leaf?.name == "Congestive heart failure")
    #expect(leaf?.parent == "7.2.11")
    #expect(leaf?.attributes["level"] == "4")
    let category = record(multi, "7.2.11")
    #expect(category?.name == "Congestive heart failure; nonhypertensive")
    #expect(category?.attributes[CCSImport.singleLevelAttribute] == "108")
    #expect(category?.parent == "7.2")
    #expect(record(multi, "7.2")?.name == "Diseases of the heart")
    #expect(record(multi, "7.2")?.parent == "7")
    #expect(record(multi, "7")?.name == "Diseases of the circulatory system")
    #expect(record(multi, "7")?.parent == nil)
    #expect(record(multi, "7")?.attributes["level"] == "1")

    // Line 729: "Residual codes; unclassified; all E codes [259. and 260.]".
    #expect(record(multi, "18")?.name == "Residual codes; unclassified; all E codes")
    #expect(record(multi, "18")?.attributes[CCSImport.singleLevelAttribute] == "259, 260")
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ccsProcedureVenousCatheter() throws {
    let (systems, maps, _) = try ccs()

    // ccs_single_pr_icd9_2015.csv line 1104: '3893 ','54 ','Ot vasc cath'.
    #expect(targets(maps["ICD9PROC->CCSPROC"], of: "38.93") == ["54"])
    // ccs_multi_pr_tool_2015.csv line 1102: '3893' -> 7, 7.12, 7.12.3.
    #expect(targets(maps["ICD9PROC->CCSPROC_MULTI"], of: "38.93") == ["7.12.3"])
    // ccs_pr_icd10pcs_2019_1.csv line 14022: '02HV33Z','54',...,'7.12'.
    #expect(targets(maps["ICD10PROC->CCSPROC"], of: "02HV33Z") == ["54"])
    #expect(targets(maps["ICD10PROC->CCSPROC_MULTI"], of: "02HV33Z") == ["7.12"])

    // ccs_single_pr_labels_2014.csv line 58 and ccs_multi_pr_labels_2009.csv lines 106 and 109.
    #expect(record(systems[.ccsproc], "54")?.name == "Other vascular catheterization; not heart")
    #expect(record(systems[.ccsprocMultiLevel], "7.12")?.name == "Other vascular catheterization; not heart")
    #expect(record(systems[.ccsprocMultiLevel], "7.12.3")?.name == "Venous catheterization")
    #expect(record(systems[.ccsprocMultiLevel], "7.12.3")?.parent == "7.12")

    // Line 273 of the label file keeps the closing bracket that the 2015 tool cuts off ("[147.").
    #expect(record(systems[.ccsprocMultiLevel], "14.3.4")?.attributes[CCSImport.singleLevelAttribute] == "147")
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ccsCountsAndSkips() throws {
    let (systems, maps, skipped) = try ccs()

    // Label files: 289 lines (header, .Z, ., .A, 285 categories) and 235 lines (header, 3 headings, 231);
    // multi-level: 730 and 406 lines with one header each. The tools add no category the labels lack.
    #expect(systems[.ccscm]?.records.count == 285)
    #expect(systems[.ccsproc]?.records.count == 231)
    #expect(systems[.ccscmMultiLevel]?.records.count == 729)
    #expect(systems[.ccsprocMultiLevel]?.records.count == 405)

    // The single-level tools have 15,075 and 3,951 lines, less the NOTE line, the header and the "No DX" or
    // "No PROC" row. The multi-level tools have 15,073 and 3,949 lines and the ICD-10 tools 72,447 and
    // 79,759, each with one header.
    #expect(maps["ICD9CM->CCSCM"]?.records.count == 15_072)
    #expect(maps["ICD9PROC->CCSPROC"]?.records.count == 3_948)
    #expect(maps["ICD9CM->CCSCM_MULTI"]?.records.count == 15_072)
    #expect(maps["ICD9PROC->CCSPROC_MULTI"]?.records.count == 3_948)
    #expect(maps["ICD10CM->CCSCM"]?.records.count == 72_446)
    #expect(maps["ICD10PROC->CCSPROC"]?.records.count == 79_758)
    #expect(maps["ICD10CM->CCSCM_MULTI"]?.records.count == 72_446)

    // Three label headings per label file and one category-0 row per single-level ICD-9 tool.
    #expect(skipped.count(in: CCSImport.singleDiagnosisLabels) == 3)
    #expect(skipped.count(in: CCSImport.singleProcedureLabels) == 3)
    #expect(skipped.count(in: CCSImport.singleDiagnosisICD9) == 1)
    #expect(skipped.count(in: CCSImport.singleProcedureICD9) == 1)
    #expect(skipped.total == 8)
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ccsParentsAndCodesAreValid() throws {
    let (systems, maps, _) = try ccs()
    for imported in systems.values {
        let codes = imported.records.map(\.code)
        #expect(Set(codes).count == codes.count, "\(imported.system.rawValue) repeats a code")
        let known = Set(codes)
        for record in imported.records {
            if let parent = record.parent {
                #expect(known.contains(parent), "\(imported.system.rawValue) \(record.code) has parent \(parent) outside the system")
            }
        }
    }
    for map in maps.values {
        let known = Set(systems[map.target]?.records.map(\.code) ?? [])
        let unknown = map.records.compactMap(\.target).filter { !known.contains($0) }
        #expect(unknown.isEmpty, "\(map.source.rawValue)->\(map.target.rawValue) targets outside the system: \(unknown.prefix(3))")
    }
}

/// The bracketed numbers name single-level categories: under each bracketed multi-level category, every ICD-9
/// code's single-level category equals one of the numbers, or one of the two is a detailed subcategory of the
/// other. The detailed mental-health categories extend their parent ("6521" under 652), and HCUP numbers the
/// E-code subcategories of 260 from 2601 to 2621.
@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ccsBracketsNameSingleLevelCategories() throws {
    let (systems, maps, _) = try ccs()
    for (multiSystem, singleMap, multiMap) in [
        (CodeSystem.ccscmMultiLevel, "ICD9CM->CCSCM", "ICD9CM->CCSCM_MULTI"),
        (CodeSystem.ccsprocMultiLevel, "ICD9PROC->CCSPROC", "ICD9PROC->CCSPROC_MULTI"),
    ] {
        let records = Dictionary(uniqueKeysWithValues: (systems[multiSystem]?.records ?? []).map { ($0.code, $0) })
        let single = Dictionary((maps[singleMap]?.records ?? []).map { ($0.source, $0.target ?? "") }, uniquingKeysWith: { first, _ in first })
        var checked = 0
        var mismatches: [String] = []
        for row in maps[multiMap]?.records ?? [] {
            guard let singleCategory = single[row.source] else { continue }
            var code = row.target
            while let current = code, let record = records[current] {
                if let references = record.attributes[CCSImport.singleLevelAttribute] {
                    let numbers = references.components(separatedBy: ", ")
                    let related = numbers.contains { number in
                        number.hasPrefix(singleCategory) || singleCategory.hasPrefix(number)
                            || (number == "260" && singleCategory.count == 4 && singleCategory.hasPrefix("26"))
                    }
                    if !related { mismatches.append("\(row.source) \(singleCategory) under \(current) [\(references)]") }
                    checked += 1
                }
                code = record.parent
            }
        }
        #expect(checked > 3_000)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}

@Test func ccsSplitsBracketReferences() {
    #expect(splitSingleLevelReference("Tuberculosis [1.]") == ("Tuberculosis", "1"))
    #expect(splitSingleLevelReference("All E codes [259. and 260.]") == ("All E codes", "259, 260"))
    #expect(splitSingleLevelReference("Creation of fistula [57") == ("Creation of fistula", "57"))
    #expect(splitSingleLevelReference("Bacterial infection") == ("Bacterial infection", nil))
    #expect(splitSingleLevelReference("Other [see notes]") == ("Other [see notes]", nil))
}

@Test func ccsMalformedCategoryNamesFileLineAndColumn() throws {
    let folder = try TestData.temporaryFolder("medcode-ccs")
    defer { try? FileManager.default.removeItem(at: folder) }
    let ccsFolder = folder.appendingPathComponent("ccs")
    try FileManager.default.createDirectory(at: ccsFolder, withIntermediateDirectories: true)

    // A minimal copy of every file, with a category "1x" on line 3 of the single-level diagnosis tool.
    var files = minimalCCSFiles()
    files[CCSImport.singleDiagnosisICD9] = files[CCSImport.singleDiagnosisICD9]!.replacingOccurrences(of: "'1    '", with: "'1x   '")
    for (file, text) in files {
        try Data(text.utf8).write(to: folder.appendingPathComponent(file))
    }

    let path = folder.appendingPathComponent(CCSImport.singleDiagnosisICD9).path
    #expect {
        try CCSImport.systems(in: folder)
    } throws: { error in
        guard case let .invalidField(errorPath, line, column, field, value, _) = error as? MedCodeError else { return false }
        return errorPath == path && line == 3 && column == 2 && field == "CCS category" && value == "1x"
    }

    // With the category fixed, the same files import.
    try Data(minimalCCSFiles()[CCSImport.singleDiagnosisICD9]!.utf8).write(to: URL(fileURLWithPath: path))
    let systems = try CCSImport.systems(in: folder)
    #expect(systems.first { $0.system == .ccscm }?.records.map(\.code) == ["1"])
}
