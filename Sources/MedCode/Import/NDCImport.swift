import Foundation

/// Importer for the FDA National Drug Code Directory (product and package files).
///
/// The files are the FDA's tab-separated `product.txt` and `package.txt` with CRLF line ends and a header
/// line, here the April 2019 snapshot. Columns are found by their header names, so a later FDA release with
/// added columns still reads, and every data row must have the header's field count. Text fields are UTF-8, except for a few Latin-1 bytes that `DelimitedText`
/// decodes as Latin-1.
public enum NDCImport {
    static let productFile = "ndc/fda_ndc_product_2019-04.txt.gz"
    static let packageFile = "ndc/fda_ndc_package_2019-04.txt.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [productFile, packageFile]

    /// Reads the NDC system: products with code "LLLLL-PPPP" ("00002-0800") and packages with the 11-digit
    /// 5-4-2 code ("00002080001") whose parent is their product.
    ///
    /// A product's name is its proprietary name and suffix, the strength of each active ingredient and the
    /// dosage form in lower case ("SOLU-MEDROL 40 mg/mL injection, powder, for solution"). A product without a
    /// proprietary name uses its nonproprietary name. A package's name is the FDA package description
    /// ("1 VIAL in 1 CARTON (0002-0800-01) > 10 mL in 1 VIAL"), or the product's name when that is empty. The
    /// product's name is the parent's and is not repeated in its 244,000 packages, which keeps the store small.
    ///
    /// Product attributes are "fda code" (as the FDA writes it), "product type", "proprietary name",
    /// "nonproprietary name", "dosage form", "route", "labeler", "substance", "strength", "pharm classes",
    /// "marketing category", "application number", "dea schedule", "start marketing date" and "end marketing
    /// date" (YYYY-MM-DD). Empty values are left out. Package attributes are "fda code", the two marketing dates
    /// and "sample package".
    ///
    /// Every NDC in the 2019 files normalises, so a code that does not is an error, not a skip. The FDA lists
    /// some products more than once, one row per SPL listing (1,261 product codes repeat, and 18 package
    /// codes): the first row is kept and each further one is counted in `SkippedRows`.
    /// - Parameter root: the import folder, which contains `ndc/`.
    /// - Throws: `MedCodeError.invalidTable` for a missing file or header column or a file without data rows,
    ///   and `MedCodeError.invalidField` naming file, line and column for a row with a missing or extra field,
    ///   an NDC that does not normalise, or a package whose product code disagrees with its package code or is
    ///   not in the product file.
    public static func systems(in root: URL) throws -> [ImportedSystem] {
        var skipped = SkippedRows()
        return try systems(in: root, skipped: &skipped)
    }

    /// Reads the NDC system and adds the repeated rows it skips to `skipped`.
    public static func systems(in root: URL, skipped: inout SkippedRows) throws -> [ImportedSystem] {
        var records: [CodeRecord] = []
        var productNames: [String: String] = [:]
        try readProducts(in: root, into: &records, names: &productNames, skipped: &skipped)
        try readPackages(in: root, into: &records, productNames: productNames, skipped: &skipped)
        return [ImportedSystem(system: .ndc, records: records, files: [productFile, packageFile])]
    }

    // MARK: - Files

    private static func readProducts(
        in root: URL, into records: inout [CodeRecord], names: inout [String: String], skipped: inout SkippedRows
    ) throws {
        let url = root.appendingPathComponent(productFile)
        let expected = ExpectedHeader(
            names: .including([
                "PRODUCTNDC", "PRODUCTTYPENAME", "PROPRIETARYNAME", "PROPRIETARYNAMESUFFIX", "NONPROPRIETARYNAME",
                "DOSAGEFORMNAME", "ROUTENAME", "STARTMARKETINGDATE", "ENDMARKETINGDATE", "MARKETINGCATEGORYNAME",
                "APPLICATIONNUMBER", "LABELERNAME", "SUBSTANCENAME", "ACTIVE_NUMERATOR_STRENGTH",
                "ACTIVE_INGRED_UNIT", "PHARM_CLASSES", "DEASCHEDULE",
            ]),
            fileDescription: "the FDA NDC Directory product file (product.txt)")
        try DelimitedText.forEachCheckedRow(in: url, separator: UInt8(ascii: "\t"), quoting: false, header: expected) { row, header in
            let fdaCode = try header.value("PRODUCTNDC", in: row)
            let code = try productCode(fdaCode, row: row, column: header.index("PRODUCTNDC"), field: "PRODUCTNDC")
            guard names[code] == nil else {
                skipped.add(file: productFile, reason: "product code listed again for another SPL listing")
                return
            }

            let proprietary = [try header.value("PROPRIETARYNAME", in: row), try header.value("PROPRIETARYNAMESUFFIX", in: row)]
                .filter { !$0.isEmpty }.joined(separator: " ")
            let nonproprietary = try header.value("NONPROPRIETARYNAME", in: row)
            let strength = combineStrength(
                try header.value("ACTIVE_NUMERATOR_STRENGTH", in: row), units: try header.value("ACTIVE_INGRED_UNIT", in: row))
            let dosageForm = try header.value("DOSAGEFORMNAME", in: row)
            let name = [proprietary.isEmpty ? nonproprietary : proprietary, strength, dosageForm.lowercased()]
                .filter { !$0.isEmpty }.joined(separator: " ")

            var attributes: [String: String] = ["fda code": fdaCode]
            let fields: [(String, String)] = [
                ("product type", "PRODUCTTYPENAME"), ("nonproprietary name", "NONPROPRIETARYNAME"),
                ("dosage form", "DOSAGEFORMNAME"), ("route", "ROUTENAME"), ("labeler", "LABELERNAME"),
                ("substance", "SUBSTANCENAME"), ("pharm classes", "PHARM_CLASSES"),
                ("marketing category", "MARKETINGCATEGORYNAME"), ("application number", "APPLICATIONNUMBER"),
                ("dea schedule", "DEASCHEDULE"),
            ]
            for (key, column) in fields {
                let value = try header.value(column, in: row)
                if !value.isEmpty { attributes[key] = value }
            }
            if !proprietary.isEmpty { attributes["proprietary name"] = proprietary }
            if !strength.isEmpty { attributes["strength"] = strength }
            try addDates(from: header, row: row, to: &attributes)

            names[code] = name
            records.append(CodeRecord(code: code, name: name, parent: nil, attributes: attributes))
        }
    }

