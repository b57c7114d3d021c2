import Dispatch
import Foundation
import Synchronization

/// One group of official files and the importer that reads them.
public struct ImportSource: Sendable {
    /// A name for messages ("ICD-9-CM diagnoses").
    public var name: String
    /// Files the importer needs, relative to the import folder.
    public var requiredFiles: [String]
    /// Reads the files under the import folder and counts the rows it skips on purpose.
    public var read: @Sendable (URL, inout SkippedRows) throws -> (systems: [ImportedSystem], maps: [ImportedMap])

    /// Creates a source whose importer skips no rows.
    public init(
        name: String, requiredFiles: [String],
        read: @escaping @Sendable (URL) throws -> (systems: [ImportedSystem], maps: [ImportedMap])
    ) {
        self.name = name
        self.requiredFiles = requiredFiles
        self.read = { root, _ in try read(root) }
    }

    /// Creates a source whose importer counts skipped rows, such as placeholder rows of the official files.
    public init(
        name: String, requiredFiles: [String],
        readCountingSkips: @escaping @Sendable (URL, inout SkippedRows) throws -> (systems: [ImportedSystem], maps: [ImportedMap])
    ) {
        self.name = name
        self.requiredFiles = requiredFiles
        self.read = readCountingSkips
    }
}

/// The result of an import: what the store contains and what was left out.
public struct ImportSummary: Sendable {
    /// Codes per imported system.
    public var systems: [(system: CodeSystem, codes: Int)]
    /// Distinct source codes and rows per imported map.
    public var maps: [(source: CodeSystem, target: CodeSystem, sourceCodes: Int, rows: Int)]
    /// Groups left out because files were missing.
    public var skipped: [(name: String, missingFiles: [String])]
    /// Rows the importers skipped on purpose, by file and reason.
    public var skippedRows: [SkippedRows.Entry]
    public var searchEntries: Int
    /// Extra files such as the drug-interaction graphs, with a short description of each.
    public var extras: [String: String]
    /// True when the store already matched the source files and nothing was rebuilt.
    public var upToDate: Bool
}

/// Builds the code store from the official files, once, and rebuilds it only when those files change.
///
/// The store is built in a temporary folder beside its final place and renamed into place when complete, with
/// the manifest written last, so an interrupted import leaves the previous store (or none) and never half a store.
public enum MedCodeImporter {
    /// Version of the store's file layout; a store of another version is rebuilt.
    public static let formatVersion = 3

