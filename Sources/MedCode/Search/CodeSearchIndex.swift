/// Type-ahead search over the codes and descriptions of every code system, or of one.
///
/// A query matches an entry in two ways:
///
/// - **Code prefix.** The query, with dots and hyphens removed and upper-cased, is a prefix of the entry's code
///   treated the same way, so "4280", "428.0" and "428." all find 428.0. A query with any character other than
///   an ASCII letter, digit, dot or hyphen is not tried as a code. A hyphenated FDA NDC query is also read in its
///   padded 5-4-2 form, so "0002-0800" finds the product 00002-0800 and its packages such as 00002080001.
///   Dots separate levels in codes such as the multi-level CCS category 7.2.11, so a query that contains a dot
///   must keep them. A code that contains a dot then matches only when the query's letters, digits and dots are
///   a prefix of the code's, compared case-insensitively. "7.2.11" therefore finds 7.2.11 and 7.2.11.1 but
///   neither 7.2.1.1 nor ICD-9 721.1. Codes without a dot, such as the ICD-9 category 428 and NDC codes, still
///   ignore the query's dots.
/// - **Description.** Every word of the query is a prefix of some word of the name. Words are runs of letters
///   and digits, compared case-insensitively, with Latin-1 accents folded, so "meniere" finds "Ménière's
///   disease". See `SearchText` for the exact folding.
///
/// Results come in this order:
///
/// 1. Code-prefix hits. Codes equal to the query, ignoring ASCII case and surrounding spaces, come first. The rest
///    follow by normalised code length (so the category 428 comes before 428.0), then by system in
///    `CodeSystem.allCases` order, then by normalised code, then in description rank (below) for equal codes.
///    Exact matches among themselves keep that same order.
/// 2. Description hits that are not already code-prefix hits. They come by the number of query words that equal
///    a whole word of the name (more first), then by name length in Characters (shorter first). Ties go by system
///    in `CodeSystem.allCases` order, then by the code's UTF-8 bytes, then by the name's UTF-8 bytes.
///
/// At most `limit` hits come back, code-prefix hits first. A query without a letter or digit returns nothing.
///
/// How it stays fast: entries are stored sorted by their description rank, so entry ids are ranks. Folded words
/// are sorted, so the words that start with a query word form one contiguous range of word ids. Each word keeps
/// the ids of the entries that use it (postings) and each entry keeps its sorted word ids (forward list). A query
/// reads the postings of its rarest word range and checks the other words against the forward lists, or, when
/// every word is common, walks the entries in rank order and stops once no later entry can rank higher. Codes
/// are grouped by normalised length and system, each group sorted, and found by binary search.
public struct CodeSearchIndex: Sendable {
    /// The system of each entry, as its index in `CodeSystem.allCases`. Entries are in description-rank order.
    let systems: [UInt8]
    let codes: StringColumn
    let names: StringColumn
    /// Every distinct folded word of the names, sorted by UTF-8 bytes. A word's id is its position.
    let words: StringColumn
    /// Entry i's sorted, distinct word ids are `forwardWords[forwardOffsets[i]..<forwardOffsets[i + 1]]`.
    let forwardOffsets: [UInt32]
    let forwardWords: [UInt32]
    /// Code groups ordered by normalised length, then system.
    let codeGroups: [CodeGroup]

    // Derived from the fields above when the index is built or read.

    /// Word w's entry ids, ascending, are `postings[postingOffsets[w]..<postingOffsets[w + 1]]`.
    let postingOffsets: [UInt32]
    let postings: [UInt32]
    /// For each system, its entry ids in ascending order.
    let entriesBySystem: [[UInt32]]

    /// Above this many postings for its rarest word, a query walks the entries in rank order instead of reading
    /// postings. Tests lower or raise it to run both paths over the same index.
    var gatherLimit = CodeSearchIndex.defaultGatherLimit

    static let allSystems = CodeSystem.allCases

    /// The number of entries.
    public var count: Int { systems.count }

