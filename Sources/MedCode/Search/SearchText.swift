/// The folding and word splitting that the search index applies to names and queries alike.
///
/// A word is a run of letters and digits. Letters are lower-cased, the accented letters of Latin-1
/// (U+00C0 to U+00FF) lose their accents ("Ménière" becomes "meniere", "ß" becomes "ss"), combining
/// accents (U+0300 to U+036F) are dropped without ending the word, and every other character ends it.
/// Words are compared as the UTF-8 bytes of their folded form.
enum SearchText {
    enum ScalarKind {
        case wordPart
        case ignored
        case separator
    }

    /// Folded forms of U+00C0 to U+00FF. An empty one marks × and ÷, which separate words.
    private static let latin1Folding: [[UInt8]] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    ].map { Array($0.utf8) }

    /// Appends the folded UTF-8 of `scalar` to `output` when it is part of a word, and returns its kind.
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar, into output: inout [UInt8]) -> ScalarKind {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(truncatingIfNeeded: value)
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                output.append(byte)
                return .wordPart
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                output.append(byte + 32)
                return .wordPart
            default:
                return .separator
            }
        }
        if value >= 0xC0, value <= 0xFF {
            let folded = latin1Folding[Int(value - 0xC0)]
            if folded.isEmpty { return .separator }
            output.append(contentsOf: folded)
            return .wordPart
        }
        if value >= 0x300, value <= 0x36F { return .ignored }
        let properties = scalar.properties
        guard properties.isAlphabetic || properties.numericType != nil else { return .separator }
        output.append(contentsOf: properties.lowercaseMapping.utf8)
        return .wordPart
    }

    /// Calls `body` with the folded bytes of each word of `text`, in order, reusing one buffer.
    static func forEachWord(in text: String, _ body: ([UInt8]) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        for scalar in text.unicodeScalars where fold(scalar, into: &word) == .separator {
            if !word.isEmpty {
                body(word)
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { body(word) }
    }

    /// Splits `text` into folded words, in order, repeats included.
    static func words(of text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        forEachWord(in: text) { words.append($0) }
        return words
    }

    /// A word of a name with where its folded bytes came from, for highlighting.
    struct WordSpan {
        var folded: [UInt8]
        /// For each byte of `folded`, the Character offset in the name of the character it came from.
        var characterOffsets: [Int]
    }

    /// Splits `text` into words the way `forEachWord` does, keeping each folded byte's Character offset.
    static func wordSpans(of text: String) -> [WordSpan] {
        var spans: [WordSpan] = []
        var current = WordSpan(folded: [], characterOffsets: [])
        for (offset, character) in text.enumerated() {
            for scalar in character.unicodeScalars {
                let before = current.folded.count
                if fold(scalar, into: &current.folded) == .separator {
                    if !current.folded.isEmpty { spans.append(current) }
                    current = WordSpan(folded: [], characterOffsets: [])
                } else {
                    current.characterOffsets += repeatElement(offset, count: current.folded.count - before)
                }
            }
        }
        if !current.folded.isEmpty { spans.append(current) }
        return spans
    }

    // MARK: - Codes

    /// Keeps the code's ASCII letters and digits, upper-cased, and drops dots, hyphens, spaces and anything else.
    static func normalizedCode(_ code: String) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(code.utf8.count)
        for byte in code.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): key.append(byte - 32)
            default: break
            }
        }
        return key
    }

    /// Returns whether `byte` is an ASCII letter or digit, the characters that a normalised code keeps.
    static func isCodeCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): return true
        default: return false
        }
    }

    /// Returns the Character offset in `code` just after its `count`-th letter or digit, or the code's length when it has fewer.
    static func characterEnd(in code: String, afterNormalized count: Int) -> Int {
        var seen = 0
        var offset = 0
        for character in code {
            offset += 1
            if let ascii = character.asciiValue, isCodeCharacter(ascii) {
                seen += 1
                if seen == count { return offset }
            }
        }
        return offset
    }
}
