import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand from medcode/rxnorm/*.csv.gz (zcat | grep -n; line 1 is the header).

private func rxnorm() throws -> (system: ImportedSystem, maps: [String: ImportedMap], skipped: SkippedRows) {
    let root = try TestData.require("medcode")
    var skipped = SkippedRows()
    let result = try RxNormImport.read(in: root, skipped: &skipped)
    let system = try #require(result.systems.first)
    let maps = Dictionary(uniqueKeysWithValues: result.maps.map { ("\($0.source.rawValue)->\($0.target.rawValue)", $0) })
    return (system, maps, skipped)
}

private func targets(_ map: ImportedMap?, of source: String) -> [String] {
    (map?.records ?? []).filter { $0.source == source }.compactMap(\.target)
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func rxnormMapOfRealNDC() throws {
    let (system, maps, _) = try rxnorm()

    // ndc_to_rxcui.csv line 2: 00002050101,207882.
    #expect(targets(maps["NDC->RxNorm"], of: "00002050101") == ["207882"])
    let record = try #require(system.records.first { $0.code == "207882" })
    #expect(record.name == "")
    #expect(record.parent == nil)
    // Line 2633: 10019002802,311700.
    #expect(targets(maps["NDC->RxNorm"], of: "10019002802") == ["311700"])
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func rxnormNDCToATC() throws {
    let (_, maps, _) = try rxnorm()

    // gsn_atc_ndc_mapping.csv line 2: 000015,C01AA05,24987026010.
    #expect(targets(maps["NDC->ATC"], of: "24987026010") == ["C01AA05"])
    // Line 14: 000141,C01CA07,74472901, an NDC that lost its leading zeros.
    #expect(targets(maps["NDC->ATC"], of: "00074472901") == ["C01CA07"])
    // Line 516: 003779,N05CD08,10019002802; with ndc_to_rxcui line 2633 the join gives 311700 -> N05CD08.
    #expect(targets(maps["NDC->ATC"], of: "10019002802") == ["N05CD08"])
    #expect(targets(maps["RxNorm->ATC"], of: "311700") == ["N05CD08"])
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func rxnormCountsAndSkips() throws {
    let (system, maps, skipped) = try rxnorm()

    // ndc_to_rxcui.csv: 4,204 data rows less 20 without an RXCUI and the "idx,4203" row; 3,053 distinct RXCUIs.
    #expect(maps["NDC->RxNorm"]?.records.count == 4_183)
    #expect(system.records.count == 3_053)
    #expect(Set(system.records.map(\.code)).count == system.records.count)
    #expect(skipped.count(in: RxNormImport.ndcToRxcuiFile) == 21)

    // gsn_atc_ndc_mapping.csv: 4,770 data rows less 402 "?", 45 "0" and one "T127" row leave 4,322 rows
    // with 3,846 distinct NDC-ATC pairs.
    #expect(skipped.count(in: RxNormImport.ndcToATCFile) == 448)
    #expect(maps["NDC->ATC"]?.records.count == 3_846)

    // The join on NDC covers only 131 NDCs, so RxNorm -> ATC has 131 pairs for 3,053 RXCUIs.
    #expect(maps["RxNorm->ATC"]?.records.count == 131)

    // Every RxNorm map source and target is an RXCUI of the system.
    let rxcuis = Set(system.records.map(\.code))
    #expect((maps["NDC->RxNorm"]?.records ?? []).allSatisfy { rxcuis.contains($0.target ?? "") })
    #expect((maps["RxNorm->ATC"]?.records ?? []).allSatisfy { rxcuis.contains($0.source) })
    #expect((maps["NDC->ATC"]?.records ?? []).allSatisfy { $0.source.count == 11 })
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func mimicDrugNamesGiveATC() throws {
    let names = try MIMICDrugNames.load(in: try TestData.require("medcode"))

    // mimic_drug_to_atc.csv lines 2 and 2087: Acetaminophen and acetaminophen -> N02BE01.
    #expect(names.atc(forDrugName: "Acetaminophen") == ["N02BE01"])
    // Lines 5, 4209, 6199, 6275, 7428: Heparin, heparin and HEParin -> B01AB01 or S01XA14.
    #expect(names.atc(forDrugName: " HEPARIN ") == ["B01AB01", "S01XA14"])
    #expect(names.atc(forDrugName: "not a drug") == [])
    // 7,569 rows hold 5,767 names after lower-casing.
    #expect(names.count == 5_767)
}

@Test func rxnormStandardizeChecksDigits() throws {
    #expect(try CodeSystem.rxnorm.standardize(" 207882 ") == "207882")
    #expect(throws: MedCodeError.self) { try CodeSystem.rxnorm.standardize("RX207882") }
}

@Test func rxnormMalformedLineNamesFileLineAndColumn() throws {
    let folder = try TestData.temporaryFolder("medcode-rxnorm")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("rxnorm"), withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(RxNormImport.ndcToRxcuiFile)
    try Data("ndc,rxcui\n00002050101,207882\n0000205010X,207882\n".utf8).write(to: url)
    try Data("gsn,atc,ndc\n000015,C01AA05,24987026010\n".utf8).write(to: folder.appendingPathComponent(RxNormImport.ndcToATCFile))

    #expect {
        try RxNormImport.maps(in: folder)
    } throws: { error in
        guard case let .invalidField(path, line, column, field, value, _) = error as? MedCodeError else { return false }
        return path == url.path && line == 3 && column == 1 && field == "ndc" && value == "0000205010X"
    }
}
