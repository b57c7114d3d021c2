import Foundation
import Synchronization

/// The outcome of mapping a known code.
public enum MapResult: Sendable, Equatable {
    /// Every target of the code, in the order of the source file, with GEM flags where the map has them.
    case mapped([MapTarget])
    /// The code is valid in the source system but the map has no target for it. `flags` are the flags of a GEM
    /// row that states so explicitly, and nil when the map simply has no row for the code.
    case noMapping(flags: GEMFlags?)
}

/// Read access to an imported code store: lookups, hierarchy and cross-maps without parsing any official file.
///
/// Tables and maps are read from disk the first time they are used and kept, so a command-line lookup reads
/// one table and the workbench pays for each system once. The store is safe to use from several threads.
public final class MedCodeStore: Sendable {
    /// The store folder.
    public let directory: URL
    let manifest: StoreManifest
    private let tables = Mutex<[CodeSystem: CodeTable]>([:])
    private let maps = Mutex<[String: CrossMap]>([:])

    /// Returns the store folder inside a cache folder: `<cache>/medcode`.
    public static func defaultDirectory(cacheBase: URL) -> URL {
        cacheBase.appendingPathComponent("medcode", isDirectory: true)
    }

    /// Opens the store in `directory`.
    /// - Throws: `MedCodeError.storeMissing` when no complete store is there, and `invalidTable` when its
    ///   manifest is damaged or from another format version.
    public init(directory: URL) throws {
        self.directory = directory
        let manifest = try StoreManifest.read(from: directory)
        guard manifest.formatVersion == MedCodeImporter.formatVersion else {
            throw MedCodeError.invalidTable(
                path: directory.appendingPathComponent(StoreManifest.fileName).path, line: 0,
                reason: "the store has format version \(manifest.formatVersion), but this build reads version \(MedCodeImporter.formatVersion). Run `swifthealth medcode import` again")
        }
        self.manifest = manifest
    }

    /// The imported code systems, in `CodeSystem.allCases` order.
    public var systems: [CodeSystem] {
        let names = Set(manifest.systems.map(\.system))
        return CodeSystem.allCases.filter { names.contains($0.rawValue) }
    }

    /// The imported maps as source and target pairs, in import order.
    public var mapPairs: [(source: CodeSystem, target: CodeSystem)] {
        manifest.maps.compactMap { entry in
            guard let source = CodeSystem(rawValue: entry.source), let target = CodeSystem(rawValue: entry.target) else { return nil }
            return (source, target)
        }
    }

    /// The imported maps with their distinct source codes and rows, in import order.
    public var mapSizes: [(source: CodeSystem, target: CodeSystem, sourceCodes: Int, rows: Int)] {
        manifest.maps.compactMap { entry in
            guard let source = CodeSystem(rawValue: entry.source), let target = CodeSystem(rawValue: entry.target) else { return nil }
            return (source, target, entry.sourceCodes, entry.rows)
        }
    }

    /// Returns the number of codes of `system` from the manifest, or 0 when the system was not imported.
    public func codeCount(_ system: CodeSystem) -> Int {
        manifest.systems.first { $0.system == system.rawValue }?.codes ?? 0
    }

    /// The folder the store was imported from, and when.
    public var origin: (folder: String, createdAt: String) { (manifest.sourceFolder, manifest.createdAt) }

    /// Extra files such as the drug-interaction graphs, with a short description of each, by file name.
    public var extras: [String: String] { manifest.extras }

    /// Groups of the import that were left out because files were missing, with those files.
    public var skippedGroups: [(name: String, missingFiles: [String])] {
        manifest.skipped.map { ($0.name, $0.missingFiles) }
    }

    // MARK: - Tables and maps

