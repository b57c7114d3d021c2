/// One code and its description, as the search index takes it in.
public struct SearchEntry: Sendable, Equatable {
    public var system: CodeSystem
    /// The code in its system's display form, such as "428.0", "00002-0800" or "N02BE01".
    public var code: String
    /// The description that the words of a query are matched against.
    public var name: String

    public init(system: CodeSystem, code: String, name: String) {
        self.system = system
        self.code = code
        self.name = name
    }
}

/// One result of `CodeSearchIndex.search`, with the parts that matched the query.
public struct SearchHit: Sendable, Equatable {
    public var system: CodeSystem
    public var code: String
    public var name: String
    /// The characters of `code` that the query matched as a code prefix, as Character offsets, or nil for a hit
    /// found through its description. The range ends after the last matched letter or digit, so "428." on code
    /// "428.0" marks 0..<3 and "4280" marks 0..<5.
    public var codeMatch: Range<Int>?
    /// The word prefixes of `name` that the query's words matched, as Character offsets in ascending order.
    /// Empty when the name does not match every word of the query.
    public var nameMatches: [Range<Int>]

    public init(system: CodeSystem, code: String, name: String, codeMatch: Range<Int>?, nameMatches: [Range<Int>]) {
        self.system = system
        self.code = code
        self.name = name
        self.codeMatch = codeMatch
        self.nameMatches = nameMatches
    }
}
