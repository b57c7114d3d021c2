import Foundation

/// Importer for RxNorm concepts and the drug maps around them, as far as the staged files allow.
///
/// RxNorm's own concept files (RXNCONSO) need a UMLS licence, so the codes are the RXCUIs that the
/// GAMENet/SafeDrug NDC map (`ndc_to_rxcui.csv`, NDCs of MIMIC-III PRESCRIPTIONS) names, without names. The
/// NDC-to-ATC map comes from the ethos-paper `gsn_atc_ndc_mapping.csv` (GSN, ATC, NDC).
public enum RxNormImport {
    static let ndcToRxcuiFile = "rxnorm/ndc_to_rxcui.csv.gz"
    static let ndcToATCFile = "rxnorm/gsn_atc_ndc_mapping.csv.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [ndcToRxcuiFile, ndcToATCFile]

    /// Reads the RxNorm system: every RXCUI of `ndc_to_rxcui.csv` once, in file order, with an empty name
    /// because no staged file names RxNorm concepts, and no parent.
    /// - Parameter root: the import folder, which contains `rxnorm/`.
    /// - Throws: the errors of `maps(in:)`.
    public static func systems(in root: URL) throws -> [ImportedSystem] {
        var skipped = SkippedRows()
        return try read(in: root, skipped: &skipped).systems
    }

    /// Reads the maps NDC -> RxNorm (`ndc_to_rxcui.csv`), NDC -> ATC (`gsn_atc_ndc_mapping.csv`) and
    /// RxNorm -> ATC, the join of the two on NDC. Repeated pairs are kept once, in file order.
    ///
    /// Rows skipped and counted in `SkippedRows`:
    /// - NDC rows with an empty RXCUI (20), and the row "idx,4203" that converting the source dictionary left;
    /// - GSN rows whose NDC is "?" (402) or "0" (45), or whose ATC is not an ATC shape ("T127").
    ///
    /// The GSN file lost the leading zeros of its NDCs ("74472901" for 00074-4729-01), so an NDC of 7 to 10
    /// digits there is padded on the left to 11.
    ///
    /// NOTE: the RxNorm -> ATC join covers only 131 NDCs (91 without the padding), so it gives 131 RXCUI-ATC
    /// pairs out of 3,053 RXCUIs: too few for drug-level mapping. GAMENet's full RXCUI-to-ATC-4 table is not
    /// staged.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or header or a file without data rows.
    ///   `MedCodeError.invalidField`, naming file, line and column, for a header name that differs, a row with a
    ///   missing or extra field, an NDC that does not normalise or an RXCUI that is not digits.
    public static func maps(in root: URL) throws -> [ImportedMap] {
        var skipped = SkippedRows()
        return try read(in: root, skipped: &skipped).maps
    }

    /// Reads the system and the maps in one pass over the files and adds the rows it skips to `skipped`.
    public static func read(in root: URL, skipped: inout SkippedRows) throws -> (systems: [ImportedSystem], maps: [ImportedMap]) {
        let ndcToRxcui = try readNDCToRxcui(in: root, skipped: &skipped)
        let ndcToATC = try readNDCToATC(in: root, skipped: &skipped)

        var rxcuis = UniquePairs()
        for pair in ndcToRxcui { rxcuis.insert(pair.target, "") }
        let rxcuiOfNDC = Dictionary(ndcToRxcui.map { ($0.source, $0.target) }, uniquingKeysWith: { first, _ in first })
        var joined = UniquePairs()
        for pair in ndcToATC {
            if let rxcui = rxcuiOfNDC[pair.source] { joined.insert(rxcui, pair.target) }
        }

        let system = ImportedSystem(
            system: .rxnorm, records: rxcuis.pairs.map { CodeRecord(code: $0.source, name: "") }, files: [ndcToRxcuiFile])
        let maps = [
            ImportedMap(source: .ndc, target: .rxnorm, records: ndcToRxcui.map(\.record), files: [ndcToRxcuiFile]),
            ImportedMap(source: .ndc, target: .atc, records: ndcToATC.map(\.record), files: [ndcToATCFile]),
            ImportedMap(source: .rxnorm, target: .atc, records: joined.pairs.map(\.record), files: [ndcToRxcuiFile, ndcToATCFile]),
        ]
        return ([system], maps)
    }

    // MARK: - Files

    private static func readNDCToRxcui(in root: URL, skipped: inout SkippedRows) throws -> [CodePair] {
        let url = root.appendingPathComponent(ndcToRxcuiFile)
        var pairs = UniquePairs()
        let expected = ExpectedHeader(names: .exactly(["ndc", "rxcui"]), fileDescription: "the NDC-to-RXCUI map of GAMENet (ndc,rxcui)")
        try DelimitedText.forEachCheckedRow(in: url, header: expected) { row, _ in
            let rawNDC = try row.field(0, name: "ndc")
            let rxcui = try row.field(1, name: "rxcui")
            if rawNDC == "idx" {
                skipped.add(file: ndcToRxcuiFile, reason: "the \"idx\" row is a leftover of converting the source dictionary")
                return
            }
            if rxcui.isEmpty {
                skipped.add(file: ndcToRxcuiFile, reason: "the NDC has no RXCUI")
                return
            }
            let ndc = try normalizeNDC(rawNDC, row: row, column: 0, field: "ndc")
            let code: String
            do {
                code = try CodeSystem.rxnorm.standardize(rxcui)
            } catch let error as MedCodeError {
                throw row.invalid(1, name: "rxcui", reason: "\(error)")
            }
            pairs.insert(ndc, code)
        }
        return pairs.pairs
    }

