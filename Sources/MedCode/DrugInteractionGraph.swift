import Foundation

/// The undirected drug-drug interaction (DDI) graph over ATC codes, for the DDI-rate metric and for the DDI
/// adjacency that drug-recommendation models (GAMENet, SafeDrug) take.
///
/// Two sources are supported, both from the GAMENet and SafeDrug data folders:
/// - `.safeDrugATC3`: SafeDrug's 112 x 112 ATC level-3 matrix (`ddi_atc3_safedrug.csv`, an edge list of its
///   upper triangle, with the vocabulary `ddi_atc3_safedrug_vocab.csv`). The codes are the 112 vocabulary
///   entries, including those without any interaction.
/// - `.twosidesTop40(level:)`: the TWOSIDES pairs of the 40 most severe side-effect types
///   (`drug_ddi_top40_stitch.csv`, STITCH compound ids), each compound mapped to every ATC code that
///   `stitch_cid_to_atc.csv` lists for it, cut to the ATC level, unordered, with self-pairs dropped. Pairs with
///   a compound that has no ATC code are left out (124 of the 460). The codes are those in at least one pair.
///
/// ATC levels follow WHO and PyHealth's `ATC.convert`: level 2 is 3 characters ("N02"), 3 is 4 ("N02B"),
/// 4 is 5 ("N02BE") and 5 is 7 ("N02BE01").
public struct DrugInteractionGraph: Sendable, Equatable {
    /// The origin of the interaction pairs.
    public enum Source: Sendable, Equatable {
        /// SafeDrug's ATC level-3 matrix.
        case safeDrugATC3
        /// TWOSIDES top-40 pairs through STITCH-to-ATC, cut to ATC level 2 to 5.
        case twosidesTop40(level: Int)

        /// The ATC level of the graph's codes.
        public var level: Int {
            switch self {
            case .safeDrugATC3: return 3
            case let .twosidesTop40(level): return level
            }
        }
    }

    static let safeDrugPairsFile = "ddi_atc3_safedrug.csv"
    static let safeDrugVocabularyFile = "ddi_atc3_safedrug_vocab.csv"
    static let twosidesPairsFile = "drug_ddi_top40_stitch.csv"
    static let stitchToATCFile = "stitch_cid_to_atc.csv"
    /// The files `load(from:source:)` reads for the graphs the store keeps.
    public static let requiredFiles = [safeDrugVocabularyFile, safeDrugPairsFile, twosidesPairsFile, stitchToATCFile]

    public let source: Source
    /// The vocabulary, sorted.
    public let codes: [String]
    /// The sorted indices of each code's partners.
    private let neighbours: [[Int32]]
    private let indexOfCode: [String: Int]

    /// The number of unordered interacting pairs.
    public var pairCount: Int { neighbours.reduce(0) { $0 + $1.count } / 2 }

    /// Builds a graph from unordered pairs of codes; `vocabulary` adds codes without partners.
    /// - Precondition: no pair joins a code to itself.
    public init(source: Source, pairs: [(String, String)], vocabulary: [String] = []) {
        let codes = Array(Set(vocabulary + pairs.flatMap { [$0.0, $0.1] })).sorted()
        let indexOfCode = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        var neighbourSets = [Set<Int32>](repeating: [], count: codes.count)
        for (first, second) in pairs {
            precondition(first != second, "a drug interaction pair joins \(first) to itself")
            let i = indexOfCode[first]!
            let j = indexOfCode[second]!
            neighbourSets[i].insert(Int32(j))
            neighbourSets[j].insert(Int32(i))
        }
        self.source = source
        self.codes = codes
        self.indexOfCode = indexOfCode
        self.neighbours = neighbourSets.map { $0.sorted() }
    }

    /// Reads the graph of `source` from the folder that contains the DDI files.
    /// - Throws: `MedCodeError.invalidRequest` for a TWOSIDES level outside 2...5, `MedCodeError.invalidTable` for a
    ///   missing file or header, and `MedCodeError.invalidField` naming file, line and column for an invalid ATC
    ///   code or STITCH id, or a SafeDrug pair outside the vocabulary.
    public static func load(from ddiFolder: URL, source: Source) throws -> DrugInteractionGraph {
        switch source {
        case .safeDrugATC3:
            return try loadSafeDrug(from: ddiFolder)
        case let .twosidesTop40(level):
            guard (2...5).contains(level) else {
                throw MedCodeError.invalidRequest(reason: "TWOSIDES interaction graphs exist for ATC levels 2 to 5, not \(level)")
            }
            return try loadTwosides(from: ddiFolder, level: level)
        }
    }

    // MARK: - Queries

    /// Returns whether codes `a` and `b` interact, which is false for a code outside the graph and for a code
    /// with itself.
    public func interacts(_ a: String, _ b: String) -> Bool {
        guard let i = indexOfCode[a], let j = indexOfCode[b] else { return false }
        return contains(neighbours[i], Int32(j))
    }

