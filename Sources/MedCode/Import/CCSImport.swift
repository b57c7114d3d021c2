import Foundation

/// Importer for AHRQ HCUP Clinical Classifications Software (CCS) categories and the ICD-to-CCS maps.
///
/// Reads the 2015 single-level and multi-level CCS tools for ICD-9-CM diagnoses and procedures, and the
/// single- and multi-level label files (diagnoses 2015 and 2013, procedures 2014 and 2009). It also reads the CCS
/// tool for ICD-10-CM/PCS v2019.1, which gives the single-level category and multi-level levels 1-2. HCUP quotes fields with single or double quotes and pads them with spaces, which `DelimitedText` removes.
///
/// Every file's header is checked by its column names (`headers`), and every data row must have the header's
/// field count, except that rows of the label files may end with empty fields, as HCUP's own label files do.
/// A double quote inside a value is an error, because HCUP uses it only around whole values.
///
/// Rows that are not categories are skipped, and each skip is counted in `SkippedRows`:
/// - the label rows ".Z" (Overall), "." (no diagnosis or procedure) and ".A" (invalid), which are report
///   headings of HCUP's tools, not categories;
/// - the single-level ICD-9 rows with a blank code and category "0" ("No DX", "No PROC"), which HCUP writes for
///   invalid codes in user data.
public enum CCSImport {
    static let singleDiagnosisICD9 = "ccs/ccs_single_dx_icd9_2015.csv.gz"
    static let singleProcedureICD9 = "ccs/ccs_single_pr_icd9_2015.csv.gz"
    static let multiDiagnosisTool = "ccs/ccs_multi_dx_tool_2015.csv.gz"
    static let multiProcedureTool = "ccs/ccs_multi_pr_tool_2015.csv.gz"
    static let singleDiagnosisLabels = "ccs/ccs_single_dx_labels_2015.csv.gz"
    static let singleProcedureLabels = "ccs/ccs_single_pr_labels_2014.csv.gz"
    static let multiDiagnosisLabels = "ccs/ccs_multi_dx_labels_2013.csv.gz"
    static let multiProcedureLabels = "ccs/ccs_multi_pr_labels_2009.csv.gz"
    static let diagnosisICD10 = "ccs/ccs_dx_icd10cm_2019_1.csv.gz"
    static let procedureICD10 = "ccs/ccs_pr_icd10pcs_2019_1.csv.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [
        singleDiagnosisICD9, singleProcedureICD9, multiDiagnosisTool, multiProcedureTool,
        singleDiagnosisLabels, singleProcedureLabels, multiDiagnosisLabels, multiProcedureLabels,
        diagnosisICD10, procedureICD10,
    ]

    /// The header of each file, as HCUP writes it in these releases.
    ///
    /// The 2009 multi-level procedure labels are titled "DIAGNOSIS" as HCUP published them.
    static let headers: [String: [String]] = [
        singleDiagnosisICD9: [
            "ICD-9-CM CODE", "CCS CATEGORY", "CCS CATEGORY DESCRIPTION", "ICD-9-CM CODE DESCRIPTION",
            "OPTIONAL CCS CATEGORY", "OPTIONAL CCS CATEGORY DESCRIPTION",
        ],
        singleProcedureICD9: ["ICD-9-CM CODE", "CCS CATEGORY", "CCS CATEGORY DESCRIPTION", "ICD-9-CM CODE DESCRIPTION"],
        multiDiagnosisTool: ["ICD-9-CM CODE"] + multiLevelColumns(levels: 4),
        multiProcedureTool: ["ICD-9-CM CODE"] + multiLevelColumns(levels: 3),
        singleDiagnosisLabels: ["CCS DIAGNOSIS CATEGORIES", "CCS DIAGNOSIS CATEGORIES LABELS"],
        singleProcedureLabels: ["CCS PROCEDURE CATEGORIES", "CCS PROCEDURE CATEGORIES LABELS"],
        multiDiagnosisLabels: ["MULTI-LEVEL CCS DIAGNOSIS CATEGORIES", "MULTI-LEVEL CCS DIAGNOSIS LABELS"],
        multiProcedureLabels: ["MULTI-LEVEL CCS DIAGNOSIS CATEGORIES", "MULTI-LEVEL CCS DIAGNOSIS LABELS"],
        diagnosisICD10: icd10Columns(codeName: "ICD-10-CM CODE"),
        procedureICD10: icd10Columns(codeName: "ICD-10-PCS CODE"),
    ]

    /// Attribute of a multi-level category with the single-level categories that HCUP names in brackets after
    /// its label. "Tuberculosis [1.]" gives "1", and "Residual codes; unclassified; all E codes [259. and 260.]"
    /// gives "259, 260". The bracket is taken off the name.
    ///
    /// The numbers are single-level CCS categories or their detailed subcategories. In the 2015 ICD-9-CM tools,
    /// every code under a bracketed category has a single-level category that equals one of the numbers, or one
    /// of the two is a detailed subcategory of the other. For example "6521" is a mental-health subcategory of
    /// 652, and "2601" to "2621" are E-code subcategories of 260.
    public static let singleLevelAttribute = "single-level categories"

    /// Reads CCSCM and CCSPROC (single-level categories such as "108") and CCSCM_MULTI and CCSPROC_MULTI
    /// (multi-level categories such as "7", "7.2", "7.2.11", with the parent at the last dot).
    ///
    /// Names come from the label files first, then from the ICD-9 tools, then from the ICD-10 2019.1 tool, so a
    /// category that only the ICD-10 tool lists gets that tool's description. Multi-level records carry the
    /// attribute "level" ("1" to "4") and, when the label ends in a bracket, `singleLevelAttribute`.
    /// - Parameter root: the import folder, which contains `ccs/`.
    /// - Throws: `MedCodeError.invalidTable` for a missing file, a missing header, a file without data rows, a
    ///   repeated label or a category whose parent category is listed nowhere. `MedCodeError.invalidField`,
    ///   naming file, line, column and value, for a header name that differs, a row with a missing or extra
    ///   field, a stray double quote or an invalid code.
    public static func systems(in root: URL) throws -> [ImportedSystem] {
        try read(in: root).systems
    }

    /// Reads the maps ICD9CM -> CCSCM and ICD9PROC -> CCSPROC (single-level 2015 tools), ICD9CM -> CCSCM_MULTI
    /// and ICD9PROC -> CCSPROC_MULTI (the deepest non-blank level of the multi-level tools), ICD10CM -> CCSCM,
    /// ICD10PROC -> CCSPROC and ICD10CM -> CCSCM_MULTI, ICD10PROC -> CCSPROC_MULTI (2019.1 tools).
    ///
    /// The ICD-10 multi-level target is level 2, or level 1 where the tool leaves level 2 blank (7,625 ICD-10-CM
    /// rows of the 2019.1 tool, all in category 18). Source codes are canonical: dotted
    /// ICD-9-CM, ICD-9 procedure and ICD-10-CM codes, and ICD-10-PCS codes as written.
    /// - Throws: the errors of `systems(in:)`.
    public static func maps(in root: URL) throws -> [ImportedMap] {
        try read(in: root).maps
    }

    /// Reads the systems and maps in one pass over the files, for callers that need both.
    public static func read(in root: URL) throws -> (systems: [ImportedSystem], maps: [ImportedMap]) {
        var skipped = SkippedRows()
        return try read(in: root, skipped: &skipped)
    }

    /// Reads the systems and maps and adds the rows it skips to `skipped`.
    public static func read(in root: URL, skipped: inout SkippedRows) throws -> (systems: [ImportedSystem], maps: [ImportedMap]) {
        var systems: [ImportedSystem] = []
        var maps: [ImportedMap] = []
        for kind in [Kind.diagnoses, Kind.procedures] {
            let result = try read(kind, in: root, skipped: &skipped)
            systems += result.systems
            maps += result.maps
        }
        return (systems, maps)
    }

    // MARK: - One kind

    /// The files and systems of diagnoses or of procedures.
    struct Kind {
        var single: CodeSystem
        var multi: CodeSystem
        var icd9: CodeSystem
        var icd10: CodeSystem
        var singleLabels: String
        var multiLabels: String
        var singleTool: String
        var multiTool: String
        var multiLevels: Int
        var icd10Tool: String

        static let diagnoses = Kind(
            single: .ccscm, multi: .ccscmMultiLevel, icd9: .icd9cm, icd10: .icd10cm,
            singleLabels: singleDiagnosisLabels, multiLabels: multiDiagnosisLabels,
            singleTool: singleDiagnosisICD9, multiTool: multiDiagnosisTool,
            multiLevels: 4, icd10Tool: diagnosisICD10)
        static let procedures = Kind(
            single: .ccsproc, multi: .ccsprocMultiLevel, icd9: .icd9proc, icd10: .icd10proc,
            singleLabels: singleProcedureLabels, multiLabels: multiProcedureLabels,
            singleTool: singleProcedureICD9, multiTool: multiProcedureTool,
            multiLevels: 3, icd10Tool: procedureICD10)
    }

    private static func read(_ kind: Kind, in root: URL, skipped: inout SkippedRows) throws
        -> (systems: [ImportedSystem], maps: [ImportedMap]) {
        var single = CategoryList(system: kind.single)
        var multi = CategoryList(system: kind.multi)

        // Label files first, so that their names win over the shorter or truncated labels of the tools.
        try readLabels(kind.singleLabels, in: root, into: &single, skipped: &skipped)
        try readLabels(kind.multiLabels, in: root, into: &multi, skipped: &skipped)

        let singleICD9 = try readSingleTool(kind, in: root, into: &single, skipped: &skipped)
        let multiICD9 = try readMultiTool(kind, in: root, into: &multi)
        let icd10 = try readICD10Tool(kind, in: root, single: &single, multi: &multi)

        let systems = [
            ImportedSystem(system: kind.single, records: single.records(),
                           files: [kind.singleLabels, kind.singleTool, kind.icd10Tool]),
            ImportedSystem(system: kind.multi, records: try multi.multiLevelRecords(origin: root.appendingPathComponent(kind.multiLabels).path),
                           files: [kind.multiLabels, kind.multiTool, kind.icd10Tool]),
        ]
        let maps = [
            ImportedMap(source: kind.icd9, target: kind.single, records: singleICD9, files: [kind.singleTool]),
            ImportedMap(source: kind.icd9, target: kind.multi, records: multiICD9, files: [kind.multiTool]),
            ImportedMap(source: kind.icd10, target: kind.single, records: icd10.single, files: [kind.icd10Tool]),
            ImportedMap(source: kind.icd10, target: kind.multi, records: icd10.multi, files: [kind.icd10Tool]),
        ]
        return (systems, maps)
    }

    /// Reads a label file: a header, then category and label.
    private static func readLabels(_ file: String, in root: URL, into list: inout CategoryList, skipped: inout SkippedRows) throws {
        let url = root.appendingPathComponent(file)
        try DelimitedText.forEachCheckedRow(in: url, header: expectedHeader(file)) { row, _ in
            let rawCode = try row.field(0, name: "category")
            if rawCode.hasPrefix(".") {
                skipped.add(file: file, reason: "label row \"\(rawCode)\" is a report heading, not a category")
                return
            }
            let code = try standardize(rawCode, in: list.system, row: row, column: 0, field: "category")
            let name = try row.field(1, name: "label")
            guard list.name(of: code) == nil else {
                throw MedCodeError.invalidTable(path: row.path, line: row.line, reason: "category \"\(code)\" appears twice")
            }
            list.add(code, name: name)
        }
    }

    /// Reads the single-level ICD-9 tool: an optional NOTE line, a header, then code, category, category label.
    private static func readSingleTool(_ kind: Kind, in root: URL, into list: inout CategoryList, skipped: inout SkippedRows) throws -> [MapRecord] {
        let url = root.appendingPathComponent(kind.singleTool)
        var records: [MapRecord] = []
        try DelimitedText.forEachCheckedRow(in: url, header: expectedHeader(kind.singleTool)) { row, _ in
            let rawCode = try row.field(0, name: "ICD-9 code")
            let rawCategory = try row.field(1, name: "CCS category")
            if rawCode.isEmpty, rawCategory == "0" {
                skipped.add(file: kind.singleTool, reason: "category 0 row for invalid codes in user data")
                return
            }
            let code = try standardize(rawCode, in: kind.icd9, row: row, column: 0, field: "ICD-9 code")
            let category = try standardize(rawCategory, in: kind.single, row: row, column: 1, field: "CCS category")
            list.addIfMissing(category, name: try row.field(2, name: "CCS category description"))
            records.append(MapRecord(source: code, target: category))
        }
        return records
    }

    /// Reads the multi-level ICD-9 tool: a header, then the code and a category and label per level, where the
    /// deeper levels may be blank.
    private static func readMultiTool(_ kind: Kind, in root: URL, into list: inout CategoryList) throws -> [MapRecord] {
        let url = root.appendingPathComponent(kind.multiTool)
        var records: [MapRecord] = []
        try DelimitedText.forEachCheckedRow(in: url, header: expectedHeader(kind.multiTool)) { row, _ in
            let code = try standardize(try row.field(0, name: "ICD-9 code"), in: kind.icd9, row: row, column: 0, field: "ICD-9 code")
            var deepest: String?
            for level in 0..<kind.multiLevels {
                let column = 1 + 2 * level
                let rawCategory = try row.field(column, name: "CCS level \(level + 1)")
                if rawCategory.isEmpty { break }
                let category = try standardize(rawCategory, in: kind.multi, row: row, column: column, field: "CCS level \(level + 1)")
                list.addIfMissing(category, name: try row.field(column + 1, name: "CCS level \(level + 1) label"))
                deepest = category
            }
            guard let deepest else {
                throw row.invalid(1, name: "CCS level 1", reason: "the code has no multi-level category. Check that this is an HCUP multi-level CCS tool file")
            }
            records.append(MapRecord(source: code, target: deepest))
        }
        return records
    }

    /// Reads the ICD-10 2019.1 tool: code, single-level category, code description, category description,
    /// multi-level level 1 and its label, level 2 and its label.
    private static func readICD10Tool(_ kind: Kind, in root: URL, single: inout CategoryList, multi: inout CategoryList) throws
        -> (single: [MapRecord], multi: [MapRecord]) {
        let url = root.appendingPathComponent(kind.icd10Tool)
        var singleRecords: [MapRecord] = []
        var multiRecords: [MapRecord] = []
        try DelimitedText.forEachCheckedRow(in: url, header: expectedHeader(kind.icd10Tool)) { row, _ in
            let code = try standardize(try row.field(0, name: "ICD-10 code"), in: kind.icd10, row: row, column: 0, field: "ICD-10 code")
            let category = try standardize(try row.field(1, name: "CCS category"), in: kind.single, row: row, column: 1, field: "CCS category")
            single.addIfMissing(category, name: try row.field(3, name: "CCS category description"))
            singleRecords.append(MapRecord(source: code, target: category))

            let levelOne = try standardize(try row.field(4, name: "multi CCS level 1"), in: kind.multi, row: row, column: 4, field: "multi CCS level 1")
            multi.addIfMissing(levelOne, name: try row.field(5, name: "multi CCS level 1 label"))
            var target = levelOne
            let rawLevelTwo = try row.field(6, name: "multi CCS level 2")
            if !rawLevelTwo.isEmpty {
                target = try standardize(rawLevelTwo, in: kind.multi, row: row, column: 6, field: "multi CCS level 2")
                multi.addIfMissing(target, name: try row.field(7, name: "multi CCS level 2 label"))
            }
            multiRecords.append(MapRecord(source: code, target: target))
        }
        return (singleRecords, multiRecords)
    }

    // MARK: - Helpers

    private static func standardize(_ value: String, in system: CodeSystem, row: DelimitedRow, column: Int, field: String) throws -> String {
        do {
            return try system.standardize(value)
        } catch let error as MedCodeError {
            throw row.invalid(column, name: field, reason: "\(error). Check that this is the HCUP CCS file the importer expects")
        }
    }

    /// Returns the header check of `file`, one of `requiredFiles`.
    static func expectedHeader(_ file: String) -> ExpectedHeader {
        let isLabelFile = [singleDiagnosisLabels, singleProcedureLabels, multiDiagnosisLabels, multiProcedureLabels].contains(file)
        let isSingleLevelICD9Tool = file == singleDiagnosisICD9 || file == singleProcedureICD9
        return ExpectedHeader(
            names: .exactly(headers[file]!),
            fileDescription: "the HCUP CCS file \(file)",
            allowsNoteLines: isSingleLevelICD9Tool,
            allowsTrailingEmptyFields: isLabelFile,
            allowsDoubleQuotesInValues: false)
    }

    private static func multiLevelColumns(levels: Int) -> [String] {
        (1...levels).flatMap { ["CCS LVL \($0)", "CCS LVL \($0) LABEL"] }
    }

    private static func icd10Columns(codeName: String) -> [String] {
        [codeName, "CCS CATEGORY", "\(codeName) DESCRIPTION", "CCS CATEGORY DESCRIPTION"] + (1...2).flatMap {
            ["MULTI CCS LVL \($0)", "MULTI CCS LVL \($0) LABEL"]
        }
    }
}

