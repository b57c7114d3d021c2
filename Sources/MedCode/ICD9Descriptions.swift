import Foundation

/// Code → description table for ICD-9-CM diagnoses or procedures, read from the CMS v32 files.
///
/// The files are CMS32_DESC_LONG_DX / _SHORT_DX (diagnoses) and CMS32_DESC_LONG_SG / _SHORT_SG
/// (procedures) of the CMS ICD-9-CM v32 release (FY2015), plain or gzip-compressed. Each line is
/// a code without its dot, one or more spaces, then the description. CMS writes the long
/// diagnosis file in Latin-1 (ISO-8859-1), with names such as "Ménière's disease", so every
/// file is decoded as Latin-1, which is also correct for the pure-ASCII ones.
public struct ICD9Descriptions: Sendable {
    /// `.icd9cm` for diagnoses or `.icd9proc` for procedures.
    public let system: CodeSystem
    /// Descriptions keyed by the dotted code ("428.0").
    private let names: [String: String]

    /// Number of codes in the table.
    public var count: Int { names.count }

    /// Reads a CMS32 description file for `system`.
    /// - Parameters:
    ///   - url: the file, plain or gzip-compressed.
    ///   - system: `.icd9cm` for a `_DX` file, `.icd9proc` for an `_SG` file.
    /// - Throws: `MedCodeError.invalidTable` naming the file and 1-based line for an invalid or
    ///   repeated code or a missing description, and line 0 when the file cannot be read.
    public static func load(contentsOf url: URL, system: CodeSystem) throws -> ICD9Descriptions {
        precondition(system == .icd9cm || system == .icd9proc, "CMS32 files contain ICD9CM or ICD9PROC codes, not \(system.rawValue)")
        let bytes = try readGzipFile(url)

        var names: [String: String] = [:]
        var lineNumber = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = trimmed(rawLine)
            if line.isEmpty { continue }

            // The code ends at the first space, and the description starts after the run of spaces.
            let codeEnd = line.firstIndex(of: UInt8(ascii: " ")) ?? line.endIndex
            let rawCode = String(decoding: line[line.startIndex..<codeEnd], as: UTF8.self)
            let description = decodeLatin1(trimmed(line[codeEnd...]))
            func fail(_ reason: String) -> MedCodeError {
                .invalidTable(path: url.path, line: lineNumber, reason: reason)
            }

            let code: String
            do {
                code = try system.standardize(rawCode)
            } catch let error as MedCodeError {
                throw fail("\(error). Check that this is a CMS32 \(system == .icd9cm ? "_DX" : "_SG") file")
            }
            guard !description.isEmpty else { throw fail("code \"\(rawCode)\" has no description") }
            guard names[code] == nil else { throw fail("code \"\(rawCode)\" appears twice") }
            names[code] = description
        }
        return ICD9Descriptions(system: system, names: names)
    }

    /// Returns the description of a code written with or without its dot, or nil when the table lacks it.
    /// - Throws: `MedCodeError.invalidCode` when the code does not have the shape of `system`.
    public func lookup(_ code: String) throws -> String? {
        names[try system.standardize(code)]
    }

    // MARK: - Helpers

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }

    /// Decodes Latin-1, where each byte is the Unicode scalar with the same value.
    private static func decodeLatin1(_ bytes: ArraySlice<UInt8>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return text
    }
}
