/// The error type of `Tokenizer`.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// A token that is not in the vocabulary, from a tokenizer without "<unk>".
    case unknownToken(String)
    /// An index outside 0..<vocabularySize.
    case unknownIndex(Int, vocabularySize: Int)
    /// Padding was needed, but the vocabulary has no "<pad>".
    case missingPaddingToken
    /// A maximum length below 1.
    case invalidMaxLength(Int)

    public var description: String {
        switch self {
        case let .unknownToken(token):
            return "unknown token \"\(token)\": it is not in the vocabulary, and there is no \"<unk>\" to map it to. Add it to the tokens or add \"<unk>\" to the special tokens"
        case let .unknownIndex(index, size):
            return "unknown index \(index): the vocabulary has indices 0 to \(size - 1)"
        case .missingPaddingToken:
            return "padding needs \"<pad>\", which is not in the vocabulary. Add it to the special tokens or turn padding off"
        case let .invalidMaxLength(length):
            return "invalid maximum length \(length): it must be at least 1"
        }
    }
}

/// Maps tokens such as medical codes to integer indices and back, and encodes padded batches, as PyHealth's
/// `pyhealth.tokenizer.Tokenizer` does.
///
/// The vocabulary lists the special tokens first, then `tokens`, in order. A repeated token keeps its first
/// index. With the default special tokens "<pad>" is 0 and "<unk>" is 1. Truncation keeps the last `maxLength`
/// items, the most recent visits or codes, and padding fills each list up to the longest in the batch.
///
/// This type differs from PyHealth (`pyhealth/tokenizer.py` in sunlabuiuc/PyHealth) where Python's behaviour is
/// an accident rather than a rule. `paddingIndex` and padding throw without "<pad>" instead of falling back to
/// "<unk>". A maximum length below 1 throws instead of `tokens[-0:]` keeping everything. An empty batch, or one
/// whose lists are all empty, encodes to empty lists instead of raising from `max([])`.
public struct Tokenizer: Sendable {
    public static let paddingToken = "<pad>"
    public static let unknownToken = "<unk>"

    /// The tokens in index order.
    public let vocabulary: [String]
    private let indexByToken: [String: Int]

    /// Builds the vocabulary from `specialTokens`, then `tokens`, skipping repeats.
    public init(tokens: [String], specialTokens: [String] = ["<pad>", "<unk>"]) {
        var vocabulary: [String] = []
        var indexByToken: [String: Int] = [:]
        for token in specialTokens + tokens where indexByToken[token] == nil {
            indexByToken[token] = vocabulary.count
            vocabulary.append(token)
        }
        self.vocabulary = vocabulary
        self.indexByToken = indexByToken
    }

    /// The number of distinct tokens, special tokens included.
    public var vocabularySize: Int { vocabulary.count }

    /// The index of "<pad>".
    /// - Throws: `TokenizerError.missingPaddingToken` when the vocabulary has no "<pad>".
    public var paddingIndex: Int {
        get throws {
            guard let index = indexByToken[Self.paddingToken] else { throw TokenizerError.missingPaddingToken }
            return index
        }
    }

    /// Returns whether `token` is in the vocabulary.
    public func contains(_ token: String) -> Bool { indexByToken[token] != nil }

    /// Converts tokens to indices. A token not in the vocabulary becomes the index of "<unk>".
    /// - Throws: `TokenizerError.unknownToken` for an unknown token when there is no "<unk>".
    public func indices(of tokens: [String]) throws -> [Int] {
        try tokens.map(index(of:))
    }

    /// Converts indices to tokens, keeping "<pad>".
    /// - Throws: `TokenizerError.unknownIndex` for an index outside the vocabulary.
    public func tokens(at indices: [Int]) throws -> [String] {
        try indices.map { index in
            guard vocabulary.indices.contains(index) else {
                throw TokenizerError.unknownIndex(index, vocabularySize: vocabularySize)
            }
            return vocabulary[index]
        }
    }

    // MARK: - Batches

