import Foundation

/// Importers for ICD-9-CM diagnoses (ICD9CM) and ICD-9-CM volume 3 procedures (ICD9PROC).
///
/// Sources: the CMS ICD-9-CM v32 description files (FY2015, the last ICD-9-CM release) and a 2015 diagnosis
/// tree with chapters, sections and categories, both under `icd9cm/` of the import folder.
public enum ICD9Import {
    static let hierarchyFile = "icd9cm/icd9cm_dx_hierarchy_2015.csv.gz"
    static let longDiagnosisFile = "icd9cm/CMS32_DESC_LONG_DX.txt.gz"
    static let shortDiagnosisFile = "icd9cm/CMS32_DESC_SHORT_DX.txt.gz"
    static let longProcedureFile = "icd9cm/CMS32_DESC_LONG_SG.txt.gz"
    static let shortProcedureFile = "icd9cm/CMS32_DESC_SHORT_SG.txt.gz"

    /// The files both importers read, relative to the import folder.
    public static let requiredFiles = [
        hierarchyFile, longDiagnosisFile, shortDiagnosisFile, longProcedureFile, shortProcedureFile,
    ]

    /// Imports ICD9CM: every node of the 2015 diagnosis tree with its parent.
    ///
    /// The tree has 19 chapters ("390-459"), sections ("420-429"), categories ("428") and codes ("428.0").
    /// Range codes stay as the file writes them, and every other code is dotted ("E849.7", "V70.0"). A code
    /// in CMS32_DESC_LONG_DX is named by that file, which is Latin-1 ("Ménière's disease, unspecified").
    /// Other nodes take the tree's long description, or its short one where the long one is empty, as for
    /// chapters and categories. Codes in CMS32_DESC_SHORT_DX get the attribute "short name". A CMS32 code
    /// missing from the tree is added under its longest truncation that is a node ("428.01" under "428.0").
    /// - Parameter root: the import folder, which contains `icd9cm/`.
    /// - Throws: `MedCodeError.invalidTable` for a missing file, a bad header, a repeated code or a parent
    ///   that is not a node, and `MedCodeError.invalidField` for an invalid code, depth or is_leaf value.
    public static func diagnoses(in root: URL) throws -> ImportedSystem {
        let longNames = try CodeDescriptionFile.read(longDiagnosisFile, in: root, system: .icd9cm)
        let shortNames = try CodeDescriptionFile.read(shortDiagnosisFile, in: root, system: .icd9cm)
        let longByCode = Dictionary(uniqueKeysWithValues: longNames.map { ($0.code, $0.description) })
        let shortByCode = Dictionary(uniqueKeysWithValues: shortNames.map { ($0.code, $0.description) })

        var records = try readHierarchy(in: root)
        var indexOfCode: [String: Int] = [:]
        for (index, record) in records.enumerated() { indexOfCode[record.code] = index }

        for index in records.indices {
            let code = records[index].code
            if let name = longByCode[code] { records[index].name = name }
            if let short = shortByCode[code] { records[index].attributes["short name"] = short }
        }

        for entry in longNames where indexOfCode[entry.code] == nil {
            var attributes: [String: String] = [:]
            if let short = shortByCode[entry.code] { attributes["short name"] = short }
            let parent = truncations(of: entry.code).first { indexOfCode[$0] != nil }
            indexOfCode[entry.code] = records.count
            records.append(CodeRecord(code: entry.code, name: entry.description, parent: parent, attributes: attributes))
        }

        return ImportedSystem(
            system: .icd9cm, records: records,
            files: [hierarchyFile, longDiagnosisFile, shortDiagnosisFile])
    }

