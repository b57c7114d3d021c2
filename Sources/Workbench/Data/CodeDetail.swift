import MedCode

/// A code of one system, the unit the Codes pane selects and loads details for.
public struct CodeKey: Sendable, Hashable {
    public var system: CodeSystem
    public var code: String

    public init(system: CodeSystem, code: String) {
        self.system = system
        self.code = code
    }
}

/// A code with its name, as the detail area lists ancestors and map targets.
public struct NamedCode: Sendable, Equatable {
    public var code: String
    /// Nil when the system's table is not in the store or lacks the code.
    public var name: String?
    /// The GEM flags of a map row; nil for hierarchy entries and maps without flags.
    public var flags: GEMFlags?

    public init(code: String, name: String?, flags: GEMFlags? = nil) {
        self.code = code
        self.name = name
        self.flags = flags
    }
}

/// The targets of the selected code in one cross-map of the store.
public struct CrossMapDetail: Sendable, Equatable {
    public var target: CodeSystem
    /// Every target in the map's order; empty when the code has no mapping.
    public var targets: [NamedCode]
    /// Targets left out beyond `CodeDetail.targetLimit`.
    public var omittedTargets: Int
    /// The flags of a GEM row that states the code has no target (the "no map" flag), or nil.
    public var noMapFlags: GEMFlags?
    /// The error text when the map or a table could not be read.
    public var failure: String?

    public init(target: CodeSystem, targets: [NamedCode], omittedTargets: Int = 0, noMapFlags: GEMFlags? = nil, failure: String? = nil) {
        self.target = target
        self.targets = targets
        self.omittedTargets = omittedTargets
        self.noMapFlags = noMapFlags
        self.failure = failure
    }
}

/// The details the Codes pane shows on the selected store code: its place in the hierarchy and its cross-maps.
public struct CodeDetail: Sendable, Equatable {
    public var key: CodeKey
    public var name: String
    /// The ancestors from the root down to the parent, so the closest is last.
    public var ancestors: [NamedCode]
    public var childCount: Int
    /// One entry per map of the store whose source is the code's system, in the store's map order.
    public var crossMaps: [CrossMapDetail]
    /// The error text when the code itself could not be looked up; the other fields are then empty.
    public var failure: String?

    /// Most targets kept per map, so a code with hundreds of NDC packages does not flood the pane.
    static let targetLimit = 50

    /// Looks up `key` in `store`: the first use of a table or map reads it from disk, so call this on a background job.
    public static func load(_ key: CodeKey, from store: MedCodeStore) -> CodeDetail {
        var detail = CodeDetail(key: key, name: "", ancestors: [], childCount: 0, crossMaps: [], failure: nil)
        do {
            let info = try store.lookup(key.code, in: key.system)
            detail.name = info.name
            detail.childCount = info.childCount
            detail.ancestors = try store.ancestors(of: key.code, in: key.system).reversed().map { NamedCode(code: $0.code, name: $0.name) }
        } catch {
            detail.failure = String(describing: error)
            return detail
        }

        for pair in store.mapPairs where pair.source == key.system {
            detail.crossMaps.append(crossMap(key, to: pair.target, in: store))
        }
        return detail
    }

    private static func crossMap(_ key: CodeKey, to target: CodeSystem, in store: MedCodeStore) -> CrossMapDetail {
        var result = CrossMapDetail(target: target, targets: [])
        do {
            switch try store.map(key.code, from: key.system, to: target) {
            case .mapped(let targets):
                // A target system that was not imported still shows its codes, without names.
                let table = try? store.table(target)
                result.targets = targets.prefix(targetLimit).map { row in
                    let name = table.flatMap { table in table.index(ofCanonical: row.code).map(table.name(at:)) }
                    return NamedCode(code: row.code, name: name, flags: row.flags)
                }
                result.omittedTargets = max(0, targets.count - targetLimit)
            case .noMapping(let flags):
                result.noMapFlags = flags
            }
        } catch {
            result.failure = String(describing: error)
        }
        return result
    }
}

extension GEMFlags {
    /// The set flags as words, in the file's order: `approximate`, `no map`, `combination` (with its scenario
    /// and choice list).
    var words: [String] {
        var words: [String] = []
        if approximate { words.append("approximate") }
        if noMap { words.append("no map") }
        if combination { words.append("combination \(scenario).\(choiceList)") }
        return words
    }
}
