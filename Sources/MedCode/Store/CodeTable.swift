import Foundation

/// A code with its name, parent and attributes, as lookups return it.
public struct CodeInfo: Sendable, Equatable {
    public var system: CodeSystem
    /// The canonical code ("428.0").
    public var code: String
    public var name: String
    /// The closest ancestor's canonical code, or nil for a root.
    public var parent: String?
    /// Other attributes of the source row, sorted by key.
    public var attributes: [(key: String, value: String)]
    /// Number of direct children in the hierarchy.
    public var childCount: Int

    public static func == (left: CodeInfo, right: CodeInfo) -> Bool {
        left.system == right.system && left.code == right.code && left.name == right.name && left.parent == right.parent
            && left.childCount == right.childCount
            && left.attributes.map(\.key) == right.attributes.map(\.key)
            && left.attributes.map(\.value) == right.attributes.map(\.value)
    }

    /// Returns the value of attribute `key`, or nil when the code has none.
    public func attribute(_ key: String) -> String? {
        attributes.first { $0.key == key }?.value
    }
}

/// The codes of one system with their names, hierarchy and attributes, in the compact form the store keeps.
///
/// Codes are sorted by their UTF-8 bytes, so a lookup is a binary search and needs no dictionary. Children
/// keep the order in which the importer listed them, which is the order of the official file.
public struct CodeTable: Sendable {
    public let system: CodeSystem
    /// Canonical codes in ascending byte order.
    let codes: StringColumn
    let names: StringColumn
    /// Index of each code's parent, or -1 for a root.
    let parents: [Int32]
    /// Position of each code in the importer's list, which orders children.
    let importOrder: [UInt32]
    /// Attribute names, and for each one the sorted indices of the codes that have it with their values. Columns
    /// are sparse because NDC packages and products share a table but not their attributes.
    let attributeKeys: [String]
    let attributeCodes: [[UInt32]]
    let attributeValues: [StringColumn]
    /// Children of code i are `children[childOffsets[i]..<childOffsets[i + 1]]`, rebuilt from `parents` on load.
    private let childOffsets: [Int]
    private let children: [Int32]

    /// The number of codes.
    public var count: Int { codes.count }

    /// Builds a table from an importer's records.
    /// - Throws: `MedCodeError.invalidTable` naming `origin` when a code repeats or a parent is not in the records.
    public init(system: CodeSystem, records: [CodeRecord], origin: String) throws {
        let codeBytes = records.map { Array($0.code.utf8) }
        let order = records.indices.sorted { codeBytes[$0].lexicographicallyPrecedes(codeBytes[$1]) }
        var position: [String: Int32] = [:]
        position.reserveCapacity(records.count)
        for (sortedIndex, recordIndex) in order.enumerated() {
            let code = records[recordIndex].code
            guard position.updateValue(Int32(sortedIndex), forKey: code) == nil else {
                throw MedCodeError.invalidTable(path: origin, line: 0, reason: "\(system.rawValue) code \"\(code)\" appears twice")
            }
        }

        var parents: [Int32] = []
        parents.reserveCapacity(records.count)
        for recordIndex in order {
            let record = records[recordIndex]
            guard let parent = record.parent else {
                parents.append(-1)
                continue
            }
            guard let parentIndex = position[parent] else {
                throw MedCodeError.invalidTable(
                    path: origin, line: 0,
                    reason: "\(system.rawValue) code \"\(record.code)\" names parent \"\(parent)\", which is not a code of the table")
            }
            parents.append(parentIndex)
        }

        let keys = Set(records.flatMap(\.attributes.keys)).sorted()
        var attributeCodes = [[UInt32]](repeating: [], count: keys.count)
        var attributeValues = [StringColumn](repeating: StringColumn(), count: keys.count)
        for (keyIndex, key) in keys.enumerated() {
            for (sortedIndex, recordIndex) in order.enumerated() {
                guard let value = records[recordIndex].attributes[key], !value.isEmpty else { continue }
                attributeCodes[keyIndex].append(UInt32(sortedIndex))
                attributeValues[keyIndex].append(value)
            }
        }
        self.init(
            system: system,
            codes: StringColumn(order.map { records[$0].code }),
            names: StringColumn(order.map { records[$0].name }),
            parents: parents,
            importOrder: order.map { UInt32($0) },
            attributeKeys: keys,
            attributeCodes: attributeCodes,
            attributeValues: attributeValues)
        try checkAcyclic(origin: origin)
    }

    private init(
        system: CodeSystem, codes: StringColumn, names: StringColumn, parents: [Int32], importOrder: [UInt32],
        attributeKeys: [String], attributeCodes: [[UInt32]], attributeValues: [StringColumn]
    ) {
        self.system = system
        self.codes = codes
        self.names = names
        self.parents = parents
        self.importOrder = importOrder
        self.attributeKeys = attributeKeys
        self.attributeCodes = attributeCodes
        self.attributeValues = attributeValues

        // Children lists in compressed-row form, each sorted by import order.
        var counts = [Int](repeating: 0, count: codes.count + 1)
        for parent in parents where parent >= 0 { counts[Int(parent) + 1] += 1 }
        for index in 0..<codes.count { counts[index + 1] += counts[index] }
        var next = counts
        var children = [Int32](repeating: 0, count: parents.count)
        for (child, parent) in parents.enumerated() where parent >= 0 {
            children[next[Int(parent)]] = Int32(child)
            next[Int(parent)] += 1
        }
        for index in 0..<codes.count {
            children[counts[index]..<counts[index + 1]].sort { importOrder[Int($0)] < importOrder[Int($1)] }
        }
        childOffsets = counts
        self.children = children
    }