    /// Imports ICD9PROC from CMS32_DESC_LONG_SG, with the attribute "short name" from CMS32_DESC_SHORT_SG.
    ///
    /// The CMS32 files list only the codes that can be billed, so none of them is a prefix of another. The
    /// hierarchy is built by truncation: "38.93" lies under "38.9", which lies under the two-digit category
    /// "38", and a three-character code such as "01.6" lies directly under "01". Records come sorted by code,
    /// so that a category precedes its members.
    ///
    /// NOTE: the categories ("38", "38.9") are not in the CMS32 files, and no staged file names them, so they
    /// are added with an empty name. The two-digit categories are roots because the chapters ("Operations on
    /// the cardiovascular system") are not staged either.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or a repeated code, and
    ///   `MedCodeError.invalidField` for an invalid code or a missing description.
    public static func procedures(in root: URL) throws -> ImportedSystem {
        let longNames = try CodeDescriptionFile.read(longProcedureFile, in: root, system: .icd9proc)
        let shortNames = try CodeDescriptionFile.read(shortProcedureFile, in: root, system: .icd9proc)
        let shortByCode = Dictionary(uniqueKeysWithValues: shortNames.map { ($0.code, $0.description) })

        var records: [CodeRecord] = []
        var categories = Set<String>()
        for entry in longNames {
            // "38.93" has parent "38.9", "01.6" has parent "01", and "38.9" has parent "38".
            let chain = truncations(of: entry.code)
            var attributes: [String: String] = [:]
            if let short = shortByCode[entry.code] { attributes["short name"] = short }
            records.append(CodeRecord(code: entry.code, name: entry.description, parent: chain.first, attributes: attributes))

            for (position, category) in chain.enumerated() where !categories.contains(category) {
                categories.insert(category)
                let parent = position + 1 < chain.count ? chain[position + 1] : nil
                records.append(CodeRecord(code: category, name: "", parent: parent))
            }
        }

        let listed = Set(longNames.map(\.code))
        if let clash = categories.first(where: { listed.contains($0) }) {
            // A listed code that is also a category would appear twice.
            throw MedCodeError.invalidTable(
                path: root.appendingPathComponent(longProcedureFile).path, line: 0,
                reason: "the code \"\(clash)\" is both listed and the category of other listed codes. Check that this is a CMS32 _SG file")
        }
        records.sort { $0.code < $1.code }
        return ImportedSystem(system: .icd9proc, records: records, files: [longProcedureFile, shortProcedureFile])
    }

    // MARK: - Diagnosis tree

    /// Reads the tree file `code,parent_code,depth,is_leaf,short_desc,long_desc`, with the codes made canonical.
    private static func readHierarchy(in root: URL) throws -> [CodeRecord] {
        let url = try ImportFile.locate(hierarchyFile, in: root)
        let header = ["code", "parent_code", "depth", "is_leaf", "short_desc", "long_desc"]
        var records: [CodeRecord] = []
        var rowLines: [Int] = []
        var seen: [String: Int] = [:]

        try DelimitedText.forEachRow(in: url) { row in
            if row.line == 1 {
                guard row.fields == header else {
                    throw MedCodeError.invalidTable(
                        path: row.path, line: 1,
                        reason: "expected the header \"\(header.joined(separator: ","))\", found \"\(row.fields.joined(separator: ","))\"")
                }
                return
            }

            let code = try hierarchyCode(row, column: 0, name: "code")
            let parentText = try row.field(1, name: "parent_code")
            let parent = parentText.isEmpty ? nil : try hierarchyCode(row, column: 1, name: "parent_code")
            guard Int(try row.field(2, name: "depth")) != nil else {
                throw row.invalid(2, name: "depth", reason: "expected a whole number")
            }
            guard ["0", "1"].contains(try row.field(3, name: "is_leaf")) else {
                throw row.invalid(3, name: "is_leaf", reason: "expected 0 or 1")
            }
            let shortDescription = try row.field(4, name: "short_desc")
            let longDescription = try row.field(5, name: "long_desc")
            let name = longDescription.isEmpty ? shortDescription : longDescription
            guard !name.isEmpty else {
                throw row.invalid(4, name: "short_desc", reason: "both descriptions are empty")
            }
            if let first = seen[code] {
                throw MedCodeError.invalidTable(
                    path: row.path, line: row.line, reason: "the code \"\(code)\" appears twice, first on line \(first)")
            }

            seen[code] = row.line
            records.append(CodeRecord(code: code, name: name, parent: parent))
            rowLines.append(row.line)
        }

        // Parents may come after their children ("001" precedes its section "001-009"), so check at the end.
        for (record, line) in zip(records, rowLines) {
            if let parent = record.parent, seen[parent] == nil {
                throw MedCodeError.invalidField(
                    path: url.path, line: line, column: 2, field: "parent_code", value: parent,
                    reason: "no row has this code. Check that the file is complete")
            }
        }
        return records
    }