    /// Returns the codes that interact with `code`, sorted, or none for a code outside the graph.
    public func partners(of code: String) -> [String] {
        guard let index = indexOfCode[code] else { return [] }
        return neighbours[index].map { codes[Int($0)] }
    }

    /// Returns the symmetric 0/1 adjacency matrix over `vocabulary`, row-major with `vocabulary.count` rows, as
    /// GAMENet and SafeDrug take it (PyHealth's `ddi_adj`). Codes outside the graph get zero rows.
    public func adjacencyMatrix(vocabulary: [String]) -> [UInt8] {
        let count = vocabulary.count
        var matrix = [UInt8](repeating: 0, count: count * count)
        for (row, first) in vocabulary.enumerated() {
            for (column, second) in vocabulary.enumerated() where interacts(first, second) {
                matrix[row * count + column] = 1
            }
        }
        return matrix
    }

    /// Computes the DDI rate of PyHealth's `pyhealth.metrics.ddi_rate_score` (as in GAMENet and SafeDrug): over all
    /// prescription sets, the number of position pairs (i < j) within a set whose drugs interact, divided by
    /// the number of position pairs. Returns 0 when no set has two drugs.
    ///
    /// Every pair of positions counts in the denominator, including a code repeated in a set (which never
    /// interacts with itself) and codes outside the graph (which interact with nothing), exactly as the
    /// reference counts every pair of indices.
    public func ddiRate(_ prescriptions: [[String]]) -> Double {
        var pairs = 0
        var interacting = 0
        for drugs in prescriptions {
            let indices = drugs.map { indexOfCode[$0] }
            for i in indices.indices {
                for j in indices.indices where j > i {
                    pairs += 1
                    if let first = indices[i], let second = indices[j], contains(neighbours[first], Int32(second)) {
                        interacting += 1
                    }
                }
            }
        }
        return pairs == 0 ? 0 : Double(interacting) / Double(pairs)
    }

    public static func == (left: DrugInteractionGraph, right: DrugInteractionGraph) -> Bool {
        left.source == right.source && left.codes == right.codes && left.neighbours == right.neighbours
    }

    private func contains(_ sorted: [Int32], _ value: Int32) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }

    // MARK: - Store form

    /// Layout version of `write(to:)`.
    static let binaryVersion: UInt32 = 1

    /// Writes the graph: layout version, source kind (0 SafeDrug, 1 TWOSIDES), level, the codes, then the
    /// first and second code index of each pair (first < second).
    public func write(to writer: inout BinaryWriter) {
        writer.write(Self.binaryVersion)
        switch source {
        case .safeDrugATC3: writer.write(UInt32(0))
        case .twosidesTop40: writer.write(UInt32(1))
        }
        writer.write(UInt32(source.level))
        writer.write(StringColumn(codes))
        var firsts: [UInt32] = []
        var seconds: [UInt32] = []
        for (index, partners) in neighbours.enumerated() {
            for partner in partners where Int(partner) > index {
                firsts.append(UInt32(index))
                seconds.append(UInt32(partner))
            }
        }
        writer.write(firsts)
        writer.write(seconds)
    }

    /// Reads what `write(to:)` wrote.
    /// - Throws: `MedCodeError.invalidTable` (through `reader.corrupt`) when the layout is not a graph.
    public static func read(from reader: inout BinaryReader) throws -> DrugInteractionGraph {
        guard try reader.readUInt32() == binaryVersion else { throw reader.corrupt("unknown drug interaction graph layout") }
        let kind = try reader.readUInt32()
        let level = Int(try reader.readUInt32())
        let source: Source
        switch (kind, level) {
        case (0, 3): source = .safeDrugATC3
        case (1, 2...5): source = .twosidesTop40(level: level)
        default: throw reader.corrupt("unknown drug interaction source \(kind) at level \(level)")
        }
        let column = try reader.readStringColumn()
        let codes = (0..<column.count).map { column[$0] }
        let firsts = try reader.readUInt32Array()
        let seconds = try reader.readUInt32Array()
        guard zip(codes, codes.dropFirst()).allSatisfy({ $0 < $1 }) else { throw reader.corrupt("the codes are not sorted and distinct") }
        guard firsts.count == seconds.count,
              zip(firsts, seconds).allSatisfy({ $0 < $1 && Int($1) < codes.count }) else {
            throw reader.corrupt("a pair names a code index outside the graph")
        }
        let pairs = zip(firsts, seconds).map { (codes[Int($0)], codes[Int($1)]) }
        return DrugInteractionGraph(source: source, pairs: pairs, vocabulary: codes)
    }
}

// MARK: - Files