    private static func readPackages(
        in root: URL, into records: inout [CodeRecord], productNames: [String: String], skipped: inout SkippedRows
    ) throws {
        let url = root.appendingPathComponent(packageFile)
        let expected = ExpectedHeader(
            names: .including([
                "PRODUCTNDC", "NDCPACKAGECODE", "PACKAGEDESCRIPTION", "STARTMARKETINGDATE", "ENDMARKETINGDATE",
                "SAMPLE_PACKAGE",
            ]),
            fileDescription: "the FDA NDC Directory package file (package.txt)")
        var seen = Set<String>()
        try DelimitedText.forEachCheckedRow(in: url, separator: UInt8(ascii: "\t"), quoting: false, header: expected) { row, header in
            let fdaCode = try header.value("NDCPACKAGECODE", in: row)
            let packageColumn = header.index("NDCPACKAGECODE")
            let package: NationalDrugCode
            do {
                package = try NationalDrugCode(fdaCode)
            } catch let error as MedCodeError {
                throw row.invalid(packageColumn, name: "NDCPACKAGECODE", reason: "\(error)")
            }
            let product = try productCode(
                try header.value("PRODUCTNDC", in: row), row: row, column: header.index("PRODUCTNDC"), field: "PRODUCTNDC")
            guard package.productCode == product else {
                throw row.invalid(packageColumn, name: "NDCPACKAGECODE", reason: "the package code belongs to product \(package.productCode), not to the row's PRODUCTNDC \(product)")
            }
            guard let productName = productNames[product] else {
                throw row.invalid(header.index("PRODUCTNDC"), name: "PRODUCTNDC", reason: "the product is not in \(productFile). Check that both files come from the same FDA release")
            }
            guard seen.insert(package.digits).inserted else {
                skipped.add(file: packageFile, reason: "package code listed again for another SPL listing")
                return
            }

            let description = collapsingSpaces(try header.value("PACKAGEDESCRIPTION", in: row))
            var attributes: [String: String] = ["fda code": fdaCode]
            let sample = try header.value("SAMPLE_PACKAGE", in: row)
            if !sample.isEmpty { attributes["sample package"] = sample }
            try addDates(from: header, row: row, to: &attributes)

            let name = description.isEmpty ? productName : description
            records.append(CodeRecord(code: package.digits, name: name, parent: product, attributes: attributes))
        }
    }

    // MARK: - Fields

    private static func productCode(_ value: String, row: DelimitedRow, column: Int, field: String) throws -> String {
        do {
            return try NationalDrugCode.productCode(value)
        } catch let error as MedCodeError {
            throw row.invalid(column, name: field, reason: "\(error)")
        }
    }

    /// Pairs each strength with its unit: "90; 500" and "[iU]/mL; [iU]/mL" give "90 [iU]/mL; 500 [iU]/mL".
    /// When the counts differ, the two fields are joined with a space.
    static func combineStrength(_ amounts: String, units: String) -> String {
        let amountParts = amounts.components(separatedBy: ";").map { $0.trimmingASCIISpaces() }
        let unitParts = units.components(separatedBy: ";").map { $0.trimmingASCIISpaces() }
        guard amountParts.count == unitParts.count else {
            return [amounts, units].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return zip(amountParts, unitParts)
            .map { [$0, $1].filter { !$0.isEmpty }.joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    /// Adds the marketing dates as YYYY-MM-DD.
    /// - Throws: `MedCodeError.invalidField` for a date that is not 8 digits.
    private static func addDates(from header: HeaderColumns, row: DelimitedRow, to attributes: inout [String: String]) throws {
        for (key, column) in [("start marketing date", "STARTMARKETINGDATE"), ("end marketing date", "ENDMARKETINGDATE")] {
            let value = try header.value(column, in: row)
            if value.isEmpty { continue }
            guard value.utf8.count == 8, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw row.invalid(header.index(column), name: column, reason: "expected a date written YYYYMMDD")
            }
            let digits = Array(value)
            attributes[key] = "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
        }
    }

    private static func collapsingSpaces(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
