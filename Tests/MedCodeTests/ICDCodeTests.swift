import Testing
@testable import MedCode

// Undotted codes are read by hand from CMS32_DESC_SHORT_DX.txt and CMS32_DESC_SHORT_SG.txt
// (CMS ICD-9-CM v32, FY2015) and icd10cm-codes-2024.txt (CDC ICD-10-CM FY2024). The dotted
// forms follow the dot rules of PyHealth's `standardize`.

@Test func icd9DiagnosisNumericCodes() throws {
    // "0389  Septicemia NOS": the leading zero stays.
    #expect(try CodeSystem.icd9cm.standardize("0389") == "038.9")
    // "4280  CHF NOS"
    #expect(try CodeSystem.icd9cm.standardize("4280") == "428.0")
    // "25000 DMII wo cmp nt st uncntr": two digits after the dot.
    #expect(try CodeSystem.icd9cm.standardize("25000") == "250.00")
    // "0010  Cholera d/t vib cholerae"
    #expect(try CodeSystem.icd9cm.standardize("0010") == "001.0")
}

@Test func icd9DiagnosisVAndECodes() throws {
    // "V1582 History of tobacco use" and "V700  Routine medical exam": dot after 3 characters.
    #expect(try CodeSystem.icd9cm.standardize("V1582") == "V15.82")
    #expect(try CodeSystem.icd9cm.standardize("V700") == "V70.0")
    // "E8497 Accid in resident instit" and "E0000 Civilian activity-income": dot after 4.
    #expect(try CodeSystem.icd9cm.standardize("E8497") == "E849.7")
    #expect(try CodeSystem.icd9cm.standardize("E0000") == "E000.0")
}

@Test func icd9DiagnosisAcceptsDottedAndCategory() throws {
    #expect(try CodeSystem.icd9cm.standardize("038.9") == "038.9")
    #expect(try CodeSystem.icd9cm.standardize("E849.7") == "E849.7")
    #expect(try CodeSystem.icd9cm.standardize(" v15.82 ") == "V15.82")
    #expect(try CodeSystem.icd9cm.standardize("V70") == "V70")
    #expect(try CodeSystem.icd9cm.standardize("E849") == "E849")
}

@Test(arguments: ["", "38", "03.89", "0389.", "E84.97", "E84971", "V1", "V15821", "428000", "42A0", "X123", "038..9"])
func icd9DiagnosisRejectsBadShapes(code: String) {
    #expect(throws: MedCodeError.invalidCode(system: .icd9cm, value: code, expected: ICDCode.icd9DiagnosisShape)) {
        try CodeSystem.icd9cm.standardize(code)
    }
}

@Test func icd9ProcedureCodes() throws {
    // "3893 Venous cath NEC", "0011 Infus drotrecogin alfa", "0331 Spinal tap", "9999 Miscellaneous proc NEC".
    #expect(try CodeSystem.icd9proc.standardize("3893") == "38.93")
    #expect(try CodeSystem.icd9proc.standardize("0011") == "00.11")
    #expect(try CodeSystem.icd9proc.standardize("0331") == "03.31")
    #expect(try CodeSystem.icd9proc.standardize("9999") == "99.99")
    #expect(try CodeSystem.icd9proc.standardize("38.93") == "38.93")
    #expect(try CodeSystem.icd9proc.standardize("38") == "38")
}

@Test(arguments: ["", "3", "389.3", "38931", "38A3", "E893"])
func icd9ProcedureRejectsBadShapes(code: String) {
    #expect(throws: MedCodeError.invalidCode(system: .icd9proc, value: code, expected: ICDCode.icd9ProcedureShape)) {
        try CodeSystem.icd9proc.standardize(code)
    }
}

@Test func icd10DiagnosisCodes() throws {
    // "I509 Heart failure, unspecified", "E119 Type 2 diabetes mellitus without complications",
    // "A000 Cholera due to Vibrio cholerae 01, biovar cholerae", "Z7901 Long term (current) use of
    // anticoagulants", "S72001A Fracture of unspecified part of neck of right femur, initial encounter".
    #expect(try CodeSystem.icd10cm.standardize("I509") == "I50.9")
    #expect(try CodeSystem.icd10cm.standardize("E119") == "E11.9")
    #expect(try CodeSystem.icd10cm.standardize("A000") == "A00.0")
    #expect(try CodeSystem.icd10cm.standardize("Z7901") == "Z79.01")
    #expect(try CodeSystem.icd10cm.standardize("S72001A") == "S72.001A")
    #expect(try CodeSystem.icd10cm.standardize("s72.001a") == "S72.001A")
    #expect(try CodeSystem.icd10cm.standardize("I50") == "I50")
}

@Test(arguments: ["", "I5", "1509", "IA09", "I5.09", "S72001AA", "I50-9"])
func icd10DiagnosisRejectsBadShapes(code: String) {
    #expect(throws: MedCodeError.invalidCode(system: .icd10cm, value: code, expected: ICDCode.icd10DiagnosisShape)) {
        try CodeSystem.icd10cm.standardize(code)
    }
}

@Test func icd10ProcedureCodes() throws {
    // From icd10pcs-codes-2024.txt (CMS FY2024): "0016070 Bypass Cerebral Ventricle to Nasopharynx ..."
    // and "0DTJ4ZZ Resection of Appendix, Percutaneous Endoscopic Approach".
    #expect(try CodeSystem.icd10proc.standardize("0016070") == "0016070")
    #expect(try CodeSystem.icd10proc.standardize("0dtj4zz") == "0DTJ4ZZ")
    #expect(throws: MedCodeError.self) { try CodeSystem.icd10proc.standardize("0016O70") }
    #expect(throws: MedCodeError.self) { try CodeSystem.icd10proc.standardize("001607") }
    #expect(throws: MedCodeError.self) { try CodeSystem.icd10proc.standardize("001.6070") }
}

@Test func errorMessageNamesValueAndShape() {
    let error = MedCodeError.invalidCode(system: .icd9proc, value: "389.3", expected: ICDCode.icd9ProcedureShape)
    #expect(error.description == "invalid ICD9PROC code \"389.3\": expected 2 digits plus up to 2 (\"38.93\")")
}
