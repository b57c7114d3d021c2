import Testing
@testable import MedCode

// Hyphenated examples are read by hand from the FDA NDC Directory package file (April 2019):
// "0002-0800-01" (4-4-2), "10006-001-01" (5-3-2), "00904-5899-4" (5-4-1) and "0536-3381-01"
// (4-4-2). MIMIC-III demo PRESCRIPTIONS stores the last one as "00536338101" (Bisacodyl 5 mg tab).

@Test func ndcHyphenatedLayouts() throws {
    #expect(try NationalDrugCode("0002-0800-01").digits == "00002080001")
    #expect(try NationalDrugCode("10006-001-01").digits == "10006000101")
    #expect(try NationalDrugCode("00904-5899-4").digits == "00904589904")
    #expect(try NationalDrugCode("0536-3381-01").digits == "00536338101")
    #expect(try NationalDrugCode("00536-3381-01").digits == "00536338101")
}

@Test func ndcElevenDigitsAndMIMIC() throws {
    // MIMIC-III demo PRESCRIPTIONS rows: Bisacodyl "00536338101", Pneumococcal vaccine "00006494300".
    #expect(try NationalDrugCode("00536338101").digits == "00536338101")
    #expect(try NationalDrugCode("00006494300").digits == "00006494300")
    #expect(try NationalDrugCode(" 00006494300 ").digits == "00006494300")
}

@Test func ndcHyphenatedSpelling() throws {
    #expect(try NationalDrugCode("0002-0800-01").hyphenated == "00002-0800-01")
    #expect(try NationalDrugCode("00904-5899-4").hyphenated == "00904-5899-04")
    #expect(try NationalDrugCode("10006-001-01").hyphenated == "10006-0001-01")
}

@Test func ndcTenDigitsNeedLayout() throws {
    // "0002080001" is "0002-0800-01" without hyphens. Each layout pads a different segment.
    #expect(try NationalDrugCode("0002080001", tenDigitLayout: .fourFourTwo).digits == "00002080001")
    #expect(try NationalDrugCode("1000600101", tenDigitLayout: .fiveThreeTwo).digits == "10006000101")
    #expect(try NationalDrugCode("0090458994", tenDigitLayout: .fiveFourOne).digits == "00904589904")

    let ambiguous = MedCodeError.invalidNDC(
        value: "0002080001",
        reason: "10 digits without hyphens fit 4-4-2, 5-3-2 and 5-4-1 alike, so write the NDC with its hyphens or as 11 digits")
    #expect(throws: ambiguous) { try NationalDrugCode("0002080001") }
}

@Test func ndcRejectsPlaceholders() {
    // MIMIC-III demo PRESCRIPTIONS writes "0" in 1,477 of 10,398 rows where no NDC was recorded.
    #expect(throws: MedCodeError.invalidNDC(value: "0", reason: "an all-zero NDC is a placeholder for a missing code")) {
        try NationalDrugCode("0")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "", reason: "the value is empty, which marks a missing NDC")) {
        try NationalDrugCode("")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "  ", reason: "the value is empty, which marks a missing NDC")) {
        try NationalDrugCode("  ")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "00000000000", reason: "an all-zero NDC is a placeholder for a missing code")) {
        try NationalDrugCode("00000000000")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "0000-0000-00", reason: "an all-zero NDC is a placeholder for a missing code")) {
        try NationalDrugCode("0000-0000-00")
    }
}

@Test func ndcRejectsBadShapes() {
    #expect(throws: MedCodeError.invalidNDC(value: "0053633810A", reason: "found a character other than a digit or hyphen")) {
        try NationalDrugCode("0053633810A")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "0536 3381 01", reason: "found a character other than a digit or hyphen")) {
        try NationalDrugCode("0536 3381 01")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "006331", reason: "6 digits, but an NDC has 10 digits (FDA form) or 11 (5-4-2 form)")) {
        try NationalDrugCode("006331")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "0536-3381", reason: "a hyphenated NDC has 3 segments, labeler-product-package, not 2")) {
        try NationalDrugCode("0536-3381")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "536-3381-01", reason: "segment lengths 3-4-2 are none of 4-4-2, 5-3-2, 5-4-1 or 5-4-2")) {
        try NationalDrugCode("536-3381-01")
    }
    #expect(throws: MedCodeError.invalidNDC(value: "0536--01", reason: "segment lengths 4-0-2 are none of 4-4-2, 5-3-2, 5-4-1 or 5-4-2")) {
        try NationalDrugCode("0536--01")
    }
}

@Test func ndcThroughCodeSystem() throws {
    #expect(try CodeSystem.ndc.standardize("0002-0800-01") == "00002080001")
    #expect(try CodeSystem.atc.standardize(" N02BE01 ") == "N02BE01")
    #expect(throws: MedCodeError.self) { try CodeSystem.rxnorm.standardize(" ") }
}
