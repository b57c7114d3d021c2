import Foundation

/// Importer for the CMS General Equivalence Mappings (GEMs) between ICD-9-CM and ICD-10, 2018 release.
public enum GEMImport {
    static let diagnosis9To10File = "gems/2018_gem_cm_I9I10.txt.gz"
    static let diagnosis10To9File = "gems/2018_gem_cm_I10I9.txt.gz"
    static let procedure9To10File = "gems/2018_gem_pcs_I9I10.txt.gz"
    static let procedure10To9File = "gems/2018_gem_pcs_I10I9.txt.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [diagnosis9To10File, diagnosis10To9File, procedure9To10File, procedure10To9File]

    /// Placeholders that CMS writes as the target of a row whose source has no equivalent.
    static let noMapTargets: Set<String> = ["NoDx", "NoPCS", "NoI9"]

    /// Imports the four GEM files as maps, in this order: ICD9CM to ICD10CM, ICD10CM to ICD9CM,
    /// ICD9PROC to ICD10PROC and ICD10PROC to ICD9PROC.
    ///
    /// Each line is `source target flags`, separated by spaces, with CRLF endings. Both codes are made
    /// canonical ("4280 I509" becomes 428.0 to I50.9). The five flag digits become `GEMFlags`. A target of
    /// "NoDx", "NoPCS" or "NoI9" becomes `MapRecord(target: nil)`.
    ///
    /// NOTE: 29 rows of 2018_gem_pcs_I10I9 (such as "02H40NZ NoI9 10000") have the placeholder target without
    /// the no-map flag. They are kept with a nil target and their flags as written.
    /// - Parameter root: the import folder, which contains `gems/`.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or a line without three fields, and
    ///   `MedCodeError.invalidField` for an invalid code or flags, or the no-map flag on a real target.
    public static func maps(in root: URL) throws -> [ImportedMap] {
        [
            try read(diagnosis9To10File, in: root, from: .icd9cm, to: .icd10cm),
            try read(diagnosis10To9File, in: root, from: .icd10cm, to: .icd9cm),
            try read(procedure9To10File, in: root, from: .icd9proc, to: .icd10proc),
            try read(procedure10To9File, in: root, from: .icd10proc, to: .icd9proc),
        ]
    }

    static func read(_ relativePath: String, in root: URL, from source: CodeSystem, to target: CodeSystem) throws -> ImportedMap {
        let url = try ImportFile.locate(relativePath, in: root)
        let bytes = try readGzipFile(url)
        var records: [MapRecord] = []

        try ImportFile.forEachLine(bytes) { line, text in
            let fields = ImportFile.whitespaceFields(text).map { String(decoding: $0, as: UTF8.self) }
            if fields.isEmpty { return }
            guard fields.count == 3 else {
                throw MedCodeError.invalidTable(
                    path: url.path, line: line,
                    reason: "expected 3 fields (source, target, flags) separated by spaces, found \(fields.count)")
            }
            func invalid(_ column: Int, _ name: String, _ reason: String) -> MedCodeError {
                .invalidField(path: url.path, line: line, column: column, field: name, value: fields[column - 1], reason: reason)
            }

            guard let flags = parseFlags(fields[2]) else {
                throw invalid(3, "flags", "expected 5 digits (approximate, no map, combination, scenario, choice list), the first three 0 or 1")
            }
            let sourceCode: String
            do {
                sourceCode = try source.standardize(fields[0])
            } catch let error as MedCodeError {
                throw invalid(1, "source", "\(error)")
            }

            var targetCode: String?
            if !noMapTargets.contains(fields[1]) {
                do {
                    targetCode = try target.standardize(fields[1])
                } catch let error as MedCodeError {
                    throw invalid(2, "target", "\(error)")
                }
                if flags.noMap {
                    throw invalid(2, "target", "the no-map flag is set, so the target must be NoDx, NoPCS or NoI9")
                }
            }
            records.append(MapRecord(source: sourceCode, target: targetCode, flags: flags))
        }
        return ImportedMap(source: source, target: target, records: records, files: [relativePath])
    }

    /// Parses "10111" into flags; returns nil unless the text is 5 digits with the first three 0 or 1.
    static func parseFlags(_ text: String) -> GEMFlags? {
        let digits = text.utf8.map { Int($0) - Int(UInt8(ascii: "0")) }
        guard digits.count == 5, digits.allSatisfy({ (0...9).contains($0) }), digits[0...2].allSatisfy({ $0 <= 1 }) else {
            return nil
        }
        return GEMFlags(
            approximate: digits[0] == 1, noMap: digits[1] == 1, combination: digits[2] == 1,
            scenario: digits[3], choiceList: digits[4])
    }
}
