import Foundation

/// Importer for the WHO Anatomical Therapeutic Chemical (ATC) classification.
///
/// Reads `atc/atc_codes_names.csv.gz`, a comma-separated `atc_code,atc_name` list of all five levels with
/// lower-case names (the ATC list of the ethos-paper repository, which does not state the ATC version).
/// Levels 1 to 5 are the code prefixes of 1, 3, 4, 5 and 7 characters: "N" nervous system, "N02" analgesics,
/// "N02B" other analgesics and antipyretics, "N02BE" anilides, "N02BE01" paracetamol.
public enum ATCImport {
    static let codesFile = "atc/atc_codes_names.csv.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [codesFile]

    /// Attribute with the names of the second and later rows of a repeated code, joined with "; ".
    public static let otherNamesAttribute = "other names"

    /// Code lengths of levels 1 to 5.
    static let levelLengths = [1, 3, 4, 5, 7]

    /// Reads the ATC system: one record per code, with attribute "level" ("1" to "5").
    ///
    /// The file lists 177 codes two or three times with variant names ("N02BE01" as "paracetamol" and "paracetamol
    /// (acetaminophen)"): the first name is kept and the others go into `otherNamesAttribute`.
    ///
    /// NOTE: the parent of a code is its truncation to the level above, except for 10 codes of the file whose
    /// direct parent is missing from it (the L01F monoclonal antibody groups such as "L01FC02", and "J06BD03",
    /// "L01EN01"). Those get the nearest listed ancestor ("L01FC02" hangs under "L01", "J06BD03" under "J06B"),
    /// so every parent is a record of the system. Their "level" attribute still follows the code length.
    /// - Parameter root: the import folder, which contains `atc/`.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or header or a file without data rows.
    ///   `MedCodeError.invalidField`, naming file, line and column, for a header other than
    ///   `atc_code,atc_name`, a row without exactly two fields, a code that is not an ATC shape or an empty name.
    public static func systems(in root: URL) throws -> [ImportedSystem] {
        let url = root.appendingPathComponent(codesFile)
        var order: [String] = []
        var names: [String: String] = [:]
        var otherNames: [String: [String]] = [:]

        let expected = ExpectedHeader(names: .exactly(["atc_code", "atc_name"]), fileDescription: "the ATC code list")
        try DelimitedText.forEachCheckedRow(in: url, header: expected) { row, _ in
            let rawCode = try row.field(0, name: "atc_code")
            let code: String
            do {
                code = try CodeSystem.atc.standardize(rawCode)
            } catch let error as MedCodeError {
                throw row.invalid(0, name: "atc_code", reason: "\(error)")
            }
            let name = try row.field(1, name: "atc_name")
            guard !name.isEmpty else { throw row.invalid(1, name: "atc_name", reason: "the name is empty") }

            if let first = names[code] {
                if first != name, !(otherNames[code] ?? []).contains(name) { otherNames[code, default: []].append(name) }
            } else {
                order.append(code)
                names[code] = name
            }
        }

        let records = order.map { code in
            var attributes = ["level": String(levelLengths.firstIndex(of: code.utf8.count)! + 1)]
            if let others = otherNames[code] { attributes[otherNamesAttribute] = others.joined(separator: "; ") }
            return CodeRecord(code: code, name: names[code]!, parent: nearestListedAncestor(of: code, in: names), attributes: attributes)
        }
        return [ImportedSystem(system: .atc, records: records, files: [codesFile])]
    }

    /// Cuts an ATC code to `level` the way PyHealth's `ATC.convert(code, level)` does: to its first 1, 3, 4, 5
    /// or 7 characters for levels 1 to 5 ("N02BE01" at level 3 is "N02B"). A code already at or above `level`
    /// comes back unchanged, as Python's slicing returns it.
    /// - Throws: `MedCodeError.invalidCode` when `code` is not an ATC shape or `level` is outside 1...5.
    public static func truncate(_ code: String, toLevel level: Int) throws -> String {
        let canonical = try CodeSystem.atc.standardize(code)
        guard (1...5).contains(level) else {
            throw MedCodeError.invalidCode(system: .atc, value: code, expected: "a level from 1 to 5 to cut it to, not \(level)")
        }
        return String(canonical.prefix(levelLengths[level - 1]))
    }

    /// Returns the nearest ancestor of `code` that `names` lists, trying the level above first, or nil for a
    /// level-1 code.
    private static func nearestListedAncestor(of code: String, in names: [String: String]) -> String? {
        for length in levelLengths.reversed() where length < code.utf8.count {
            let prefix = String(code.prefix(length))
            if names[prefix] != nil { return prefix }
        }
        return nil
    }
}
