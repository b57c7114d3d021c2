import MedCode

/// An opened code store with the parts the workbench keeps in memory: the search index and the tables that name
/// a patient's codes.
///
/// `open` reads those parts from disk, so it runs on a background job. Afterwards a name lookup is an in-memory
/// binary search that the UI thread can afford, while searches still run on background jobs.
public struct CodeStoreSession: Sendable {
    public let store: MedCodeStore
    public let searchIndex: CodeSearchIndex
    /// The imported code systems in `CodeSystem.allCases` order, which the Codes pane's system filter cycles through.
    public let systems: [CodeSystem]
    /// Codes over every imported system, for the pane's empty-query hint.
    public let codeCount: Int
    public let names: CodeNames

    /// Reads the search index and the name tables of `store`.
    /// - Throws: the store's errors for a missing or damaged search index or table.
    public static func open(_ store: MedCodeStore) throws -> CodeStoreSession {
        let index = try store.searchIndex()
        return CodeStoreSession(
            store: store, searchIndex: index, systems: store.systems,
            codeCount: store.systems.map(store.codeCount).reduce(0, +), names: try CodeNames(store: store))
    }

    init(store: MedCodeStore, searchIndex: CodeSearchIndex, systems: [CodeSystem], codeCount: Int, names: CodeNames) {
        self.store = store
        self.searchIndex = searchIndex
        self.systems = systems
        self.codeCount = codeCount
        self.names = names
    }

    /// Returns the number of codes of `system`, or of every imported system when `system` is nil.
    public func codeCount(of system: CodeSystem?) -> Int {
        guard let system else { return codeCount }
        return systems.contains(system) ? store.codeCount(system) : 0
    }
}

/// The store's names for the codes of a MIMIC patient: ICD-9-CM diagnoses, ICD-9 procedures, and the ATC class
/// of a prescription's NDC. Parts the store was imported without are nil, and their lookups return nil.
public struct CodeNames: Sendable {
    let diagnoses: CodeTable?
    let procedures: CodeTable?
    let ndcToATC: CrossMap?
    let atc: CodeTable?

    /// Reads the tables and the NDC to ATC map that `store` has.
    /// - Throws: the store's error for a table or map that the manifest lists but that cannot be read.
    public init(store: MedCodeStore) throws {
        let systems = Set(store.systems)
        diagnoses = systems.contains(.icd9cm) ? try store.table(.icd9cm) : nil
        procedures = systems.contains(.icd9proc) ? try store.table(.icd9proc) : nil
        let hasATCMap = store.mapPairs.contains { $0.source == .ndc && $0.target == .atc }
        ndcToATC = hasATCMap ? try store.crossMap(from: .ndc, to: .atc) : nil
        atc = hasATCMap && systems.contains(.atc) ? try store.table(.atc) : nil
    }

    /// Returns the ICD-9-CM name of a diagnosis code written as MIMIC writes it (`4280`), or nil.
    public func diagnosisName(_ code: String) -> String? {
        guard let diagnoses, let index = diagnoses.index(of: code) else { return nil }
        return diagnoses.name(at: index)
    }

    /// Returns the ICD-9 procedure name of a code written as MIMIC writes it (`3893`), or nil.
    public func procedureName(_ code: String) -> String? {
        guard let procedures, let index = procedures.index(of: code) else { return nil }
        return procedures.name(at: index)
    }

    /// Returns the ATC class (level 4, five characters) of an 11-digit NDC package code with its name, such as
    /// `N02BE anilides`, or nil when the map has no target for it. A package with several classes gets the first
    /// one in the map's order.
    public func atcClass(ofNDC code: String) -> String? {
        guard let ndcToATC, let rows = ndcToATC.rows(forCanonical: code),
              let target = rows.first(where: { !$0.code.isEmpty })?.code else { return nil }
        let level4 = String(target.prefix(5))
        guard let atc, let index = atc.index(ofCanonical: level4) else { return level4 }
        return "\(level4) \(atc.name(at: index))"
    }
}