    /// Reads a tree code: a dotted ICD-9-CM code, or a range of two such codes ("001-139", "E000-E999") kept as is.
    private static func hierarchyCode(_ row: DelimitedRow, column: Int, name: String) throws -> String {
        let text = try row.field(column, name: name)
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        do {
            if ends.count == 2 {
                _ = try CodeSystem.icd9cm.standardize(String(ends[0]))
                _ = try CodeSystem.icd9cm.standardize(String(ends[1]))
                return text
            }
            return try CodeSystem.icd9cm.standardize(text)
        } catch let error as MedCodeError {
            throw row.invalid(column, name: name, reason: "\(error). A range such as \"001-139\" is also accepted")
        }
    }

    /// Returns the shorter forms of a dotted code that are its ancestors, closest first:
    /// "38.93" gives ["38.9", "38"], "428.01" gives ["428.0", "428"] and "01.6" gives ["01"].
    static func truncations(of code: String) -> [String] {
        guard let dot = code.firstIndex(of: ".") else { return [] }
        var result: [String] = []
        var tail = code[code.index(after: dot)...]
        while tail.count > 1 {
            tail = tail.dropLast()
            result.append(String(code[..<dot]) + "." + tail)
        }
        result.append(String(code[..<dot]))
        return result
    }
}

// MARK: - Shared by the ICD importers

/// Locates the files of an import folder.
enum ImportFile {
    /// Returns the URL of `relativePath` under `root`.
    /// - Throws: `MedCodeError.invalidTable` with line 0 when the file does not exist.
    static func locate(_ relativePath: String, in root: URL) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MedCodeError.invalidTable(
                path: url.path, line: 0,
                reason: "file not found. The import folder must contain \(relativePath), as staged from the official release")
        }
        return url
    }

    /// Calls `body` with the 1-based number and the bytes of every line, without the LF or CRLF ending.
    static func forEachLine(
        _ bytes: [UInt8], _ body: (_ line: Int, _ text: ArraySlice<UInt8>) throws -> Void
    ) rethrows {
        var lineNumber = 0
        for var text in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
            try body(lineNumber, text)
        }
    }

    /// Splits a line at runs of spaces and tabs.
    static func whitespaceFields(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
    }
}

/// A file of "code, spaces, description" lines: the CMS32 ICD-9 files and the CMS ICD-10-PCS code list.
enum CodeDescriptionFile {
    struct Entry {
        var line: Int
        var code: String
        var description: String
    }

    /// Reads every non-empty line in file order, with the code made canonical for `system`.
    ///
    /// Descriptions are decoded as UTF-8, or as Latin-1 when a line is not valid UTF-8, because CMS writes
    /// CMS32_DESC_LONG_DX in Latin-1.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or a repeated code, and
    ///   `MedCodeError.invalidField` for an invalid code (column 1) or a missing description (column 2).
    static func read(_ relativePath: String, in root: URL, system: CodeSystem) throws -> [Entry] {
        let url = try ImportFile.locate(relativePath, in: root)
        let bytes = try readGzipFile(url)
        var entries: [Entry] = []
        var seen: [String: Int] = [:]

        try ImportFile.forEachLine(bytes) { line, text in
            let trimmedText = DelimitedText.trimmed(text)
            if trimmedText.isEmpty { return }

            let codeEnd = trimmedText.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                ?? trimmedText.endIndex
            let rawCode = String(decoding: trimmedText[..<codeEnd], as: UTF8.self)
            let description = DelimitedText.decode(DelimitedText.trimmed(trimmedText[codeEnd...]))

            let code: String
            do {
                code = try system.standardize(rawCode)
            } catch let error as MedCodeError {
                throw MedCodeError.invalidField(
                    path: url.path, line: line, column: 1, field: "code", value: rawCode,
                    reason: "\(error). Check that the file is \(relativePath) from the official release")
            }
            guard !description.isEmpty else {
                throw MedCodeError.invalidField(
                    path: url.path, line: line, column: 2, field: "description", value: "",
                    reason: "the code \"\(rawCode)\" has no description")
            }
            if let first = seen[code] {
                throw MedCodeError.invalidTable(
                    path: url.path, line: line, reason: "the code \"\(rawCode)\" appears twice, first on line \(first)")
            }

            seen[code] = line
            entries.append(Entry(line: line, code: code, description: description))
        }
        return entries
    }
}