    /// Rejects a parent chain that loops, which would make `ancestors` run forever.
    private func checkAcyclic(origin: String) throws {
        var state = [UInt8](repeating: 0, count: count)  // 0 unvisited, 1 on the current chain, 2 known to reach a root
        for start in 0..<count where state[start] == 0 {
            var chain: [Int] = []
            var node = start
            while node >= 0, state[node] == 0 {
                state[node] = 1
                chain.append(node)
                node = Int(parents[node])
            }
            if node >= 0, state[node] == 1 {
                throw MedCodeError.invalidTable(path: origin, line: 0, reason: "\(system.rawValue) code \"\(codes[node])\" is its own ancestor")
            }
            for visited in chain { state[visited] = 2 }
        }
    }

    // MARK: - Lookup

    /// Returns the index of a canonical code, by binary search over the sorted codes.
    public func index(ofCanonical code: String) -> Int? {
        let needle = Array(code.utf8)
        let low = partitionPoint(count) { !codes.bytes(at: $0).lexicographicallyPrecedes(needle) }
        guard low < count, codes.bytes(at: low).elementsEqual(needle) else { return nil }
        return low
    }

    /// Returns the index of a code written as a user would: with or without dots, any case, any NDC layout.
    ///
    /// The text is tried as written, then upper-cased, then in the system's standard form, so range codes
    /// such as "001-139" that no `standardize` accepts are still found.
    public func index(of code: String) -> Int? {
        let trimmed = code.trimmingASCIISpaces()
        if let index = index(ofCanonical: trimmed) { return index }
        if let index = index(ofCanonical: trimmed.uppercased()) { return index }
        if let standard = try? system.standardize(trimmed), let index = index(ofCanonical: standard) { return index }
        return nil
    }

    public func code(at index: Int) -> String { codes[index] }
    public func name(at index: Int) -> String { names[index] }

    public func parent(of index: Int) -> Int? {
        let parent = parents[index]
        return parent >= 0 ? Int(parent) : nil
    }

    public func children(of index: Int) -> ArraySlice<Int32> {
        children[childOffsets[index]..<childOffsets[index + 1]]
    }

    public func info(at index: Int) -> CodeInfo {
        var attributes: [(key: String, value: String)] = []
        for (keyIndex, key) in attributeKeys.enumerated() {
            let holders = attributeCodes[keyIndex]
            let low = partitionPoint(holders.count) { holders[$0] >= UInt32(index) }
            if low < holders.count, holders[low] == UInt32(index) { attributes.append((key, attributeValues[keyIndex][low])) }
        }
        return CodeInfo(
            system: system, code: codes[index], name: names[index], parent: parent(of: index).map { codes[$0] },
            attributes: attributes, childCount: childOffsets[index + 1] - childOffsets[index])
    }

    /// Indices of the ancestors of code `index`, closest first.
    public func ancestors(of index: Int) -> [Int] {
        var result: [Int] = []
        var node = parent(of: index)
        while let current = node {
            result.append(current)
            node = parent(of: current)
        }
        return result
    }

    /// Indices of all descendants of code `index`, depth first, each parent before its children.
    public func descendants(of index: Int) -> [Int] {
        var result: [Int] = []
        var stack = children(of: index).reversed().map { Int($0) }
        while let node = stack.popLast() {
            result.append(node)
            stack.append(contentsOf: children(of: node).reversed().map { Int($0) })
        }
        return result
    }

    /// Indices of the codes without a parent, in import order.
    public var roots: [Int] {
        (0..<count).filter { parents[$0] < 0 }.sorted { importOrder[$0] < importOrder[$1] }
    }

    /// Depth of code `index`: 0 for a root.
    public func depth(of index: Int) -> Int { ancestors(of: index).count }

    // MARK: - Storage

    public func write(to writer: inout BinaryWriter) {
        writer.write(system.rawValue)
        writer.write(codes)
        writer.write(names)
        writer.write(parents)
        writer.write(importOrder)
        writer.write(UInt64(attributeKeys.count))
        for keyIndex in attributeKeys.indices {
            writer.write(attributeKeys[keyIndex])
            writer.write(attributeCodes[keyIndex])
            writer.write(attributeValues[keyIndex])
        }
    }

    public init(reading reader: inout BinaryReader) throws {
        let systemName = try reader.readString()
        guard let system = CodeSystem(rawValue: systemName) else { throw reader.corrupt("unknown code system \"\(systemName)\"") }
        let codes = try reader.readStringColumn()
        let names = try reader.readStringColumn()
        let parents = try reader.readInt32Array()
        let importOrder = try reader.readUInt32Array()
        let keyCount = try reader.readUInt64()
        guard keyCount < 1_000 else { throw reader.corrupt("\(keyCount) attribute columns") }
        var keys: [String] = []
        var holders: [[UInt32]] = []
        var columns: [StringColumn] = []
        for _ in 0..<keyCount {
            keys.append(try reader.readString())
            holders.append(try reader.readUInt32Array())
            columns.append(try reader.readStringColumn())
        }

        let count = codes.count
        let attributesValid = zip(holders, columns).allSatisfy { codes, values in
            codes.count == values.count && zip(codes, codes.dropFirst()).allSatisfy { $0 < $1 } && (codes.last.map { Int($0) < count } ?? true)
        }
        guard names.count == count, parents.count == count, importOrder.count == count, attributesValid,
              parents.allSatisfy({ $0 >= -1 && Int($0) < count }) else {
            throw reader.corrupt("the columns of the \(systemName) table differ in length")
        }
        self.init(
            system: system, codes: codes, names: names, parents: parents, importOrder: importOrder,
            attributeKeys: keys, attributeCodes: holders, attributeValues: columns)
        try checkAcyclic(origin: reader.path)
    }
}