/// Categories in the order first seen, each with the first name seen.
private struct CategoryList {
    let system: CodeSystem
    private var order: [String] = []
    private var names: [String: String] = [:]

    init(system: CodeSystem) {
        self.system = system
    }

    func name(of code: String) -> String? { names[code] }

    mutating func add(_ code: String, name: String) {
        order.append(code)
        names[code] = name
    }

    mutating func addIfMissing(_ code: String, name: String) {
        if names[code] == nil { add(code, name: name) }
    }

    func records() -> [CodeRecord] {
        order.map { CodeRecord(code: $0, name: names[$0] ?? "") }
    }

    /// Records with the parent at the last dot, the level, and the bracketed single-level categories moved from
    /// the name into an attribute.
    /// - Throws: `MedCodeError.invalidTable` naming `origin` when a parent category is listed nowhere.
    func multiLevelRecords(origin: String) throws -> [CodeRecord] {
        try order.map { code in
            var parent: String?
            if let dot = code.lastIndex(of: ".") {
                let candidate = String(code[..<dot])
                guard names[candidate] != nil else {
                    throw MedCodeError.invalidTable(
                        path: origin, line: 0,
                        reason: "\(system.rawValue) category \"\(code)\" has no parent category \"\(candidate)\" in the label or tool files")
                }
                parent = candidate
            }
            let level = code.split(separator: ".").count
            var attributes = ["level": String(level)]
            let (name, references) = splitSingleLevelReference(names[code] ?? "")
            if let references { attributes[CCSImport.singleLevelAttribute] = references }
            return CodeRecord(code: code, name: name, parent: parent, attributes: attributes)
        }
    }
}

/// Splits "Tuberculosis [1.]" into ("Tuberculosis", "1") and "... [259. and 260.]" into ("...", "259, 260").
///
/// Only a trailing bracket that contains nothing but numbers, dots, commas, spaces and "and" is taken off. The
/// closing bracket may be missing, because the 2015 procedure tool cuts some labels short ("... [57").
func splitSingleLevelReference(_ label: String) -> (name: String, references: String?) {
    guard let open = label.range(of: " [", options: .backwards) else { return (label, nil) }
    var inside = label[open.upperBound...]
    if inside.hasSuffix("]") { inside = inside.dropLast() }
    let words = inside.split(whereSeparator: { $0 == " " || $0 == "," })
    let numbers = words.filter { $0 != "and" }.map { $0.hasSuffix(".") ? $0.dropLast() : $0 }
    guard !numbers.isEmpty, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }) else {
        return (label, nil)
    }
    let name = label[..<open.lowerBound].trimmingCharacters(in: .whitespaces)
    return (name, numbers.joined(separator: ", "))
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { self >= "0" && self <= "9" }
}
