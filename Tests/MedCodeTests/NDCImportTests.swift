import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand from medcode/ndc/fda_ndc_product_2019-04.txt.gz and
// fda_ndc_package_2019-04.txt.gz (zcat | grep -n; line 1 is the header).

private func ndcRecords() throws -> (records: [String: CodeRecord], skipped: SkippedRows) {
    let root = try TestData.require("medcode")
    var skipped = SkippedRows()
    let systems = try NDCImport.systems(in: root, skipped: &skipped)
    #expect(systems.map(\.system) == [.ndc])
    let records = Dictionary((systems.first?.records ?? []).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(records.count == systems.first?.records.count, "a code repeats")
    return (records, skipped)
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ndcPackageResolvesToProduct() throws {
    let (records, _) = try ndcRecords()

    // Package line 2: 0002-0800-01, "1 VIAL in 1 CARTON (0002-0800-01)  > 10 mL in 1 VIAL", 19870710.
    // Product line 2: 0002-0800, HUMAN OTC DRUG, Sterile Diluent, diluent, INJECTION, SOLUTION, SUBCUTANEOUS,
    // Eli Lilly and Company, WATER, 1 mL/mL.
    for spelling in ["0002-0800-01", "00002-0800-01", "00002080001"] {
        let code = try CodeSystem.ndc.standardize(spelling)
        let package = try #require(records[code])
        #expect(package.parent == "00002-0800")
        #expect(package.name == "1 VIAL in 1 CARTON (0002-0800-01) > 10 mL in 1 VIAL")
        #expect(package.attributes["fda code"] == "0002-0800-01")
        #expect(package.attributes["start marketing date"] == "1987-07-10")
    }
    let product = try #require(records[try CodeSystem.ndc.standardize("0002-0800")])
    #expect(product.code == "00002-0800")
    #expect(product.parent == nil)
    #expect(product.name == "Sterile Diluent 1 mL/mL injection, solution")
    #expect(product.attributes["nonproprietary name"] == "diluent")
    #expect(product.attributes["dosage form"] == "INJECTION, SOLUTION")
    #expect(product.attributes["route"] == "SUBCUTANEOUS")
    #expect(product.attributes["labeler"] == "Eli Lilly and Company")
    #expect(product.attributes["substance"] == "WATER")
    #expect(product.attributes["product type"] == "HUMAN OTC DRUG")
    #expect(product.attributes["application number"] == "NDA018781")
    #expect(product.attributes["end marketing date"] == nil)
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ndcOtherLayoutsAndMIMICCode() throws {
    let (records, _) = try ndcRecords()

    // 5-4-1: package line 2873 "00904-5899-4", product line 1858: Major Oral Pain Relief, Maximum Strength,
    // BENZOCAINE 200 mg/mL, LIQUID.
    #expect(records["00904589904"]?.parent == "00904-5899")
    #expect(records["00904-5899"]?.name == "Major Oral Pain Relief Maximum Strength 200 mg/mL liquid")
    // 5-3-2: package line 23397 "10006-001-01", product line 15312: OXYGEN 99 L/100L GAS.
    #expect(records["10006000101"]?.parent == "10006-0001")
    #expect(records["10006-0001"]?.name == "OXYGEN 99 L/100L gas")
    // MIMIC-III PRESCRIPTIONS writes "00536338101": package line 17123 "0536-3381-01", product line 11475,
    // Enteric Coated Stimulant Laxative, Bisacodyl, 5 mg/1, TABLET, DELAYED RELEASE.
    let bisacodyl = try #require(records["00536338101"])
    #expect(bisacodyl.parent == "00536-3381")
    #expect(records["00536-3381"]?.attributes["nonproprietary name"] == "Bisacodyl")
    #expect(records["00536-3381"]?.name == "Enteric Coated Stimulant Laxative 5 mg/1 tablet, delayed release")
    // Product line 15258: TISSEEL Frozen, two ingredients "90; 500" in "[iU]/mL; [iU]/mL", ended 20190731.
    #expect(records["00944-8402"]?.attributes["strength"] == "90 [iU]/mL; 500 [iU]/mL")
    #expect(records["00944-8402"]?.attributes["end marketing date"] == "2019-07-31")
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func ndcCountsParentsAndRepeats() throws {
    let (records, skipped) = try ndcRecords()

    // 128,241 product rows hold 126,570 distinct product codes; 243,960 package rows hold 243,941.
    let products = records.values.filter { $0.parent == nil }
    let packages = records.values.filter { $0.parent != nil }
    #expect(products.count == 126_570)
    #expect(packages.count == 243_941)
    #expect(skipped.count(in: NDCImport.productFile) == 128_241 - 126_570)
    #expect(skipped.count(in: NDCImport.packageFile) == 243_960 - 243_941)

    for package in packages {
        #expect(records[package.parent!]?.parent == nil, "\(package.code) has parent \(package.parent!) that is not a product")
        #expect(package.code.count == 11)
    }
    #expect(products.allSatisfy { $0.code.count == 10 })
    #expect(products.allSatisfy { $0.code.dropFirst(5).first == "-" })

    // Product lines 342-343: 0009-0039 (SOLU-MEDROL) twice; the first row is kept.
    #expect(records["00009-0039"]?.name == "SOLU-MEDROL 40 mg/mL injection, powder, for solution")
}

@Test func ndcProductCodes() throws {
    #expect(try NationalDrugCode.productCode("0002-0800") == "00002-0800")
    #expect(try NationalDrugCode.productCode("10006-001") == "10006-0001")
    #expect(try NationalDrugCode.productCode("00904-5899") == "00904-5899")
    #expect(try NationalDrugCode.productCode("009045899") == "00904-5899")
    #expect(try NationalDrugCode("00904-5899-4").productCode == "00904-5899")
    #expect(try CodeSystem.ndc.standardize(" 0002-0800 ") == "00002-0800")
    for bad in ["", "002-0800", "0002-08000", "00-00", "0000-0000", "0002-08a0", "1-2-3-4"] {
        #expect(throws: MedCodeError.self, "\(bad)") { try NationalDrugCode.productCode(bad) }
    }
}

@Test func ndcStrengthPairsUnits() {
    #expect(NDCImport.combineStrength("90; 500", units: "[iU]/mL; [iU]/mL") == "90 [iU]/mL; 500 [iU]/mL")
    #expect(NDCImport.combineStrength("40", units: "mg/mL") == "40 mg/mL")
    #expect(NDCImport.combineStrength("", units: "") == "")
    #expect(NDCImport.combineStrength("1; 2", units: "mg") == "1; 2 mg")
}

@Test func ndcMalformedLineNamesFileLineAndColumn() throws {
    let folder = try TestData.temporaryFolder("medcode-ndc")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("ndc"), withIntermediateDirectories: true)
    let (productHeader, product, packageHeader) = (NDCFixture.productHeader, NDCFixture.product, NDCFixture.packageHeader)

    try Data((productHeader + product).utf8).write(to: folder.appendingPathComponent(NDCImport.productFile))
    let packageURL = folder.appendingPathComponent(NDCImport.packageFile)
    // Line 3 has a package code with segment lengths 4-4-3.
    try Data((packageHeader + "0002-0800_x\t0002-0800\t0002-0800-01\t1 VIAL\t19870710\t\tN\tN\r\n"
        + "0002-0800_x\t0002-0800\t0002-0800-011\t1 VIAL\t19870710\t\tN\tN\r\n").utf8).write(to: packageURL)

    #expect {
        try NDCImport.systems(in: folder)
    } throws: { error in
        guard case let .invalidField(path, line, column, field, value, _) = error as? MedCodeError else { return false }
        return path == packageURL.path && line == 3 && column == 3 && field == "NDCPACKAGECODE" && value == "0002-0800-011"
    }
}
