/// A medical code system, named as PyHealth's `pyhealth.medcode` names its vocabularies.
public enum CodeSystem: String, CaseIterable, Sendable {
    case icd9cm = "ICD9CM"
    case icd9proc = "ICD9PROC"
    case icd10cm = "ICD10CM"
    case icd10proc = "ICD10PROC"
    case ccscm = "CCSCM"
    case ccsproc = "CCSPROC"
    /// HCUP multi-level CCS for diagnoses ("7.2.1"). PyHealth has only the single-level CCSCM; the multi-level
    /// categories get their own system because level-1 numbers ("7") collide with single-level ones.
    case ccscmMultiLevel = "CCSCM_MULTI"
    /// HCUP multi-level CCS for procedures ("1.1.1").
    case ccsprocMultiLevel = "CCSPROC_MULTI"
    case atc = "ATC"
    case ndc = "NDC"
    case rxnorm = "RxNorm"

    /// Converts a code written with or without its dot into the system's canonical display form.
    ///
    /// ICD-9-CM, ICD-9 procedures and ICD-10-CM get the dot that PyHealth's `standardize` inserts
    /// (see `ICDCode`), ICD-10-PCS is checked and upper-cased, and an NDC package code becomes the 11-digit
    /// form (see `NationalDrugCode`) while an NDC product code with one hyphen becomes "LLLLL-PPPP".
    /// Single-level CCS categories lose leading zeros ("0108" is "108"), multi-level CCS categories are one to
    /// four dot-separated numbers ("7.2.11"), ATC codes are upper-cased and checked against the five WHO
    /// level shapes (see `ATCImport`), and RxNorm RXCUIs are digits. Surrounding spaces are ignored.
    /// - Throws: `MedCodeError.invalidCode` when the code does not have the system's shape,
    ///   or `MedCodeError.invalidNDC` for an NDC.
    public func standardize(_ code: String) throws -> String {
        switch self {
        case .icd9cm: return try ICDCode.standardizeICD9Diagnosis(code)
        case .icd9proc: return try ICDCode.standardizeICD9Procedure(code)
        case .icd10cm: return try ICDCode.standardizeICD10Diagnosis(code)
        case .icd10proc: return try ICDCode.standardizeICD10Procedure(code)
        case .ndc:
            if code.utf8.filter({ $0 == UInt8(ascii: "-") }).count == 1 {
                return try NationalDrugCode.productCode(code)
            }
            return try NationalDrugCode(code).digits
        case .ccscm, .ccsproc: return try standardizeSingleLevelCCS(code)
        case .ccscmMultiLevel, .ccsprocMultiLevel: return try standardizeMultiLevelCCS(code)
        case .atc: return try standardizeATC(code)
        case .rxnorm:
            let trimmed = code.trimmingASCIISpaces()
            guard !trimmed.isEmpty, trimmed.utf8.allSatisfy(isASCIIDigit) else {
                throw MedCodeError.invalidCode(system: self, value: code, expected: "an RXCUI of digits, such as 207882")
            }
            return trimmed
        }
    }

    private func standardizeSingleLevelCCS(_ code: String) throws -> String {
        let trimmed = code.trimmingASCIISpaces()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 6, trimmed.utf8.allSatisfy(isASCIIDigit) else {
            throw MedCodeError.invalidCode(system: self, value: code, expected: "a category number such as 108")
        }
        let significant = trimmed.drop { $0 == "0" }
        return significant.isEmpty ? "0" : String(significant)
    }

    private func standardizeMultiLevelCCS(_ code: String) throws -> String {
        let trimmed = code.trimmingASCIISpaces()
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 3 && $0.utf8.allSatisfy(isASCIIDigit) }) else {
            throw MedCodeError.invalidCode(
                system: self, value: code, expected: "one to four dot-separated category numbers such as 7.2.11")
        }
        return trimmed
    }

    private func standardizeATC(_ code: String) throws -> String {
        let upper = code.trimmingASCIISpaces().uppercased()
        // Character kinds per position: letter, digit, digit, letter, letter, digit, digit. The five levels
        // are the prefixes of length 1, 3, 4, 5 and 7.
        let isLetter: (UInt8) -> Bool = { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        let pattern: [(UInt8) -> Bool] = [isLetter, isASCIIDigit, isASCIIDigit, isLetter, isLetter, isASCIIDigit, isASCIIDigit]
        let bytes = Array(upper.utf8)
        guard [1, 3, 4, 5, 7].contains(bytes.count), zip(bytes, pattern).allSatisfy({ $1($0) }) else {
            throw MedCodeError.invalidCode(
                system: self, value: code,
                expected: "an ATC code of 1, 3, 4, 5 or 7 characters shaped like N02BE01 (letter, 2 digits, 2 letters, 2 digits)")
        }
        return upper
    }
}

private func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

/// The error type of the MedCode module.
public enum MedCodeError: Error, Equatable, CustomStringConvertible {
    /// A code that does not have the shape its system requires; `expected` describes that shape.
    case invalidCode(system: CodeSystem, value: String, expected: String)
    /// A National Drug Code that cannot be normalised, with the cause and the fix in `reason`.
    case invalidNDC(value: String, reason: String)
    /// A code table that could not be read; `line` is 1-based and 0 when the whole file failed.
    case invalidTable(path: String, line: Int, reason: String)
    /// A code that has a valid shape but is neither in the imported table of `system` nor a source of the map used.
    case unknownCode(system: CodeSystem, code: String)
    /// A cross-map that the store does not have; `available` lists the targets it has for `source`.
    case noSuchMap(source: CodeSystem, target: CodeSystem, available: [CodeSystem])
    /// A code system that the store does not have, because its files were missing at import.
    case systemNotImported(system: CodeSystem, store: String)
    /// A request the store cannot serve, such as a level for a target system without levels.
    case invalidRequest(reason: String)
    /// No code store at `path`. The message explains how to build one.
    case storeMissing(path: String)
    /// A field of a code table with an invalid value; `line` and `column` are 1-based, `field` is the column's name.
    case invalidField(path: String, line: Int, column: Int, field: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidCode(system, value, expected):
            return "invalid \(system.rawValue) code \"\(value)\": expected \(expected)"
        case let .invalidNDC(value, reason):
            return "invalid NDC \"\(value)\": \(reason)"
        case let .invalidTable(path, line, reason):
            return line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)"
        case let .unknownCode(system, code):
            return "unknown \(system.rawValue) code \"\(code)\": it is not in the imported \(system.rawValue) codes. Check the code, or search with `swifthealth medcode search`"
        case let .noSuchMap(source, target, available):
            let targets = available.isEmpty ? "none" : available.map(\.rawValue).joined(separator: ", ")
            return "no map from \(source.rawValue) to \(target.rawValue) in the code store (targets of \(source.rawValue): \(targets))"
        case let .systemNotImported(system, store):
            return "the code store at \(store) has no \(system.rawValue) codes, because their files were missing at import. Import again from a folder that has them"
        case let .invalidRequest(reason):
            return reason
        case let .storeMissing(path):
            return "no code store at \(path). Build it once with `swifthealth medcode import --from DIR`, where DIR holds the official code files"
        case let .invalidField(path, line, column, field, value, reason):
            return "\(path):\(line):\(column): invalid \(field) \"\(value)\": \(reason)"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