    /// Encodes a batch of token lists, such as one list of codes per patient.
    ///
    /// With `truncation`, each list keeps its last `maxLength` tokens. With `padding`, shorter lists are filled
    /// with the index of "<pad>" up to the longest list of the batch.
    /// - Throws: `TokenizerError` for an unknown token without "<unk>", padding without "<pad>", or a
    ///   `maxLength` below 1 with truncation on.
    public func batchEncode2D(_ batch: [[String]], padding: Bool = true, truncation: Bool = true,
                              maxLength: Int = 512) throws -> [[Int]] {
        var encoded = try batch.map { try indices(of: truncation ? Self.lastItems($0, maxLength) : $0) }
        if padding {
            let longest = encoded.map(\.count).max() ?? 0
            for row in encoded.indices where encoded[row].count < longest {
                encoded[row] += Array(repeating: try paddingIndex, count: longest - encoded[row].count)
            }
        }
        return encoded
    }

    /// Encodes a batch of visit lists, each visit a list of tokens.
    ///
    /// `truncation.0` keeps each patient's last `maxLength.0` visits and `truncation.1` each visit's last
    /// `maxLength.1` tokens. `padding.0` adds visits up to the patient with the most visits, and as in PyHealth,
    /// each added visit contains a single "<pad>". `padding.1` then fills every visit with "<pad>" up to the longest
    /// visit of the batch.
    /// - Throws: as `batchEncode2D`.
    public func batchEncode3D(_ batch: [[[String]]], padding: (Bool, Bool) = (true, true),
                              truncation: (Bool, Bool) = (true, true), maxLength: (Int, Int) = (10, 512)) throws -> [[[Int]]] {
        var encoded: [[[Int]]] = try batch.map { visits in
            let keptVisits = truncation.0 ? try Self.lastItems(visits, maxLength.0) : visits
            return try keptVisits.map { try indices(of: truncation.1 ? Self.lastItems($0, maxLength.1) : $0) }
        }
        if padding.0 {
            let maxVisits = encoded.map(\.count).max() ?? 0
            for patient in encoded.indices where encoded[patient].count < maxVisits {
                encoded[patient] += Array(repeating: [try paddingIndex], count: maxVisits - encoded[patient].count)
            }
        }
        if padding.1 {
            let longestVisit = encoded.flatMap { $0.map(\.count) }.max() ?? 0
            for patient in encoded.indices {
                for visit in encoded[patient].indices where encoded[patient][visit].count < longestVisit {
                    encoded[patient][visit] += Array(repeating: try paddingIndex, count: longestVisit - encoded[patient][visit].count)
                }
            }
        }
        return encoded
    }

    /// Decodes a batch of index lists. Without `padding`, every "<pad>" is dropped, and with it, kept.
    /// - Throws: `TokenizerError.unknownIndex` for an index outside the vocabulary.
    public func batchDecode2D(_ batch: [[Int]], padding: Bool = false) throws -> [[String]] {
        try batch.map { row in
            let decoded = try tokens(at: row)
            return padding ? decoded : decoded.filter { $0 != Self.paddingToken }
        }
    }

    /// Decodes a batch of visit lists. Without `padding`, every "<pad>" is dropped and then every visit left
    /// empty, as in PyHealth.
    /// - Throws: `TokenizerError.unknownIndex` for an index outside the vocabulary.
    public func batchDecode3D(_ batch: [[[Int]]], padding: Bool = false) throws -> [[[String]]] {
        try batch.map { visits in
            let decoded = try batchDecode2D(visits, padding: padding)
            return padding ? decoded : decoded.filter { !$0.isEmpty }
        }
    }

    // MARK: - Helpers

    private func index(of token: String) throws -> Int {
        if let index = indexByToken[token] { return index }
        if let unknown = indexByToken[Self.unknownToken] { return unknown }
        throw TokenizerError.unknownToken(token)
    }

    /// Returns the last `maxLength` items, the most recent ones in a patient's history.
    private static func lastItems<T>(_ items: [T], _ maxLength: Int) throws -> [T] {
        guard maxLength >= 1 else { throw TokenizerError.invalidMaxLength(maxLength) }
        return Array(items.suffix(maxLength))
    }
}
