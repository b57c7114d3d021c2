/// One code of a code system as an importer reads it from an official file, before it goes into the store.
public struct CodeRecord: Sendable, Equatable {
    /// The code in its system's canonical form: "428.0", "E849.7", "38.93", "S72.001A", "0016070",
    /// "108" (single-level CCS), "7.2.1" (multi-level CCS), "C01AA05", "00002080001" (NDC package),
    /// "00002-0800" (NDC product) or "207882" (RxNorm).
    public var code: String
    /// The preferred name, in the file's wording and case.
    public var name: String
    /// The canonical code of the closest ancestor, or nil for a root of the hierarchy.
    public var parent: String?
    /// Other fields of the source row, such as "short name" or "dosage form", keyed by a lower-case name.
    public var attributes: [String: String]

    public init(code: String, name: String, parent: String? = nil, attributes: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.parent = parent
        self.attributes = attributes
    }
}

/// The five flags of a CMS General Equivalence Mapping row, in the file's order.
///
/// CMS writes them as five digits after the target code ("10000"): approximate, no map, combination,
/// scenario and choice list. A combination entry needs one target from each choice list of its scenario.
public struct GEMFlags: Sendable, Hashable {
    /// The target is close to the source but not equivalent.
    public var approximate: Bool
    /// The source has no target in the other revision, and the row's target is a placeholder.
    public var noMap: Bool
    /// The source maps to a combination of targets rather than to one of them.
    public var combination: Bool
    /// The scenario number of a combination entry (0 for none).
    public var scenario: Int
    /// The choice list number within the scenario (0 for none).
    public var choiceList: Int

    public init(approximate: Bool, noMap: Bool, combination: Bool, scenario: Int, choiceList: Int) {
        self.approximate = approximate
        self.noMap = noMap
        self.combination = combination
        self.scenario = scenario
        self.choiceList = choiceList
    }
}

/// One row of a code-to-code map as an importer reads it.
public struct MapRecord: Sendable, Equatable {
    /// The source code in its system's canonical form.
    public var source: String
    /// The target code in its system's canonical form, or nil when the file states that the source has no target
    /// (a GEM row with the no-map flag).
    public var target: String?
    /// The GEM flags of the row; nil for maps that carry no flags.
    public var flags: GEMFlags?

    public init(source: String, target: String?, flags: GEMFlags? = nil) {
        self.source = source
        self.target = target
        self.flags = flags
    }
}

/// The codes of one system as an importer read them, with the files they came from.
public struct ImportedSystem: Sendable {
    public var system: CodeSystem
    public var records: [CodeRecord]
    /// The source files, relative to the import folder ("icd9cm/CMS32_DESC_LONG_DX.txt.gz").
    public var files: [String]

    public init(system: CodeSystem, records: [CodeRecord], files: [String]) {
        self.system = system
        self.records = records
        self.files = files
    }
}

/// The rows of one directed code-to-code map as an importer read them, with the files they came from.
public struct ImportedMap: Sendable {
    public var source: CodeSystem
    public var target: CodeSystem
    public var records: [MapRecord]
    /// The source files, relative to the import folder.
    public var files: [String]

    public init(source: CodeSystem, target: CodeSystem, records: [MapRecord], files: [String]) {
        self.source = source
        self.target = target
        self.records = records
        self.files = files
    }
}

/// Rows that an importer skipped on purpose, counted per file and reason, so a caller can report them.
public struct SkippedRows: Sendable, Equatable {
    /// One kind of skipped row in one file.
    public struct Entry: Sendable, Equatable {
        /// The file, relative to the import folder.
        public var file: String
        public var reason: String
        public var count: Int
    }

    /// Entries in the order their first row was skipped.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// The number of rows skipped in all files.
    public var total: Int { entries.reduce(0) { $0 + $1.count } }

    /// Returns the number of rows skipped in `file`.
    public func count(in file: String) -> Int {
        entries.filter { $0.file == file }.reduce(0) { $0 + $1.count }
    }

    mutating func add(file: String, reason: String) {
        if let index = entries.firstIndex(where: { $0.file == file && $0.reason == reason }) {
            entries[index].count += 1
        } else {
            entries.append(Entry(file: file, reason: reason, count: 1))
        }
    }
}
