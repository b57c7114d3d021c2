import Foundation

/// Importer for ICD-10-PCS procedures (ICD10PROC) from the CMS FY2024 code list.
public enum ICD10PCSImport {
    static let codesFile = "icd10pcs/icd10pcs_codes_2024.txt.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [codesFile]

    /// Imports ICD10PROC: every line of `icd10pcs_codes_2024.txt` is a 7-character code, a space and the long
    /// description ("0016070 Bypass Cerebral Ventricle to Nasopharynx with ...").
    ///
    /// NOTE: the PCS tables, which define the meaning of each character position, are not staged, so the
    /// codes have no hierarchy: every record's parent is nil.
    /// - Parameter root: the import folder, which contains `icd10pcs/`.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or a repeated code, and
    ///   `MedCodeError.invalidField` for an invalid code or a missing description.
    public static func codes(in root: URL) throws -> ImportedSystem {
        let entries = try CodeDescriptionFile.read(codesFile, in: root, system: .icd10proc)
        let records = entries.map { CodeRecord(code: $0.code, name: $0.description) }
        return ImportedSystem(system: .icd10proc, records: records, files: [codesFile])
    }
}