    private static func readNDCToATC(in root: URL, skipped: inout SkippedRows) throws -> [CodePair] {
        let url = root.appendingPathComponent(ndcToATCFile)
        var pairs = UniquePairs()
        let expected = ExpectedHeader(names: .exactly(["gsn", "atc", "ndc"]), fileDescription: "the GSN-ATC-NDC map of ethos-paper (gsn,atc,ndc)")
        try DelimitedText.forEachCheckedRow(in: url, header: expected) { row, _ in
            let rawATC = try row.field(1, name: "atc")
            let rawNDC = try row.field(2, name: "ndc")
            if rawNDC == "?" || (!rawNDC.isEmpty && rawNDC.allSatisfy { $0 == "0" }) {
                skipped.add(file: ndcToATCFile, reason: "the NDC is missing (\"?\" or \"0\")")
                return
            }
            guard let atc = try? CodeSystem.atc.standardize(rawATC) else {
                skipped.add(file: ndcToATCFile, reason: "the ATC code is not an ATC shape")
                return
            }
            // Restores the leading zeros that the source lost by storing NDCs as numbers.
            let padded = (7...10).contains(rawNDC.utf8.count) && rawNDC.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
                ? String(repeating: "0", count: 11 - rawNDC.utf8.count) + rawNDC : rawNDC
            pairs.insert(try normalizeNDC(padded, row: row, column: 2, field: "ndc"), atc)
        }
        return pairs.pairs
    }

    // MARK: - Helpers

    private static func normalizeNDC(_ value: String, row: DelimitedRow, column: Int, field: String) throws -> String {
        do {
            return try NationalDrugCode(value).digits
        } catch let error as MedCodeError {
            throw row.invalid(column, name: field, reason: "\(error)")
        }
    }
}

/// A source-target pair of codes.
struct CodePair: Hashable {
    var source: String
    var target: String

    var record: MapRecord { MapRecord(source: source, target: target) }
}

/// Pairs in the order first inserted, each kept once.
struct UniquePairs {
    private(set) var pairs: [CodePair] = []
    private var seen = Set<CodePair>()

    mutating func insert(_ source: String, _ target: String) {
        let pair = CodePair(source: source, target: target)
        if seen.insert(pair).inserted { pairs.append(pair) }
    }
}

/// MIMIC drug names with the ATC codes that the ethos-paper `mimic_drug_to_atc.csv` assigns to them.
///
/// The file maps the free-text DRUG column of MIMIC PRESCRIPTIONS ("Acetaminophen", "HEParin") to ATC codes,
/// so it is a name lookup, not a code-to-code map, and it stays out of the code store. Use it to give
/// prescriptions without an NDC an ATC code.
public struct MIMICDrugNames: Sendable {
    static let file = "rxnorm/mimic_drug_to_atc.csv.gz"

    /// ATC codes keyed by the lower-cased, trimmed drug name.
    private let codes: [String: [String]]

    /// The number of distinct names after lower-casing.
    public var count: Int { codes.count }

    /// Reads `rxnorm/mimic_drug_to_atc.csv.gz` under `root` (header `drug,atc_code`).
    /// - Throws: `MedCodeError.invalidTable` for a missing file or header or a file without data rows.
    ///   `MedCodeError.invalidField`, naming file, line and column, for a header name that differs, a row with a
    ///   missing or extra field or an ATC code that is not an ATC shape.
    public static func load(in root: URL) throws -> MIMICDrugNames {
        let url = root.appendingPathComponent(file)
        var codes: [String: [String]] = [:]
        let expected = ExpectedHeader(names: .exactly(["drug", "atc_code"]), fileDescription: "the MIMIC drug-name-to-ATC list of ethos-paper (drug,atc_code)")
        try DelimitedText.forEachCheckedRow(in: url, header: expected) { row, _ in
            let name = try row.field(0, name: "drug").lowercased()
            let atc: String
            do {
                atc = try CodeSystem.atc.standardize(try row.field(1, name: "atc_code"))
            } catch let error as MedCodeError {
                throw row.invalid(1, name: "atc_code", reason: "\(error)")
            }
            if !(codes[name]?.contains(atc) ?? false) { codes[name, default: []].append(atc) }
        }
        return MIMICDrugNames(codes: codes)
    }

    /// Returns the ATC codes of a MIMIC drug name in file order, ignoring case and surrounding spaces. The
    /// result is empty when the file does not list the name, and "Heparin" gives ["B01AB01", "S01XA14"].
    public func atc(forDrugName name: String) -> [String] {
        codes[name.trimmingASCIISpaces().lowercased()] ?? []
    }
}
