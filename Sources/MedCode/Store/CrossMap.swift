import Foundation

/// One target of a cross-map, with the GEM flags of its row when the map has them.
public struct MapTarget: Sendable, Equatable {
    /// The target's canonical code.
    public var code: String
    /// The CMS GEM flags of the row; nil for maps without flags.
    public var flags: GEMFlags?

    public init(code: String, flags: GEMFlags? = nil) {
        self.code = code
        self.flags = flags
    }
}

/// The rows of one directed code-to-code map, grouped by source code in the compact form the store keeps.
public struct CrossMap: Sendable {
    public let source: CodeSystem
    public let target: CodeSystem
    /// Distinct canonical source codes in ascending byte order.
    let sources: StringColumn
    /// Rows of source i are `rowOffsets[i]..<rowOffsets[i + 1]`, in the order of the source file.
    let rowOffsets: [UInt32]
    /// Target code of each row, "" for a row that states there is no target.
    let targets: StringColumn
    /// Packed GEM flags of each row (see `pack`), 0 for maps without flags.
    let flags: [UInt32]

    /// The number of distinct source codes.
    public var sourceCount: Int { sources.count }
    /// The number of rows.
    public var rowCount: Int { targets.count }

    /// Groups an importer's rows by source, dropping exact repeats.
    public init(source: CodeSystem, target: CodeSystem, records: [MapRecord]) {
        var order: [String] = []
        var rowsBySource: [String: [MapRecord]] = [:]
        for record in records {
            if rowsBySource[record.source] == nil { order.append(record.source) }
            if rowsBySource[record.source]?.contains(record) == true { continue }
            rowsBySource[record.source, default: []].append(record)
        }
        let sourceBytes = order.map { Array($0.utf8) }
        let sorted = order.indices.sorted { sourceBytes[$0].lexicographicallyPrecedes(sourceBytes[$1]) }.map { order[$0] }

        var offsets: [UInt32] = [0]
        var targets = StringColumn()
        var flags: [UInt32] = []
        for code in sorted {
            for row in rowsBySource[code] ?? [] {
                targets.append(row.target ?? "")
                flags.append(Self.pack(row.flags))
            }
            offsets.append(UInt32(targets.count))
        }
        self.source = source
        self.target = target
        self.sources = StringColumn(sorted)
        self.rowOffsets = offsets
        self.targets = targets
        self.flags = flags
    }

    /// Returns the rows for a canonical source code, or nil when the map has no row for it.
    ///
    /// A source whose only rows state "no target" returns those rows with `code` "" and the no-map flag set.
    public func rows(forCanonical code: String) -> [MapTarget]? {
        guard let index = sourceIndex(of: code) else { return nil }
        return (Int(rowOffsets[index])..<Int(rowOffsets[index + 1])).map { row in
            MapTarget(code: targets[row], flags: Self.unpack(flags[row]))
        }
    }

    /// The distinct canonical source codes, in byte order.
    public var sourceCodes: [String] { (0..<sources.count).map { sources[$0] } }

    private func sourceIndex(of code: String) -> Int? {
        let needle = Array(code.utf8)
        let low = partitionPoint(sources.count) { !sources.bytes(at: $0).lexicographicallyPrecedes(needle) }
        guard low < sources.count, sources.bytes(at: low).elementsEqual(needle) else { return nil }
        return low
    }

    // MARK: - Flags

    /// Bit 31 marks a row with flags; bits 0-2 are approximate, no map and combination; bits 8-15 the scenario and
    /// bits 16-23 the choice list.
    static func pack(_ flags: GEMFlags?) -> UInt32 {
        guard let flags else { return 0 }
        var value: UInt32 = 1 << 31
        if flags.approximate { value |= 1 }
        if flags.noMap { value |= 2 }
        if flags.combination { value |= 4 }
        value |= UInt32(min(max(flags.scenario, 0), 255)) << 8
        value |= UInt32(min(max(flags.choiceList, 0), 255)) << 16
        return value
    }

    static func unpack(_ value: UInt32) -> GEMFlags? {
        guard value & (1 << 31) != 0 else { return nil }
        return GEMFlags(
            approximate: value & 1 != 0, noMap: value & 2 != 0, combination: value & 4 != 0,
            scenario: Int((value >> 8) & 0xFF), choiceList: Int((value >> 16) & 0xFF))
    }

    // MARK: - Storage

    public func write(to writer: inout BinaryWriter) {
        writer.write(source.rawValue)
        writer.write(target.rawValue)
        writer.write(sources)
        writer.write(rowOffsets)
        writer.write(targets)
        writer.write(flags)
    }

    public init(reading reader: inout BinaryReader) throws {
        let sourceName = try reader.readString()
        let targetName = try reader.readString()
        guard let source = CodeSystem(rawValue: sourceName), let target = CodeSystem(rawValue: targetName) else {
            throw reader.corrupt("unknown code system in map \(sourceName) -> \(targetName)")
        }
        let sources = try reader.readStringColumn()
        let rowOffsets = try reader.readUInt32Array()
        let targets = try reader.readStringColumn()
        let flags = try reader.readUInt32Array()
        guard rowOffsets.count == sources.count + 1, rowOffsets.first == 0, rowOffsets.last.map(Int.init) == targets.count,
              zip(rowOffsets, rowOffsets.dropFirst()).allSatisfy({ $0 <= $1 }), flags.count == targets.count else {
            throw reader.corrupt("the rows of map \(sourceName) -> \(targetName) do not match their offsets")
        }
        self.source = source
        self.target = target
        self.sources = sources
        self.rowOffsets = rowOffsets
        self.targets = targets
        self.flags = flags
    }
}