extension DrugInteractionGraph {
    private static func loadSafeDrug(from folder: URL) throws -> DrugInteractionGraph {
        var vocabulary: [String] = []
        let vocabularyHeader = ExpectedHeader(names: .exactly(["index", "atc3"]), fileDescription: "SafeDrug's ATC-3 vocabulary (\(safeDrugVocabularyFile))")
        try DelimitedText.forEachCheckedRow(in: folder.appendingPathComponent(safeDrugVocabularyFile), header: vocabularyHeader) { row, _ in
            guard try row.field(0, name: "index") == String(vocabulary.count) else {
                throw row.invalid(0, name: "index", reason: "expected index \(vocabulary.count), because the vocabulary lists indices 0, 1, 2, ... in order")
            }
            vocabulary.append(try atcCode(in: row, column: 1, name: "atc3", length: 4))
        }
        let known = Set(vocabulary)

        var pairs: [(String, String)] = []
        let pairsHeader = ExpectedHeader(names: .exactly(["atc3_a", "atc3_b"]), fileDescription: "SafeDrug's ATC-3 interaction pairs (\(safeDrugPairsFile))")
        try DelimitedText.forEachCheckedRow(in: folder.appendingPathComponent(safeDrugPairsFile), header: pairsHeader) { row, _ in
            let first = try atcCode(in: row, column: 0, name: "atc3_a", length: 4)
            let second = try atcCode(in: row, column: 1, name: "atc3_b", length: 4)
            for (column, code) in [(0, first), (1, second)] where !known.contains(code) {
                throw row.invalid(column, name: column == 0 ? "atc3_a" : "atc3_b", reason: "the code is not in \(safeDrugVocabularyFile)")
            }
            guard first != second else { throw row.invalid(1, name: "atc3_b", reason: "a drug cannot interact with itself") }
            pairs.append((first, second))
        }
        return DrugInteractionGraph(source: .safeDrugATC3, pairs: pairs, vocabulary: vocabulary)
    }

    private static func loadTwosides(from folder: URL, level: Int) throws -> DrugInteractionGraph {
        let length = ATCImport.levelLengths[level - 1]

        // stitch_cid_to_atc.csv has no header and one or more ATC codes after each compound id.
        var atcOfCompound: [String: [String]] = [:]
        try DelimitedText.forEachRow(in: folder.appendingPathComponent(stitchToATCFile)) { row in
            let compound = try stitchID(in: row, column: 0, name: "STITCH id")
            for column in 1..<max(row.fields.count, 2) {
                let code = try atcCode(in: row, column: column, name: "ATC", length: nil)
                // NOTE: a code shorter than the level cannot be cut to it and is left out; the staged
                // file has none.
                if code.utf8.count >= length { atcOfCompound[compound, default: []].append(String(code.prefix(length))) }
            }
        }

        var seen = Set<[String]>()
        var pairs: [(String, String)] = []
        let twosidesHeader = ExpectedHeader(names: .exactly(["STITCH 1", "STITCH 2"]), fileDescription: "the TWOSIDES top-40 pairs (\(twosidesPairsFile))")
        try DelimitedText.forEachCheckedRow(in: folder.appendingPathComponent(twosidesPairsFile), header: twosidesHeader) { row, _ in
            let first = try stitchID(in: row, column: 0, name: "STITCH 1")
            let second = try stitchID(in: row, column: 1, name: "STITCH 2")
            for a in atcOfCompound[first] ?? [] {
                for b in atcOfCompound[second] ?? [] where a != b {
                    let pair = a < b ? [a, b] : [b, a]
                    if seen.insert(pair).inserted { pairs.append((pair[0], pair[1])) }
                }
            }
        }
        return DrugInteractionGraph(source: .twosidesTop40(level: level), pairs: pairs)
    }


    /// Reads the ATC code in `column`, upper-cased, and checks that it has `length` characters when given.
    private static func atcCode(in row: DelimitedRow, column: Int, name: String, length: Int?) throws -> String {
        let value = try row.field(column, name: name)
        let code: String
        do {
            code = try CodeSystem.atc.standardize(value)
        } catch let error as MedCodeError {
            throw row.invalid(column, name: name, reason: "\(error)")
        }
        if let length, code.utf8.count != length {
            throw row.invalid(column, name: name, reason: "expected an ATC level-3 code of \(length) characters, such as N02B")
        }
        return code
    }

    /// Reads the STITCH compound id in `column`, "CID" and digits ("CID000002802").
    private static func stitchID(in row: DelimitedRow, column: Int, name: String) throws -> String {
        let value = try row.field(column, name: name)
        guard value.hasPrefix("CID"), value.utf8.count > 3, value.utf8.dropFirst(3).allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw row.invalid(column, name: name, reason: "expected a STITCH compound id such as CID000002802")
        }
        return value
    }
}
