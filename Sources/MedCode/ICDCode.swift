/// Dot placement and shape checks for ICD-9-CM, ICD-9 procedure, ICD-10-CM and ICD-10-PCS codes.
///
/// The dot rules follow PyHealth's `standardize` (ICD-9-CM after 3 characters, after 4 for E codes;
/// ICD-9 procedures after 2; ICD-10-CM after 3). The shapes come from the CMS ICD-9-CM v32 files
/// (CMS32_DESC_SHORT_DX and _SG, FY2015) and the CDC ICD-10-CM FY2024 code list, which store the
/// codes without dots. Codes stay strings so that leading zeros survive ("0389" becomes "038.9").
public enum ICDCode {
    /// Expected shape of an ICD-9-CM diagnosis, quoted in errors.
    public static let icd9DiagnosisShape =
        "3 digits plus up to 2 (\"038.9\"), V plus 2 digits plus up to 2 (\"V70.0\"), or E plus 3 digits plus up to 1 (\"E849.7\")"
    /// Expected shape of an ICD-9-CM procedure, quoted in errors.
    public static let icd9ProcedureShape = "2 digits plus up to 2 (\"38.93\")"
    /// Expected shape of an ICD-10-CM diagnosis, quoted in errors.
    public static let icd10DiagnosisShape =
        "a letter, a digit (or the A of category QA0) and a letter or digit, plus up to 4 letters or digits (\"S72.001A\")"
    /// Expected shape of an ICD-10-PCS procedure, quoted in errors.
    public static let icd10ProcedureShape = "7 letters or digits without I, O or a dot (\"0016070\")"

    /// Inserts the ICD-9-CM diagnosis dot: after 3 characters, after 4 for E codes ("E8497" → "E849.7").
    ///
    /// A three-character category (or four for E codes) stays without a dot ("V70", "E849").
    /// - Throws: `MedCodeError.invalidCode` with `icd9DiagnosisShape`.
    public static func standardizeICD9Diagnosis(_ code: String) throws -> String {
        let fail = MedCodeError.invalidCode(system: .icd9cm, value: code, expected: icd9DiagnosisShape)
        let text = Array(code.trimmingASCIISpaces().uppercased().utf8)
        guard let first = text.first else { throw fail }

        // Each kind has a fixed head length and a fixed number of digits after the dot.
        let head: Int
        let leadingDigits: Int
        let maxTail: Int
        switch first {
        case UInt8(ascii: "E"): (head, leadingDigits, maxTail) = (4, 3, 1)
        case UInt8(ascii: "V"): (head, leadingDigits, maxTail) = (3, 2, 2)
        default: (head, leadingDigits, maxTail) = (3, 3, 2)
        }
        let prefix = head - leadingDigits

        guard let (headPart, tail) = splitAtDot(text, head: head), tail.count <= maxTail,
              headPart.dropFirst(prefix).allSatisfy(isDigit), tail.allSatisfy(isDigit) else { throw fail }
        return joined(headPart, tail)
    }

    /// Inserts the ICD-9-CM procedure dot after 2 digits ("3893" → "38.93").
    /// - Throws: `MedCodeError.invalidCode` with `icd9ProcedureShape`.
    public static func standardizeICD9Procedure(_ code: String) throws -> String {
        let fail = MedCodeError.invalidCode(system: .icd9proc, value: code, expected: icd9ProcedureShape)
        let text = Array(code.trimmingASCIISpaces().utf8)
        guard let (headPart, tail) = splitAtDot(text, head: 2), tail.count <= 2,
              headPart.allSatisfy(isDigit), tail.allSatisfy(isDigit) else { throw fail }
        return joined(headPart, tail)
    }

    /// Inserts the ICD-10-CM dot after the 3-character category ("S72001A" → "S72.001A").
    ///
    /// The category is a letter, a digit and a letter or digit ("C4A" and "M1A" exist). The FY2026 release
    /// added category QA0 (genetic disorders), the only one with a letter in second place.
    /// The extension has up to 4 letters or digits, including the placeholder "X" and 7th characters.
    /// - Throws: `MedCodeError.invalidCode` with `icd10DiagnosisShape`.
    public static func standardizeICD10Diagnosis(_ code: String) throws -> String {
        let fail = MedCodeError.invalidCode(system: .icd10cm, value: code, expected: icd10DiagnosisShape)
        let text = Array(code.trimmingASCIISpaces().uppercased().utf8)
        guard let (headPart, tail) = splitAtDot(text, head: 3), tail.count <= 4,
              isLetter(headPart[0]), isDigit(headPart[1]) || headPart[0...1] == Array("QA".utf8)[...],
              isLetterOrDigit(headPart[2]),
              tail.allSatisfy(isLetterOrDigit) else { throw fail }
        return joined(headPart, tail)
    }

    /// Checks an ICD-10-PCS code and upper-cases it. PCS codes have 7 characters and no dot.
    ///
    /// ICD-10-PCS leaves out the letters I and O so that they cannot be read as 1 and 0
    /// (no code in the CMS FY2024 list contains them).
    /// - Throws: `MedCodeError.invalidCode` with `icd10ProcedureShape`.
    public static func standardizeICD10Procedure(_ code: String) throws -> String {
        let text = Array(code.trimmingASCIISpaces().uppercased().utf8)
        let valid = text.count == 7 && text.allSatisfy {
            isLetterOrDigit($0) && $0 != UInt8(ascii: "I") && $0 != UInt8(ascii: "O")
        }
        guard valid else {
            throw MedCodeError.invalidCode(system: .icd10proc, value: code, expected: icd10ProcedureShape)
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Helpers

    /// Splits a code into its head and the part after the dot, which may only follow the head.
    ///
    /// Returns nil for a head of the wrong length, a misplaced or repeated dot, or a trailing dot.
    private static func splitAtDot(_ text: [UInt8], head: Int) -> ([UInt8], [UInt8])? {
        guard text.count >= head else { return nil }
        let headPart = Array(text[..<head])
        var tail = Array(text[head...])
        if tail.first == UInt8(ascii: ".") {
            tail.removeFirst()
            guard !tail.isEmpty else { return nil }
        }
        guard !headPart.contains(UInt8(ascii: ".")), !tail.contains(UInt8(ascii: ".")) else { return nil }
        return (headPart, tail)
    }

    private static func joined(_ head: [UInt8], _ tail: [UInt8]) -> String {
        let text = String(decoding: head, as: UTF8.self)
        return tail.isEmpty ? text : text + "." + String(decoding: tail, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isLetterOrDigit(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
}
