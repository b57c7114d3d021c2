extension CodeSearchIndex {
    /// "CSIX" in little-endian byte order, which opens the index's section of a store file.
    static let sectionMagic: UInt32 = 0x5849_5343
    /// The layout version of the section. Reading rejects any other.
    static let sectionVersion: UInt32 = 1

    /// Writes the index: entries, words, forward lists and code groups. Postings are derived again on reading,
    /// because they cost as much to check as to rebuild.
    public func write(to writer: inout BinaryWriter) {
        writer.write(Self.sectionMagic)
        writer.write(Self.sectionVersion)
        writer.write(systems)
        writer.write(codes)
        writer.write(names)
        writer.write(words)
        writer.write(forwardOffsets)
        writer.write(forwardWords)
        writer.write(UInt64(codeGroups.count))
        for group in codeGroups {
            writer.write(UInt32(group.length))
            writer.write(UInt32(group.system))
            writer.write(group.keys)
            writer.write(group.entries)
        }
    }

    /// Reads an index that `write(to:)` wrote, checking every id, offset and ordering that search relies on.
    /// - Throws: `MedCodeError.invalidTable` naming the reader's file and what is inconsistent, when the
    ///   section is not a search index, has another layout version, or is damaged.
    public init(reading reader: inout BinaryReader) throws {
        guard try reader.readUInt32() == Self.sectionMagic else {
            throw reader.corrupt("the code search section does not start with its marker")
        }
        let version = try reader.readUInt32()
        guard version == Self.sectionVersion else {
            throw reader.corrupt("the code search section has layout version \(version), but this build reads version \(Self.sectionVersion)")
        }

        let systems = try reader.readBytes()
        let codes = try reader.readStringColumn()
        let names = try reader.readStringColumn()
        let words = try reader.readStringColumn()
        let forwardOffsets = try reader.readUInt32Array()
        let forwardWords = try reader.readUInt32Array()
        let groupCount = try reader.readUInt64()
        var codeGroups: [CodeGroup] = []
        for _ in 0..<groupCount {
            let length = Int(try reader.readUInt32())
            let system = try reader.readUInt32()
            let keys = try reader.readBytes()
            let entries = try reader.readUInt32Array()
            guard system < UInt32(Self.allSystems.count) else {
                throw reader.corrupt("a code group names system number \(system), but there are \(Self.allSystems.count) systems")
            }
            guard length > 0, keys.count == entries.count * length else {
                throw reader.corrupt("a code group's keys do not fill \(entries.count) codes of length \(length)")
            }
            codeGroups.append(CodeGroup(length: length, system: UInt8(system), keys: keys, entries: entries))
        }

        try Self.validateEntries(systems: systems, codes: codes, names: names, reader: reader)
        try Self.validateWords(words, forwardOffsets: forwardOffsets, forwardWords: forwardWords, entryCount: systems.count, reader: reader)
        try Self.validateCodeGroups(codeGroups, codes: codes, systems: systems, reader: reader)
        self.init(systems: systems, codes: codes, names: names, words: words,
                  forwardOffsets: forwardOffsets, forwardWords: forwardWords, codeGroups: codeGroups)
    }

    // MARK: - Checks

    private static func validateEntries(systems: [UInt8], codes: StringColumn, names: StringColumn, reader: BinaryReader) throws {
        guard codes.count == systems.count, names.count == systems.count else {
            throw reader.corrupt("the code search section has \(systems.count) systems, \(codes.count) codes and \(names.count) names")
        }
        if let bad = systems.first(where: { Int($0) >= allSystems.count }) {
            throw reader.corrupt("an entry names system number \(bad), but there are \(allSystems.count) systems")
        }
        // NOTE: the description-rank order of the entries is not checked, because that needs every name's
        // Character count. A file that passed the CRC but broke that order would rank hits wrongly.
    }

    private static func validateWords(_ words: StringColumn, forwardOffsets: [UInt32], forwardWords: [UInt32],
                                      entryCount: Int, reader: BinaryReader) throws {
        for index in 0..<words.count {
            let word = words.bytes(at: index)
            guard !word.isEmpty else { throw reader.corrupt("word \(index) of the code search is empty") }
            if index > 0, !words.bytes(at: index - 1).lexicographicallyPrecedes(word) {
                throw reader.corrupt("the words of the code search are not sorted at word \(index)")
            }
        }
        guard forwardOffsets.count == entryCount + 1, forwardOffsets.first == 0,
              Int(forwardOffsets[entryCount]) == forwardWords.count else {
            throw reader.corrupt("the word lists do not match the \(entryCount) entries")
        }
        for entry in 0..<entryCount {
            let start = forwardOffsets[entry]
            let end = forwardOffsets[entry + 1]
            guard start <= end, end <= UInt32(forwardWords.count) else {
                throw reader.corrupt("the word list of entry \(entry) has invalid bounds")
            }
            var previous: UInt32? = nil
            for position in Int(start)..<Int(end) {
                let word = forwardWords[position]
                guard Int(word) < words.count, previous.map({ $0 < word }) ?? true else {
                    throw reader.corrupt("the word list of entry \(entry) is unsorted or names an unknown word")
                }
                previous = word
            }
        }
    }

    private static func validateCodeGroups(_ groups: [CodeGroup], codes: StringColumn, systems: [UInt8], reader: BinaryReader) throws {
        var seen = [Bool](repeating: false, count: systems.count)
        var expectedCount = 0
        for code in 0..<codes.count where codes.bytes(at: code).contains(where: SearchText.isCodeCharacter) {
            expectedCount += 1
        }
        var listedCount = 0
        for (index, group) in groups.enumerated() {
            if index > 0 {
                let previous = groups[index - 1]
                guard (previous.length, previous.system) < (group.length, group.system) else {
                    throw reader.corrupt("the code groups are not ordered by length and system at group \(index)")
                }
            }
            for position in 0..<group.count {
                let entry = Int(group.entries[position])
                guard entry < systems.count, !seen[entry], systems[entry] == group.system else {
                    throw reader.corrupt("a code group lists entry \(entry), which is unknown, repeated or of another system")
                }
                seen[entry] = true
                let key = group.keys[(position * group.length)..<((position + 1) * group.length)]
                guard SearchText.normalizedCode(codes[entry]).elementsEqual(key) else {
                    throw reader.corrupt("a code group's key does not match the code \"\(codes[entry])\" of entry \(entry)")
                }
                if position > 0 {
                    let previousKey = group.keys[((position - 1) * group.length)..<(position * group.length)]
                    guard !key.lexicographicallyPrecedes(previousKey) else {
                        throw reader.corrupt("a code group is not sorted at code \"\(codes[entry])\"")
                    }
                }
            }
            listedCount += group.count
        }
        guard listedCount == expectedCount else {
            throw reader.corrupt("the code groups list \(listedCount) codes, but the entries have \(expectedCount)")
        }
    }
}
