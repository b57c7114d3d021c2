import Foundation

/// The header that an importer expects on a delimited file, and how its data rows must match it.
struct ExpectedHeader {
    /// The rule for the header's column names, which are compared ignoring case.
    enum Names {
        /// Exactly these names in this order (HCUP, ATC and the drug maps), followed only by empty names where
        /// `allowsTrailingEmptyFields` is set.
        case exactly([String])
        /// At least these names, in any order, so that a release with added columns still reads (FDA NDC Directory).
        case including([String])
    }

    var names: Names
    /// The file the importer expects, for the hint of every error, such as "the ATC code list".
    var fileDescription: String
    /// Whether rows before the header whose first field starts with "NOTE" are skipped, as HCUP's single-level
    /// ICD-9 tools start with one.
    var allowsNoteLines = false
    /// Whether a row may end with empty fields after the named columns, or stop after them, instead of having
    /// exactly the header's field count. HCUP's 2013 multi-level diagnosis labels and 2014 procedure labels
    /// end some rows with one or two empty fields.
    var allowsTrailingEmptyFields = false
    /// Whether a value may contain a double quote. The staged HCUP files have none inside a value, so there one
    /// is a quote that lost its partner, which `DelimitedText` would otherwise keep as text.
    var allowsDoubleQuotesInValues = true
}

extension DelimitedText {
    /// Calls `body` with each data row of `url` and the header's columns, after checking the header's names
    /// against `expected`. Each data row must have exactly the header's field count (see
    /// `ExpectedHeader.allowsTrailingEmptyFields` for the exception).
    /// - Throws: `MedCodeError.invalidField`, naming file, line, column, field and value, for a header name that
    ///   differs, a row with a missing or extra field or a stray double quote. `MedCodeError.invalidTable` for a
    ///   file without a header, a header without a required column, or a file without data rows. Also whatever
    ///   `body` throws.
    static func forEachCheckedRow(
        in url: URL, separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true, header expected: ExpectedHeader,
        _ body: (DelimitedRow, HeaderColumns) throws -> Void
    ) throws {
        var columns: HeaderColumns?
        var dataRowCount = 0
        try forEachRow(in: url, separator: separator, quoting: quoting) { row in
            guard let header = columns else {
                if expected.allowsNoteLines, row.fields.first?.uppercased().hasPrefix("NOTE") == true { return }
                columns = try HeaderColumns(row, expected: expected)
                return
            }
            try header.checkFieldCount(of: row)
            if !expected.allowsDoubleQuotesInValues, let index = row.fields.firstIndex(where: { $0.contains("\"") }) {
                throw row.invalid(index, name: header.name(ofColumn: index), reason: "the value contains a double quote, "
                    + "which this file uses only around whole values, so a quote is missing before or after it. "
                    + "Check that this is \(expected.fileDescription) as published")
            }
            dataRowCount += 1
            try body(row, header)
        }

        guard let header = columns else {
            throw MedCodeError.invalidTable(
                path: url.path, line: 0,
                reason: "the file has no header row, which should be \(expected.headerForMessage). Check that this is \(expected.fileDescription) and not empty or cut short")
        }
        guard dataRowCount > 0 else {
            throw MedCodeError.invalidTable(
                path: url.path, line: 0,
                reason: "the file has no data rows after its header on line \(header.line). Check that this is \(expected.fileDescription) and not cut short")
        }
    }
}

extension ExpectedHeader {
    /// The expected header for messages: `"atc_code","atc_name"`, or the required names of an `.including` header.
    var headerForMessage: String {
        switch names {
        case let .exactly(list): return list.map { "\"\($0)\"" }.joined(separator: ",")
        case let .including(list): return "a header with the columns " + list.joined(separator: ", ")
        }
    }
}

/// The columns of a header row, found by name.
struct HeaderColumns {
    /// The 1-based line of the header row.
    let line: Int
    /// The header's field count, which every data row must have.
    let fieldCount: Int
    /// The number of leading columns that have names, which is less than `fieldCount` only where the header
    /// ends with empty fields.
    let namedCount: Int
    let allowsTrailingEmptyFields: Bool
    let fileDescription: String
    private let names: [String]
    private let positions: [String: Int]

    /// Checks `row` against `expected`.
    /// - Throws: `MedCodeError.invalidField` for a name that differs from `.exactly` names, and
    ///   `MedCodeError.invalidTable` naming the first column missing from `.including` names.
    init(_ row: DelimitedRow, expected: ExpectedHeader) throws {
        var names = row.fields
        if expected.allowsTrailingEmptyFields {
            while names.count > 1, names.last?.isEmpty == true { names.removeLast() }
        }
        let hint = "Check that this is \(expected.fileDescription), with its header row first"

        switch expected.names {
        case let .exactly(expectedNames):
            for (index, name) in expectedNames.enumerated() {
                let found = index < names.count ? names[index] : ""
                guard found.uppercased() == name.uppercased() else {
                    throw row.invalid(index, name: "column name", reason: "expected \"\(name)\" in column \(index + 1) of the header, "
                        + "which should be \(expected.headerForMessage). If the header line is missing, restore it. \(hint)")
                }
            }
            if names.count > expectedNames.count {
                throw row.invalid(expectedNames.count, name: "column name", reason: "the header has \(names.count) columns "
                    + "but should have \(expectedNames.count): \(expected.headerForMessage). \(hint)")
            }
        case let .including(requiredNames):
            let upper = Set(names.map { $0.uppercased() })
            for name in requiredNames where !upper.contains(name.uppercased()) {
                throw MedCodeError.invalidTable(
                    path: row.path, line: row.line, reason: "the header has no column \(name). \(hint)")
            }
        }

        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name.uppercased()] == nil {
            positions[name.uppercased()] = index
        }
        self.line = row.line
        self.fieldCount = row.fields.count
        self.namedCount = names.count
        self.allowsTrailingEmptyFields = expected.allowsTrailingEmptyFields
        self.fileDescription = expected.fileDescription
        self.names = names
        self.positions = positions
    }

    /// Returns the position of column `name`, which the header check guarantees for every expected name.
    func index(_ name: String) -> Int { positions[name.uppercased()]! }

    func value(_ name: String, in row: DelimitedRow) throws -> String {
        try row.field(index(name), name: name)
    }

    /// Returns the header's name for column `index` (0-based), or "field N" (1-based) past the named columns.
    func name(ofColumn index: Int) -> String {
        index < names.count && !names[index].isEmpty ? names[index] : "field \(index + 1)"
    }

    /// - Throws: `MedCodeError.invalidField` naming the first missing column or the first extra field.
    func checkFieldCount(of row: DelimitedRow) throws {
        let count = row.fields.count
        let hint = "A separator or a quote may be missing or extra. Check that this is \(fileDescription) as published"
        if allowsTrailingEmptyFields {
            if count < namedCount {
                throw row.invalid(count, name: name(ofColumn: count), reason: "the row has \(count) field\(count == 1 ? "" : "s") but the header names \(namedCount) columns. \(hint)")
            }
            if let extra = row.fields[namedCount...].firstIndex(where: { !$0.isEmpty }) {
                throw row.invalid(extra, name: name(ofColumn: extra), reason: "the row has a value after the header's \(namedCount) named columns. \(hint)")
            }
            return
        }
        guard count == fieldCount else {
            let column = min(count, fieldCount)
            throw row.invalid(column, name: name(ofColumn: column), reason: "the row has \(count) field\(count == 1 ? "" : "s") but the header has \(fieldCount). \(hint)")
        }
    }
}
