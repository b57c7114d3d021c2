/// One query word resolved against the sorted word list.
struct QueryWordRange {
    /// The ids of the words that start with the query word.
    let words: Range<UInt32>
    /// Whether the first word of the range equals the query word, so an entry using it matches the whole word.
    let hasExactWord: Bool
    /// The number of postings over the range, an upper bound on the entries it matches.
    let postingCount: Int
}

/// The best keys seen so far, where a smaller key ranks higher.
struct TopKeys {
    let limit: Int
    private(set) var keys: [UInt64] = []
    /// Keys at or above this cannot make the top `limit` any more.
    private var threshold = UInt64.max

    init(limit: Int) {
        self.limit = limit
        keys.reserveCapacity(2 * limit + 1)
    }

    mutating func insert(_ key: UInt64) {
        guard key < threshold else { return }
        keys.append(key)
        if keys.count > 2 * limit { truncate() }
    }

    mutating func sortedKeys() -> [UInt64] {
        truncate()
        return keys
    }

    private mutating func truncate() {
        keys.sort()
        if keys.count >= limit {
            keys.removeLast(keys.count - limit)
            threshold = keys[limit - 1]
        }
    }
}

extension CodeSearchIndex {
    /// The default of `gatherLimit`. Above 20,000 postings for its rarest word (over 3 % of 600,000 entries),
    /// a query's words are common enough that a rank-order walk meets matches quickly.
    static let defaultGatherLimit = 20_000

    /// Finds the best `limit` description matches in rank order.
    func descriptionMatches(_ queryWords: [[UInt8]], system: UInt8?, limit: Int) -> [UInt32] {
        var ranges: [QueryWordRange] = []
        for queryWord in queryWords {
            let range = wordRange(startingWith: queryWord)
            guard range.postingCount > 0 else { return [] }
            ranges.append(range)
        }
        let exactCount = ranges.filter(\.hasExactWord).count
        let driver = ranges.indices.min { ranges[$0].postingCount < ranges[$1].postingCount }!

        let keys: [UInt64]
        if ranges[driver].postingCount <= gatherLimit {
            keys = gatherMatches(ranges, driver: driver, exactCount: exactCount, system: system, limit: limit)
        } else {
            keys = scanMatches(ranges, exactCount: exactCount, system: system, limit: limit)
        }
        return keys.map { UInt32(truncatingIfNeeded: $0) }
    }

    /// Finds the ids of the words that start with `prefix` by binary search.
    func wordRange(startingWith prefix: [UInt8]) -> QueryWordRange {
        let bounds: (lower: Int, upper: Int, exact: Bool) = words.blob.withUnsafeBufferPointer { blob in
            words.offsets.withUnsafeBufferPointer { offsets in
                // Compares word i's first prefix.count bytes with the prefix. A shorter word that is a
                // prefix of it sorts before it.
                func compare(_ index: Int) -> Int {
                    let start = Int(offsets[index])
                    let length = Int(offsets[index + 1]) - start
                    for offset in 0..<min(length, prefix.count) where blob[start + offset] != prefix[offset] {
                        return blob[start + offset] < prefix[offset] ? -1 : 1
                    }
                    return length < prefix.count ? -1 : 0
                }
                let lower = partitionPoint(words.count) { compare($0) >= 0 }
                let upper = partitionPoint(words.count) { compare($0) > 0 }
                let exact = lower < upper && Int(offsets[lower + 1] - offsets[lower]) == prefix.count
                return (lower, upper, exact)
            }
        }
        return QueryWordRange(
            words: UInt32(bounds.lower)..<UInt32(bounds.upper), hasExactWord: bounds.exact,
            postingCount: Int(postingOffsets[bounds.upper] - postingOffsets[bounds.lower]))
    }

