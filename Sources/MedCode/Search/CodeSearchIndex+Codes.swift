/// The normalised codes of one system that have one length, sorted, for prefix search by binary search.
struct CodeGroup: Sendable, Equatable {
    /// The length of every normalised code in the group.
    let length: Int
    /// The system, as its index in `CodeSystem.allCases`.
    let system: UInt8
    /// The normalised codes back to back, `length` bytes each, sorted by bytes, then by entry id.
    let keys: [UInt8]
    /// The entry of each key.
    let entries: [UInt32]

    var count: Int { entries.count }

    /// Groups the entries' normalised codes by length and system. Entries whose code has no letter or digit
    /// are left out, so they can be found only through their description.
    static func build(codes: [String], systems: [UInt8]) -> [CodeGroup] {
        struct GroupKey: Hashable { let length: Int; let system: UInt8 }
        var members: [GroupKey: [(key: [UInt8], entry: UInt32)]] = [:]
        for (entry, code) in codes.enumerated() {
            let key = SearchText.normalizedCode(code)
            guard !key.isEmpty else { continue }
            members[GroupKey(length: key.count, system: systems[entry]), default: []].append((key, UInt32(entry)))
        }

        let groupOrder = members.keys.sorted { ($0.length, $0.system) < ($1.length, $1.system) }
        return groupOrder.map { groupKey in
            let sorted = members[groupKey]!.sorted { a, b in
                a.key == b.key ? a.entry < b.entry : a.key.lexicographicallyPrecedes(b.key)
            }
            return CodeGroup(length: groupKey.length, system: groupKey.system,
                             keys: sorted.flatMap(\.key), entries: sorted.map(\.entry))
        }
    }

    /// The positions whose key starts with `prefix`, which must not be longer than `length`.
    func range(startingWith prefix: [UInt8]) -> Range<Int> {
        keys.withUnsafeBufferPointer { buffer in
            // Compares the first prefix.count bytes of key i with the prefix: -1, 0 or 1.
            func compare(_ index: Int) -> Int {
                let start = index * length
                for offset in 0..<prefix.count {
                    let byte = buffer[start + offset]
                    if byte != prefix[offset] { return byte < prefix[offset] ? -1 : 1 }
                }
                return 0
            }
            let lower = partitionPoint(count) { compare($0) >= 0 }
            let upper = partitionPoint(count) { compare($0) > 0 }
            return lower..<upper
        }
    }
}

extension CodeSearchIndex {
    /// Finds the first `limit` code-prefix matches in code rank order, exact matches first.
    func codeMatches(_ query: CodeQuery, system: UInt8?, limit: Int) -> [UInt32] {
        let ndcSystem = UInt8(Self.allSystems.firstIndex(of: .ndc)!)

        // An exact match's normalised code equals `plain`, so it sits in a group of that length.
        var exact: [UInt32] = []
        for group in codeGroups where group.length == query.plain.count {
            if let system, group.system != system { continue }
            for position in group.range(startingWith: query.plain) {
                let entry = group.entries[position]
                if query.isExact(codes.bytes(at: Int(entry))) { exact.append(entry) }
            }
        }
        if exact.count >= limit { return Array(exact.prefix(limit)) }

        var result = exact
        for group in codeGroups {
            if let system, group.system != system { continue }
            let prefixes = query.prefixes(isNDC: group.system == ndcSystem)

            // Prefix ranges in one sorted group are nested or disjoint, so merging them keeps key order.
            var ranges = prefixes.filter { $0.count <= group.length }.map { group.range(startingWith: $0) }.filter { !$0.isEmpty }
            guard !ranges.isEmpty else { continue }
            ranges.sort { $0.lowerBound < $1.lowerBound }
            var merged: [Range<Int>] = []
            for range in ranges {
                if let last = merged.last, range.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }

            for range in merged {
                for position in range {
                    let entry = group.entries[position]
                    if !exact.isEmpty, exact.contains(entry) { continue }
                    if query.dotted != nil, !query.keepsDots(of: codes.bytes(at: Int(entry))) { continue }
                    result.append(entry)
                    if result.count == limit { return result }
                }
            }
        }
        return result
    }

    /// Returns how many normalised characters of `code` the query matched, which is the length of the longest
    /// reading of the query that is a prefix of the code.
    func codeMatchLength(code: String, query: CodeQuery) -> Int {
        let key = SearchText.normalizedCode(code)
        return query.prefixes(isNDC: true).filter { key.starts(with: $0) }.map(\.count).max() ?? 0
    }
}
