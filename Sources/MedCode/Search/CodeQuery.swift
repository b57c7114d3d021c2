/// A query read as a code: the normalised prefixes it matches, its dotted form and its text for exact matches.
struct CodeQuery: Equatable {
    /// The trimmed query with ASCII letters upper-cased, which an exact match's code equals after the same folding.
    let text: [UInt8]
    /// `SearchText.normalizedCode(query)`: the query's letters and digits, upper-cased.
    let plain: [UInt8]
    /// The 5-4-2 forms of a hyphenated FDA NDC query, other than `plain`. "0002-0800" (4-4) is also read as
    /// "000020800" and "12345-678-9" (5-3-1) as "1234506789". "12345-6789-1" is read as "12345678901"
    /// (5-4-1 padded) as well as its plain "1234567891", because the user may still type a second digit.
    let ndc: [[UInt8]]
    /// The query's letters, digits and dots, upper-cased, or nil when the query has no dot. A code that contains
    /// a dot matches only when its own dotted form starts with this, so "7.2.11" does not find "7.2.1.1".
    let dotted: [UInt8]?

    /// Reads `query` as a code, or returns nil when it cannot be one: after trimming spaces it must contain
    /// only ASCII letters, digits, dots and hyphens, and at least one letter or digit.
    init?(_ query: String) {
        let trimmed = query.trimmingASCIISpaces()
        let allowed = trimmed.utf8.allSatisfy { byte in
            byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || SearchText.isCodeCharacter(byte)
        }
        let plain = SearchText.normalizedCode(trimmed)
        guard allowed, !plain.isEmpty else { return nil }

        self.text = trimmed.utf8.map(Self.uppercased)
        self.plain = plain
        self.ndc = Self.ndcVariants(trimmed).filter { $0 != plain }
        self.dotted = trimmed.utf8.contains(Self.dot) ? Self.dottedForm(text) : nil
    }

    /// Returns the normalised prefixes to look up, which include the NDC readings only for NDC codes.
    func prefixes(isNDC: Bool) -> [[UInt8]] {
        isNDC ? [plain] + ndc : [plain]
    }

    /// Returns whether `code`, whose normalised form starts with one of the query's prefixes, keeps the query's
    /// dots: true when the query or the code has no dot, else whether the code's dotted form starts with the
    /// query's.
    func keepsDots(of code: ArraySlice<UInt8>) -> Bool {
        guard let dotted, code.contains(Self.dot) else { return true }
        var matched = 0
        for byte in code where byte == Self.dot || SearchText.isCodeCharacter(byte) {
            guard matched < dotted.count else { return true }
            guard Self.uppercased(byte) == dotted[matched] else { return false }
            matched += 1
        }
        return matched == dotted.count
    }

    /// Returns whether `code` equals the trimmed query, ignoring ASCII case.
    func isExact(_ code: ArraySlice<UInt8>) -> Bool {
        code.count == text.count && zip(code, text).allSatisfy { Self.uppercased($0) == $1 }
    }

    // MARK: - Forms

    private static let dot = UInt8(ascii: ".")

    private static func uppercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }

    /// Keeps the letters, digits and dots of already upper-cased bytes, dropping hyphens.
    private static func dottedForm(_ bytes: [UInt8]) -> [UInt8] {
        bytes.filter { $0 == dot || SearchText.isCodeCharacter($0) }
    }

    private static func ndcVariants(_ text: String) -> [[UInt8]] {
        let segments = text.split(separator: "-", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let isDigits = segments.allSatisfy { $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        guard isDigits, segments.count >= 2, segments.count <= 3 else { return [] }

        let zero = UInt8(ascii: "0")
        var labeler = segments[0]
        switch labeler.count {
        case 4: labeler.insert(zero, at: 0)
        case 5: break
        default: return []
        }
        guard segments.count == 3 else { return [labeler + segments[1]] }

        var product = segments[1]
        switch product.count {
        case 3: product.insert(zero, at: 0)
        case 4: break
        default: return []
        }
        var variants = [labeler + product + segments[2]]
        // Only 5-4-1 has a one-digit package segment, so "12345-678-9" is a 5-3-2 code still being typed.
        if segments[1].count == 4, segments[2].count == 1 { variants.append(labeler + product + [zero] + segments[2]) }
        return variants
    }
}