    /// Counts the entry's whole-word matches, or returns nil when some range has none of its words. With `driver`,
    /// it also returns nil unless `driverWord` is the entry's first word in that range, so an entry that is met
    /// once per word of the driver range is counted once.
    @inline(__always)
    private func wholeWordCount(_ entry: Int, _ ranges: [QueryWordRange], driver: Int = -1, driverWord: UInt32 = 0) -> Int? {
        let start = Int(forwardOffsets[entry])
        let end = Int(forwardOffsets[entry + 1])
        var whole = 0
        for (index, range) in ranges.enumerated() {
            // Forward lists are sorted and short, so a linear search finds the first id at or above the range.
            var position = start
            while position < end, forwardWords[position] < range.words.lowerBound { position += 1 }
            guard position < end else { return nil }
            let first = forwardWords[position]
            guard first < range.words.upperBound else { return nil }
            if index == driver, first != driverWord { return nil }
            if range.hasExactWord, first == range.words.lowerBound { whole += 1 }
        }
        return whole
    }

    @inline(__always)
    private func postingRange(of word: Int) -> Range<Int> {
        Int(postingOffsets[word])..<Int(postingOffsets[word + 1])
    }

    /// Builds the sort key of a match: fewer missing whole words first, then entry id, which is the rest of the rank.
    @inline(__always)
    private func key(entry: Int, whole: Int, exactCount: Int) -> UInt64 {
        UInt64(exactCount - whole) << 32 | UInt64(entry)
    }

    /// Reads every posting of the driver's word range and keeps the best matches.
    private func gatherMatches(_ ranges: [QueryWordRange], driver: Int, exactCount: Int, system: UInt8?, limit: Int) -> [UInt64] {
        var top = TopKeys(limit: limit)
        for word in ranges[driver].words {
            for position in postingRange(of: Int(word)) {
                let entry = Int(postings[position])
                if let system, systems[entry] != system { continue }
                guard let whole = wholeWordCount(entry, ranges, driver: driver, driverWord: word) else { continue }
                top.insert(key(entry: entry, whole: whole, exactCount: exactCount))
            }
        }
        return top.sortedKeys()
    }

    /// Walks entries in rank order when every query word is common, stopping as soon as later entries cannot rank
    /// higher.
    ///
    /// Entries matching every exact word come first, and the postings of the rarest exact word list them in rank
    /// order, so the first `limit` of those that match are the best. Among the rest, a rank-order walk can stop
    /// once `limit` entries with the highest whole-word count still possible have been seen.
    private func scanMatches(_ ranges: [QueryWordRange], exactCount: Int, system: UInt8?, limit: Int) -> [UInt64] {
        var best: [UInt64] = []
        if exactCount > 0 {
            let exactWords = ranges.filter(\.hasExactWord).map { Int($0.words.lowerBound) }
            let rarestExact = exactWords.min { postingRange(of: $0).count < postingRange(of: $1).count }!
            for position in postingRange(of: rarestExact) {
                let entry = Int(postings[position])
                if let system, systems[entry] != system { continue }
                guard wholeWordCount(entry, ranges) == exactCount else { continue }
                best.append(key(entry: entry, whole: exactCount, exactCount: exactCount))
                if best.count == limit { return best }
            }
        }

        // Every entry that matches all exact words is in `best` now, so the walk skips them.
        let needed = limit - best.count
        let stopWhole = exactCount > 0 ? exactCount - 1 : 0
        var top = TopKeys(limit: needed)
        var atStopWhole = 0
        func visit(_ entry: Int) -> Bool {
            guard let whole = wholeWordCount(entry, ranges), exactCount == 0 || whole < exactCount else { return true }
            top.insert(key(entry: entry, whole: whole, exactCount: exactCount))
            if whole == stopWhole { atStopWhole += 1 }
            return atStopWhole < needed
        }
        if let system {
            for entry in entriesBySystem[Int(system)] where !visit(Int(entry)) { break }
        } else {
            for entry in 0..<count where !visit(entry) { break }
        }
        return best + top.sortedKeys()
    }
}