    /// Builds the index. Repeated entries are all kept, and each can be found on its own.
    public init(entries: [SearchEntry]) {
        let systemIndex = Dictionary(uniqueKeysWithValues: Self.allSystems.enumerated().map { ($1, UInt8($0)) })

        // Sort by description rank so that an entry's position is its rank.
        let lengths = entries.map { $0.name.count }
        let order = entries.indices.sorted { a, b in
            if lengths[a] != lengths[b] { return lengths[a] < lengths[b] }
            let systemA = systemIndex[entries[a].system]!, systemB = systemIndex[entries[b].system]!
            if systemA != systemB { return systemA < systemB }
            if entries[a].code != entries[b].code {
                return entries[a].code.utf8.lexicographicallyPrecedes(entries[b].code.utf8)
            }
            return entries[a].name.utf8.lexicographicallyPrecedes(entries[b].name.utf8)
        }
        let sorted = order.map { entries[$0] }

        let vocabulary = Self.buildWords(sorted.map(\.name))
        self.init(
            systems: sorted.map { systemIndex[$0.system]! },
            codes: StringColumn(sorted.map(\.code)),
            names: StringColumn(sorted.map(\.name)),
            words: vocabulary.words,
            forwardOffsets: vocabulary.forwardOffsets,
            forwardWords: vocabulary.forwardWords,
            codeGroups: CodeGroup.build(codes: sorted.map(\.code), systems: sorted.map { systemIndex[$0.system]! }))
    }

    /// Takes the stored fields and derives the postings and the per-system entry lists.
    init(systems: [UInt8], codes: StringColumn, names: StringColumn, words: StringColumn,
         forwardOffsets: [UInt32], forwardWords: [UInt32], codeGroups: [CodeGroup]) {
        self.systems = systems
        self.codes = codes
        self.names = names
        self.words = words
        self.forwardOffsets = forwardOffsets
        self.forwardWords = forwardWords
        self.codeGroups = codeGroups

        // Counting sort by word id; entries are visited in ascending order, so each posting list is sorted.
        var offsets = [UInt32](repeating: 0, count: words.count + 1)
        for word in forwardWords { offsets[Int(word) + 1] += 1 }
        for index in 0..<words.count { offsets[index + 1] += offsets[index] }
        var next = offsets
        var postings = [UInt32](repeating: 0, count: forwardWords.count)
        for entry in 0..<systems.count {
            for position in Int(forwardOffsets[entry])..<Int(forwardOffsets[entry + 1]) {
                let word = Int(forwardWords[position])
                postings[Int(next[word])] = UInt32(entry)
                next[word] += 1
            }
        }
        self.postingOffsets = offsets
        self.postings = postings

        var bySystem = [[UInt32]](repeating: [], count: Self.allSystems.count)
        for (entry, system) in systems.enumerated() { bySystem[Int(system)].append(UInt32(entry)) }
        self.entriesBySystem = bySystem
    }

    /// Assigns word ids in sorted order and lists each name's distinct word ids.
    private static func buildWords(_ names: [String]) -> (words: StringColumn, forwardOffsets: [UInt32], forwardWords: [UInt32]) {
        // The first pass numbers words in the order they are first seen.
        var firstSeenIds: [String: UInt32] = [:]
        var firstSeenWords: [[UInt8]] = []
        var forwardOffsets: [UInt32] = [0]
        forwardOffsets.reserveCapacity(names.count + 1)
        var forwardWords: [UInt32] = []
        for name in names {
            SearchText.forEachWord(in: name) { word in
                let key = String(decoding: word, as: UTF8.self)
                if let id = firstSeenIds[key] {
                    forwardWords.append(id)
                } else {
                    let id = UInt32(firstSeenWords.count)
                    firstSeenIds[key] = id
                    firstSeenWords.append(word)
                    forwardWords.append(id)
                }
            }
            forwardOffsets.append(UInt32(forwardWords.count))
        }

        // Renumber in byte order, so the words with a given prefix have consecutive ids.
        let sortedOrder = firstSeenWords.indices.sorted { firstSeenWords[$0].lexicographicallyPrecedes(firstSeenWords[$1]) }
        var newId = [UInt32](repeating: 0, count: sortedOrder.count)
        for (rank, old) in sortedOrder.enumerated() { newId[old] = UInt32(rank) }
        let words = StringColumn(sortedOrder.map { String(decoding: firstSeenWords[$0], as: UTF8.self) })

        // Renumber, sort and deduplicate each forward list into one compact array.
        var compacted: [UInt32] = []
        compacted.reserveCapacity(forwardWords.count)
        var compactedOffsets: [UInt32] = [0]
        compactedOffsets.reserveCapacity(forwardOffsets.count)
        for entry in 0..<names.count {
            var list = forwardWords[Int(forwardOffsets[entry])..<Int(forwardOffsets[entry + 1])].map { newId[Int($0)] }
            list.sort()
            var previous: UInt32? = nil
            for id in list where id != previous {
                compacted.append(id)
                previous = id
            }
            compactedOffsets.append(UInt32(compacted.count))
        }
        return (words, compactedOffsets, compacted)
    }