    /// Imports every source whose files are present under `folder` into the store at `store`.
    ///
    /// - Parameters:
    ///   - force: rebuild even when the store matches the files.
    ///   - extraInputs: files outside the import folder that `extras` reads, such as the interaction files; a
    ///     change to them rebuilds the store too.
    ///   - extras: called with the folder being built, to write extra files such as the drug-interaction graphs
    ///     into it. It returns a description of each file by name, for the manifest.
    ///   - progress: receives one line per step.
    /// - Throws: `MedCodeError.invalidRequest` when no source has all its files, and the first importer error.
    public static func run(
        from folder: URL, into store: URL, sources: [ImportSource], force: Bool = false,
        extraInputs: [URL] = [], extras: (@Sendable (URL) throws -> [String: String])? = nil,
        progress: (String) -> Void = { _ in }
    ) throws -> ImportSummary {
        let folder = folder.standardizedFileURL
        var found: [ImportSource] = []
        var skipped: [StoreManifest.SkippedGroup] = []
        for source in sources {
            let missing = source.requiredFiles.filter { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
            for file in missing {
                // A link whose target is gone exists as a link but not as a file, and is an error rather than a skip.
                let url = folder.appendingPathComponent(file)
                if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
                    throw MedCodeError.invalidTable(
                        path: url.path, line: 0, reason: "the symbolic link points to \(destination), which does not exist. Fix the link or copy the file")
                }
            }
            if missing.isEmpty {
                found.append(source)
            } else {
                skipped.append(.init(name: source.name, missingFiles: missing))
            }
        }
        let present = found
        guard !present.isEmpty else {
            throw MedCodeError.invalidRequest(
                reason: "no code files found in \(folder.path): expected for example \(sources.first?.requiredFiles.first ?? "icd9cm/"). Pass the folder that holds icd9cm/, icd10cm/, ccs/ and the others")
        }

        removeAbandonedFolders(beside: store)
        let extraPaths = extraInputs.map { $0.standardizedFileURL.path }
        let stamps = StoreManifest.stamps(of: present.flatMap(\.requiredFiles) + extraPaths, in: folder)
        if !force, let existing = try? StoreManifest.read(from: store), existing.formatVersion == formatVersion,
           existing.sourceFolder == folder.path, existing.sourceFiles == stamps,
           existing.skipped.map(\.name) == skipped.map(\.name), existing.filesArePresent(in: store) {
            progress("the code store at \(store.path) is up to date")
            return summary(of: existing, upToDate: true)
        }

        // Importers run in parallel; each one reads its own files.
        progress("reading \(present.count) groups of code files from \(folder.path)")
        typealias Output = (systems: [ImportedSystem], maps: [ImportedMap], skipped: SkippedRows)
        let results = Mutex<[Int: Result<Output, Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: present.count) { index in
            let result = Result { () throws -> Output in
                var skipped = SkippedRows()
                let output = try present[index].read(folder, &skipped)
                return (output.systems, output.maps, skipped)
            }
            results.withLock { $0[index] = result }
        }
        var systems: [ImportedSystem] = []
        var maps: [ImportedMap] = []
        var skippedRows: [SkippedRows.Entry] = []
        for index in present.indices {
            let output = try results.withLock { $0[index]! }.get()
            systems += output.systems
            maps += output.maps
            skippedRows += output.skipped.entries
            for imported in output.systems where imported.records.isEmpty {
                throw MedCodeError.invalidTable(
                    path: imported.files.map { folder.appendingPathComponent($0).path }.joined(separator: ", "), line: 0,
                    reason: "no \(imported.system.rawValue) codes were read. Check that the files are complete")
            }
            for imported in output.maps where imported.records.isEmpty {
                throw MedCodeError.invalidTable(
                    path: imported.files.map { folder.appendingPathComponent($0).path }.joined(separator: ", "), line: 0,
                    reason: "no \(imported.source.rawValue) -> \(imported.target.rawValue) rows were read. Check that the files are complete")
            }
            let skipNote = output.skipped.total > 0 ? ", skipped \(output.skipped.total) placeholder or repeated rows" : ""
            progress("read \(present[index].name)\(skipNote)")
        }

        let building = store.deletingLastPathComponent()
            .appendingPathComponent(".\(store.lastPathComponent).building-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try? FileManager.default.removeItem(at: building)
        do {
            try FileManager.default.createDirectory(at: building.appendingPathComponent("tables"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: building.appendingPathComponent("maps"), withIntermediateDirectories: true)
            let manifest = try write(
                systems: systems, maps: maps, into: building, folder: folder, stamps: stamps, skipped: skipped,
                skippedRows: skippedRows, extras: extras, progress: progress)
            try replace(store, with: building)
            progress("wrote the code store to \(store.path)")
            return summary(of: manifest, upToDate: false)
        } catch {
            try? FileManager.default.removeItem(at: building)
            throw error
        }
    }

    /// Builds each table and map, writes them with the search index and extras, and writes the manifest last.
    private static func write(
        systems: [ImportedSystem], maps: [ImportedMap], into building: URL, folder: URL,
        stamps: [StoreManifest.SourceFile], skipped: [StoreManifest.SkippedGroup], skippedRows: [SkippedRows.Entry],
        extras: (@Sendable (URL) throws -> [String: String])?,
        progress: (String) -> Void
    ) throws -> StoreManifest {
        let version = UInt32(formatVersion)
        var systemEntries: [StoreManifest.SystemEntry] = []
        var tables: [CodeTable] = []
        for imported in systems.sorted(by: { order($0.system) < order($1.system) }) {
            let origin = imported.files.map { folder.appendingPathComponent($0).path }.joined(separator: ", ")
            let table = try CodeTable(system: imported.system, records: imported.records, origin: origin)
            var writer = BinaryWriter()
            table.write(to: &writer)
            let file = "tables/\(imported.system.rawValue).bin"
            try StoreFile.write(writer.bytes, version: version, to: building.appendingPathComponent(file))
            systemEntries.append(.init(system: imported.system.rawValue, codes: table.count, file: file, sourceFiles: imported.files))
            tables.append(table)
            progress("\(imported.system.rawValue): \(table.count) codes")
        }

        var mapEntries: [StoreManifest.MapEntry] = []
        for imported in maps {
            let map = CrossMap(source: imported.source, target: imported.target, records: imported.records)
            var writer = BinaryWriter()
            map.write(to: &writer)
            let file = "maps/\(imported.source.rawValue)-\(imported.target.rawValue).bin"
            try StoreFile.write(writer.bytes, version: version, to: building.appendingPathComponent(file))
            mapEntries.append(.init(
                source: imported.source.rawValue, target: imported.target.rawValue, sourceCodes: map.sourceCount,
                rows: map.rowCount, file: file, sourceFiles: imported.files))
            progress("\(imported.source.rawValue) -> \(imported.target.rawValue): \(map.rowCount) rows")
        }

        // One search entry per code of every table, so type-ahead covers all imported systems at once.
        var entries: [SearchEntry] = []
        entries.reserveCapacity(tables.reduce(0) { $0 + $1.count })
        for table in tables {
            for index in 0..<table.count {
                entries.append(SearchEntry(system: table.system, code: table.code(at: index), name: table.name(at: index)))
            }
        }
        let index = CodeSearchIndex(entries: entries)
        var searchWriter = BinaryWriter()
        index.write(to: &searchWriter)
        try StoreFile.write(searchWriter.bytes, version: version, to: building.appendingPathComponent(searchFileName))
        let searchEntries = index.count
        progress("search index: \(searchEntries) entries")

        let extraFiles = try extras?(building) ?? [:]
        let manifest = StoreManifest(
            formatVersion: formatVersion, createdAt: ISO8601DateFormatter().string(from: Date()), sourceFolder: folder.path,
            sourceFiles: stamps, systems: systemEntries, maps: mapEntries, skipped: skipped,
            skippedRows: skippedRows.map { .init(file: $0.file, reason: $0.reason, count: $0.count) },
            searchEntries: searchEntries, extras: extraFiles)
        try manifest.write(to: building)
        return manifest
    }

    static let searchFileName = "search.bin"

    /// Removes build and retired folders that imports killed before they finished left beside `store`.
    ///
    /// The folders are named after the process that made them, so one whose process no longer runs is abandoned.
    /// A folder of a running import is left alone.
    static func removeAbandonedFolders(beside store: URL) {
        let parent = store.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names {
            for marker in [".\(store.lastPathComponent).building-", ".\(store.lastPathComponent).old-"] where name.hasPrefix(marker) {
                guard let pid = Int32(name.dropFirst(marker.count)), pid > 0 else { continue }
                let running = kill(pid, 0) == 0 || errno == EPERM
                if !running { try? FileManager.default.removeItem(at: parent.appendingPathComponent(name)) }
            }
        }
    }

    /// Moves the finished folder into place, keeping the old store until the new one is there.
    private static func replace(_ store: URL, with building: URL) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: store.deletingLastPathComponent(), withIntermediateDirectories: true)
        let retired = store.deletingLastPathComponent()
            .appendingPathComponent(".\(store.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        if fileManager.fileExists(atPath: store.path) { try fileManager.moveItem(at: store, to: retired) }
        do {
            try fileManager.moveItem(at: building, to: store)
        } catch {
            if fileManager.fileExists(atPath: retired.path) { try? fileManager.moveItem(at: retired, to: store) }
            throw MedCodeError.invalidTable(path: store.path, line: 0, reason: "cannot move the new store into place: \(error.localizedDescription)")
        }
        try? fileManager.removeItem(at: retired)
    }

    private static func order(_ system: CodeSystem) -> Int {
        CodeSystem.allCases.firstIndex(of: system) ?? 0
    }

    private static func summary(of manifest: StoreManifest, upToDate: Bool) -> ImportSummary {
        ImportSummary(
            systems: manifest.systems.compactMap { entry in CodeSystem(rawValue: entry.system).map { ($0, entry.codes) } },
            maps: manifest.maps.compactMap { entry in
                guard let source = CodeSystem(rawValue: entry.source), let target = CodeSystem(rawValue: entry.target) else { return nil }
                return (source, target, entry.sourceCodes, entry.rows)
            },
            skipped: manifest.skipped.map { ($0.name, $0.missingFiles) },
            skippedRows: manifest.skippedRows.map { SkippedRows.Entry(file: $0.file, reason: $0.reason, count: $0.count) },
            searchEntries: manifest.searchEntries, extras: manifest.extras, upToDate: upToDate)
    }
}