    /// Returns the table of `system`, read from disk on first use.
    public func table(_ system: CodeSystem) throws -> CodeTable {
        if let table = tables.withLock({ $0[system] }) { return table }
        guard let entry = manifest.systems.first(where: { $0.system == system.rawValue }) else {
            throw MedCodeError.systemNotImported(system: system, store: directory.path)
        }
        var reader = try StoreFile.read(directory.appendingPathComponent(entry.file), version: UInt32(MedCodeImporter.formatVersion))
        let table = try CodeTable(reading: &reader)
        guard table.system == system else { throw reader.corrupt("it contains \(table.system.rawValue), not \(system.rawValue)") }
        tables.withLock { $0[system] = table }
        return table
    }

    /// Returns the map from `source` to `target`, read from disk on first use.
    public func crossMap(from source: CodeSystem, to target: CodeSystem) throws -> CrossMap {
        let key = "\(source.rawValue)>\(target.rawValue)"
        if let map = maps.withLock({ $0[key] }) { return map }
        guard let entry = manifest.maps.first(where: { $0.source == source.rawValue && $0.target == target.rawValue }) else {
            let available = manifest.maps.filter { $0.source == source.rawValue }.compactMap { CodeSystem(rawValue: $0.target) }
            throw MedCodeError.noSuchMap(source: source, target: target, available: available)
        }
        var reader = try StoreFile.read(directory.appendingPathComponent(entry.file), version: UInt32(MedCodeImporter.formatVersion))
        let map = try CrossMap(reading: &reader)
        maps.withLock { $0[key] = map }
        return map
    }