    // MARK: - Search

    /// Returns up to `limit` hits for `query`, in the order described on the type, from every system or only `system`.
    public func search(_ query: String, system: CodeSystem? = nil, limit: Int = 50) -> [SearchHit] {
        // More hits than entries cannot come back, and the clamp keeps buffer sizes derived from `limit` finite.
        let limit = min(limit, count)
        guard limit > 0 else { return [] }
        let systemFilter = system.map { UInt8(Self.allSystems.firstIndex(of: $0)!) }
        let queryWords = SearchText.words(of: query)

        var hits: [SearchHit] = []
        var codeHitEntries: Set<UInt32> = []
        if let codeQuery = CodeQuery(query) {
            for entry in codeMatches(codeQuery, system: systemFilter, limit: limit) {
                codeHitEntries.insert(entry)
                let code = codes[Int(entry)]
                let matched = codeMatchLength(code: code, query: codeQuery)
                hits.append(makeHit(entry, codeMatch: 0..<SearchText.characterEnd(in: code, afterNormalized: matched), queryWords: queryWords))
            }
        }
        guard hits.count < limit, !queryWords.isEmpty else { return hits }

        // Code hits can match the description too, so enough extra matches are requested to skip them.
        let requested = limit - hits.count + codeHitEntries.count
        for entry in descriptionMatches(queryWords, system: systemFilter, limit: requested) where !codeHitEntries.contains(entry) {
            hits.append(makeHit(entry, codeMatch: nil, queryWords: queryWords))
            if hits.count == limit { break }
        }
        return hits
    }

    private func makeHit(_ entry: UInt32, codeMatch: Range<Int>?, queryWords: [[UInt8]]) -> SearchHit {
        let name = names[Int(entry)]
        return SearchHit(
            system: Self.allSystems[Int(systems[Int(entry)])], code: codes[Int(entry)], name: name,
            codeMatch: codeMatch, nameMatches: Self.nameMatches(in: name, queryWords: queryWords) ?? [])
    }

    /// Marks each word of `name` that a query word is a prefix of, as far as the longest such query word reaches.
    /// Returns nil when some query word matches no word of the name.
    static func nameMatches(in name: String, queryWords: [[UInt8]]) -> [Range<Int>]? {
        guard !queryWords.isEmpty else { return nil }
        let spans = SearchText.wordSpans(of: name)
        var matchedQueryWords = Set<Int>()
        var ranges: [Range<Int>] = []
        for span in spans {
            var longest = 0
            for (index, queryWord) in queryWords.enumerated() where span.folded.starts(with: queryWord) {
                matchedQueryWords.insert(index)
                longest = max(longest, queryWord.count)
            }
            if longest > 0 {
                ranges.append(span.characterOffsets[0]..<(span.characterOffsets[longest - 1] + 1))
            }
        }
        return matchedQueryWords.count == queryWords.count ? ranges : nil
    }
}
