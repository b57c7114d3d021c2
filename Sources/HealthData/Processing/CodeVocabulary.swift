/// A code-to-index map for one input field: `<pad>` = 0, `<unk>` = 1, then codes in first-seen order
/// (PyHealth's `SequenceProcessor` vocabulary).
public struct CodeVocabulary: Sendable, Equatable {
    public static let padToken = "<pad>"
    public static let unknownToken = "<unk>"
    public static let padIndex: Int32 = 0
    public static let unknownIndex: Int32 = 1

    /// Tokens by index, starting with `<pad>` and `<unk>`.
    public private(set) var tokens: [String]
    private var indexByToken: [String: Int32]

    /// Creates an empty vocabulary: only `<pad>` and `<unk>`.
    public init() {
        tokens = [Self.padToken, Self.unknownToken]
        indexByToken = [Self.padToken: Self.padIndex, Self.unknownToken: Self.unknownIndex]
    }

    /// Rebuilds a vocabulary from its tokens in index order.
    /// - Throws: `invalidFormat` unless the list starts with `<pad>`, `<unk>` and has no duplicates.
    public init(tokens: [String]) throws {
        guard tokens.count >= 2, tokens[0] == Self.padToken, tokens[1] == Self.unknownToken else {
            throw HealthDataError(
                .invalidFormat, value: tokens.prefix(2).joined(separator: ", "),
                message: "a vocabulary must start with \(Self.padToken) and \(Self.unknownToken)",
                hint: "Write vocabularies with SampleProcessor.save, or fix the token list.")
        }
        var index: [String: Int32] = [:]
        for (position, token) in tokens.enumerated() {
            guard index.updateValue(Int32(position), forKey: token) == nil else {
                throw HealthDataError(
                    .invalidFormat, value: token, message: "the vocabulary lists a token twice",
                    hint: "Remove the duplicate; each token must have one index.")
            }
        }
        self.tokens = tokens
        indexByToken = index
    }

    /// Vocabulary size, `<pad>` and `<unk>` included.
    public var count: Int { tokens.count }

    /// Adds `token` at the next index unless it is already present.
    public mutating func add(_ token: String) {
        guard indexByToken[token] == nil else { return }
        indexByToken[token] = Int32(tokens.count)
        tokens.append(token)
    }

    /// Returns the index of `token`, or `unknownIndex` for a token never added.
    public func index(of token: String) -> Int32 {
        indexByToken[token] ?? Self.unknownIndex
    }

    /// Returns the index of each code, `unknownIndex` for codes never added.
    public func encode(_ codes: [String]) -> [Int32] {
        codes.map { index(of: $0) }
    }

    /// Returns the token at `index`, or nil outside the vocabulary.
    public func token(at index: Int32) -> String? {
        index >= 0 && Int(index) < tokens.count ? tokens[Int(index)] : nil
    }

    public static func == (lhs: CodeVocabulary, rhs: CodeVocabulary) -> Bool {
        lhs.tokens == rhs.tokens
    }
}