    /// Opens a checked store file by its path inside the store, for parts such as the search index.
    public func storeFile(_ name: String) throws -> BinaryReader {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MedCodeError.invalidTable(path: url.path, line: 0, reason: "the code store has no \(name). Rebuild the store with `swifthealth medcode import --force`")
        }
        return try StoreFile.read(url, version: UInt32(MedCodeImporter.formatVersion))
    }

    // MARK: - Lookups

    /// Looks up a code written with or without its dot.
    /// - Throws: `MedCodeError.unknownCode` when the system has no such code.
    public func lookup(_ code: String, in system: CodeSystem) throws -> CodeInfo {
        let table = try table(system)
        return table.info(at: try index(of: code, in: table))
    }

    /// Returns the ancestors of a code, closest first.
    public func ancestors(of code: String, in system: CodeSystem) throws -> [CodeInfo] {
        let table = try table(system)
        return table.ancestors(of: try index(of: code, in: table)).map(table.info(at:))
    }

    /// Returns all descendants of a code, depth first with each parent before its children.
    public func descendants(of code: String, in system: CodeSystem) throws -> [CodeInfo] {
        let table = try table(system)
        return table.descendants(of: try index(of: code, in: table)).map(table.info(at:))
    }

    private func index(of code: String, in table: CodeTable) throws -> Int {
        guard let index = table.index(of: code) else {
            // A code that has no valid shape gets the shape error, which describes what a code looks like.
            _ = try table.system.standardize(code)
            throw MedCodeError.unknownCode(system: table.system, code: code.trimmingASCIISpaces())
        }
        return index
    }

    // MARK: - Cross-maps

    /// Maps a code to every target in `target`.
    ///
    /// `level` converts each target the way PyHealth's `convert(level:)` does. ATC targets are cut to 1, 3, 4, 5
    /// or 7 characters for levels 1 to 5. CCS targets become the multi-level category at that level, so a CCSCM
    /// or CCSPROC target with a level reads the multi-level map. Targets that a cut makes equal are kept once.
    /// - Throws: `MedCodeError.unknownCode` when the code is neither in the source table nor in the map,
    ///   `noSuchMap` when the store has no such map, and `invalidRequest` for a level the target has not.
    public func map(_ code: String, from source: CodeSystem, to target: CodeSystem, level: Int? = nil) throws -> MapResult {
        var mapTarget = target
        if level != nil {
            switch target {
            case .ccscm: mapTarget = .ccscmMultiLevel
            case .ccsproc: mapTarget = .ccsprocMultiLevel
            case .atc, .ccscmMultiLevel, .ccsprocMultiLevel: break
            default:
                throw MedCodeError.invalidRequest(reason: "\(target.rawValue) codes have no levels; --level applies to ATC and CCS targets")
            }
        }
        if let level { try checkLevel(level, of: mapTarget) }
        let map = try crossMap(from: source, to: mapTarget)

        // The map is asked first with each spelling of the code, so a mapped code needs no source table (the NDC
        // table alone is 86 MB). The map may also list codes that the table lacks, such as retired ones. Only a
        // code without rows reads the table, to tell a valid code without a target from an unknown one.
        let trimmed = code.trimmingASCIISpaces()
        let spellings = [try? source.standardize(code), trimmed, trimmed.uppercased()]
        var rows = spellings.lazy.compactMap { $0 }.compactMap { map.rows(forCanonical: $0) }.first
        var canonical: String?
        if rows == nil, let sourceTable = try? table(source), let index = sourceTable.index(of: code) {
            canonical = sourceTable.code(at: index)
            rows = map.rows(forCanonical: sourceTable.code(at: index))
        }
        guard let rows else {
            guard canonical != nil else {
                _ = try source.standardize(code)
                throw MedCodeError.unknownCode(system: source, code: code.trimmingASCIISpaces())
            }
            return .noMapping(flags: nil)
        }

        let targets = rows.filter { !$0.code.isEmpty && $0.flags?.noMap != true }
        guard !targets.isEmpty else { return .noMapping(flags: rows.first?.flags) }
        guard let level else { return .mapped(targets) }

        var converted: [MapTarget] = []
        for row in targets {
            let code = try convert(row.code, in: mapTarget, toLevel: level)
            if !converted.contains(where: { $0.code == code }) { converted.append(MapTarget(code: code, flags: row.flags)) }
        }
        return .mapped(converted)
    }

    /// Returns the level of a code of a system with levels: 1 to 5 for ATC by its length, 1 and deeper for
    /// multi-level CCS by its place in the hierarchy. Returns nil for other systems and unknown codes.
    public func level(of code: String, in system: CodeSystem) -> Int? {
        switch system {
        case .atc:
            return [1: 1, 3: 2, 4: 3, 5: 4, 7: 5][code.count]
        case .ccscmMultiLevel, .ccsprocMultiLevel:
            guard let table = try? table(system), let index = table.index(ofCanonical: code) else { return nil }
            return table.depth(of: index) + 1
        default:
            return nil
        }
    }

    /// Rejects a level that `system` does not have, naming the levels it has.
    private func checkLevel(_ level: Int, of system: CodeSystem) throws {
        let deepest: Int
        switch system {
        case .atc:
            deepest = 5
        case .ccscmMultiLevel, .ccsprocMultiLevel:
            let table = try table(system)
            deepest = (0..<table.count).reduce(0) { max($0, table.depth(of: $1)) } + 1
        default:
            throw MedCodeError.invalidRequest(reason: "\(system.rawValue) codes have no levels")
        }
        guard (1...deepest).contains(level) else {
            throw MedCodeError.invalidRequest(reason: "\(system.rawValue) has levels 1 to \(deepest), not \(level)")
        }
    }

    /// Converts a target code to `level`, as PyHealth's `ATC.convert` does for ATC and as the CCS multi-level
    /// hierarchy defines for CCS. A code already above `level` stays as it is.
    public func convert(_ code: String, in system: CodeSystem, toLevel level: Int) throws -> String {
        switch system {
        case .atc:
            let lengths = [1, 3, 4, 5, 7]
            guard (1...5).contains(level) else {
                throw MedCodeError.invalidRequest(reason: "ATC has levels 1 to 5, not \(level)")
            }
            return String(code.prefix(lengths[level - 1]))
        case .ccscmMultiLevel, .ccsprocMultiLevel:
            guard level >= 1 else { throw MedCodeError.invalidRequest(reason: "CCS levels start at 1, not \(level)") }
            let table = try table(system)
            guard let index = table.index(ofCanonical: code) else { return code }
            let chain = [index] + table.ancestors(of: index)
            guard level <= chain.count else { return code }
            return table.code(at: chain[chain.count - level])
        default:
            throw MedCodeError.invalidRequest(reason: "\(system.rawValue) codes have no levels")
        }
    }
}
