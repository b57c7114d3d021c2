import Foundation

/// The on-disk cache of a loaded event store.
///
/// An entry is the folder `<base>/<fingerprint>/`, where the base comes from `baseDirectory(_:environment:)`. The fingerprint hashes the format version, the dataset
/// root, the config (tables, columns, types, joins) and each source file's size and modification time, so
/// changing any of them selects a new entry.
///
/// An entry is built in a temporary folder beside it, `.building-<fingerprint>-pid<process id>-<UUID>`: one binary file per table, `manifest.txt` with the
/// size and CRC-32 of each file, then `COMPLETE` (holding the manifest's CRC-32) written last, then one
/// rename moves it into place. A reader checks the marker, the manifest and every checksum, so a missing,
/// partial or corrupt entry is detected, reported and rebuilt. A build folder left by a process that was
/// killed is removed by the next load that uses the same base (see `removeStaleBuilds`).
///
/// Entries are never removed automatically. Deleting the base folder, or any entry in it, while no load
/// runs costs only time, because the next load rebuilds what it needs.
struct DatasetCache {
    /// Bump on any change to the binary layout or to how tables are built.
    static let formatVersion = 3

    let base: URL
    let fingerprint: String

    var entry: URL { base.appendingPathComponent(fingerprint, isDirectory: true) }

    /// Returns the cache base folder: `argument`, else `$SWIFTHEALTH_CACHE`, else `$XDG_CACHE_HOME/swifthealth`,
    /// else `$HOME/.cache/swifthealth`, else `.cache/swifthealth` in the home folder of the user's account.
    ///
    /// An empty variable counts as unset, and a relative `XDG_CACHE_HOME` is ignored, as the XDG Base
    /// Directory specification requires.
    static func baseDirectory(_ argument: URL?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let argument { return argument }
        if let value = environment["SWIFTHEALTH_CACHE"], !value.isEmpty {
            return URL(fileURLWithPath: value, isDirectory: true)
        }
        if let value = environment["XDG_CACHE_HOME"], value.hasPrefix("/") {
            return URL(fileURLWithPath: value, isDirectory: true).appendingPathComponent("swifthealth", isDirectory: true)
        }
        let home: URL
        if let value = environment["HOME"], !value.isEmpty {
            home = URL(fileURLWithPath: value, isDirectory: true)
        } else if let account = getpwuid(getuid()), let folder = account.pointee.pw_dir {
            home = URL(fileURLWithPath: String(cString: folder), isDirectory: true)
        } else {
            home = FileManager.default.temporaryDirectory
        }
        return home.appendingPathComponent(".cache/swifthealth", isDirectory: true)
    }

    /// Build folders older than this are removed even when their process id belongs to a running process,
    /// because the id may have been reused. A build of the full MIMIC-III should take minutes (an estimate from the scaled demo copies).
    static let staleBuildAge: TimeInterval = 24 * 3600
    /// Build folders from before the process id was part of the name are removed after this long.
    static let unnamedBuildAge: TimeInterval = 3600

    /// Removes the build folders in `base` that no running process will finish, and returns their paths.
    ///
    /// A folder is stale when the process named in it no longer exists, or when it is older than
    /// `staleBuildAge` (`unnamedBuildAge` for a name without a process id).
    /// NOTE: a process id names a process on this machine only, so on a cache folder shared between machines
    /// a build of another machine can be removed. That build then reports a failed cache write, and the load itself succeeds.
    @discardableResult
    static func removeStaleBuilds(in base: URL, now: Date = Date()) -> [URL] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: base.path) else { return [] }
        var removed: [URL] = []
        for name in names where name.hasPrefix(".building-") {
            let folder = base.appendingPathComponent(name, isDirectory: true)
            let modified = (try? manager.attributesOfItem(atPath: folder.path)[.modificationDate] as? Date) ?? now
            let age = now.timeIntervalSince(modified)
            let isStale: Bool
            if let processID = buildProcessID(name) {
                isStale = !processExists(processID) || age > staleBuildAge
            } else {
                isStale = age > unnamedBuildAge
            }
            if isStale, (try? manager.removeItem(at: folder)) != nil { removed.append(folder) }
        }
        return removed
    }

    /// Returns the process id in a build folder name `.building-<fingerprint>-pid<id>-<UUID>`, or nil.
    static func buildProcessID(_ name: String) -> pid_t? {
        let parts = name.split(separator: "-")
        guard parts.count > 2, parts[2].hasPrefix("pid") else { return nil }
        return pid_t(parts[2].dropFirst(3))
    }

    private static func processExists(_ processID: pid_t) -> Bool {
        // Signal 0 only checks; EPERM means the process exists but belongs to another user.
        kill(processID, 0) == 0 || errno == EPERM
    }

    /// Returns a 16-hex-digit FNV-1a hash of everything that decides the cache contents.
    static func fingerprint(root: URL, config: DatasetConfig, tables: [TableSchema], files: [URL]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = "format=\(formatVersion)\nroot=\(root.standardizedFileURL.path)\n"
        text += "config=" + String(decoding: try encoder.encode(config), as: UTF8.self) + "\n"
        text += "tables=" + tables.map(\.name).joined(separator: ",") + "\n"
        for file in files.sorted(by: { $0.path < $1.path }) {
            var status = stat()
            guard stat(file.path, &status) == 0 else {
                throw HealthDataError(
                    .ioFailure, file: file.path, message: "cannot read the file's size and modification time",
                    hint: "Check that the file exists and is readable.")
            }
            text += "file=\(file.lastPathComponent)|\(status.st_size)|\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)\n"
        }
        // FNV-1a, 64-bit.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    enum ReadResult {
        case hit(EventStore)
        /// No usable entry. The diagnostic gives the reason when there is one to report.
        case miss(LoadDiagnostic?)
    }

    /// Reads and verifies the entry, or returns the reason it cannot be used.
    func read(config: DatasetConfig) -> ReadResult {
        let manager = FileManager.default
        guard manager.fileExists(atPath: entry.path) else {
            return .miss(LoadDiagnostic(.info, "no cache at \(entry.path); building it from the CSV files"))
        }
        do {
            return .hit(try readVerified(config: config))
        } catch let error as HealthDataError {
            return .miss(LoadDiagnostic(.warning, "cache at \(entry.path) is unusable (\(error.message)); rebuilding it"))
        } catch {
            return .miss(LoadDiagnostic(.warning, "cache at \(entry.path) is unusable (\(error)); rebuilding it"))
        }
    }

    private func readVerified(config: DatasetConfig) throws -> EventStore {
        let marker = entry.appendingPathComponent("COMPLETE")
        guard let markerText = try? String(contentsOf: marker, encoding: .utf8) else {
            throw corrupt("the completion marker is missing, so the entry was never finished")
        }
        let manifestData = try Data(contentsOf: entry.appendingPathComponent("manifest.txt"))
        let manifestChecksum = manifestData.withUnsafeBytes { crc32Checksum($0) }
        guard markerText == "format=\(Self.formatVersion) manifest=\(String(manifestChecksum, radix: 16))\n" else {
            throw corrupt("the manifest does not match the completion marker")
        }

        var expected: [(name: String, size: Int, checksum: UInt32)] = []
        for line in String(decoding: manifestData, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let size = Int(parts[1]), let checksum = UInt32(parts[2], radix: 16) else {
                throw corrupt("the manifest line '\(line)' is malformed")
            }
            expected.append((String(parts[0]), size, checksum))
        }

        let files = Dictionary(expected.map { ($0.name, (size: $0.size, checksum: $0.checksum)) }, uniquingKeysWith: { first, _ in first })

        // Opens a listed file, lets `body` parse it, then checks that it was read to the end and matches its checksum.
        func readFile<T>(_ name: String, _ body: (BinaryFileReader) throws -> T) throws -> T {
            guard let listed = files[name] else { throw corrupt("\(name) is not in the manifest") }
            let reader = try BinaryFileReader(path: entry.appendingPathComponent(name).path)
            guard reader.size == listed.size else {
                throw corrupt("\(name) has \(reader.size) bytes but the manifest lists \(listed.size)")
            }
            let value = try body(reader)
            guard reader.remaining == 0, reader.checksum == listed.checksum else { throw corrupt("\(name) fails its checksum") }
            return value
        }

        let (patientIDs, tableNames, descriptionKinds) = try readFile("store.bin") { reader in
            guard try reader.read(UInt32.self) == CacheSerialization.storeMagic,
                  try reader.read(UInt32.self) == UInt32(Self.formatVersion)
            else { throw corrupt("store.bin has another format") }
            let patientIDs = try reader.readArray(Int64.self)
            let tableNames = try (0..<Int(try reader.read(UInt32.self))).map { _ in try reader.readString() }
            let descriptionKinds = try (0..<Int(try reader.read(UInt32.self))).map { _ in try reader.readString() }
            return (patientIDs, tableNames, descriptionKinds)
        }

        var tables: [EventTable] = []
        for name in tableNames {
            let schema = config.table(name)
            tables.append(try readFile("\(name).table") {
                try CacheSerialization.readEventTable($0, patientCount: patientIDs.count, schema: schema)
            })
        }
        var descriptions: [CodeKind: DataTable] = [:]
        for kindName in descriptionKinds {
            guard let kind = CodeKind(rawValue: kindName) else { throw corrupt("unknown description kind '\(kindName)'") }
            descriptions[kind] = try readFile("\(kindName).descriptions") { try CacheSerialization.readTable($0) }
        }
        return EventStore(config: config, patientIDs: patientIDs, tables: tables, descriptionTables: descriptions)
    }

    /// Writes `store` into a temporary folder beside the entry, then renames it into place.
    func write(_ store: EventStore) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: base.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw HealthDataError(
                .ioFailure, file: base.path, message: "the cache folder is a file",
                hint: "Pass a folder as the cache directory, or move the file away.")
        }
        try manager.createDirectory(at: base, withIntermediateDirectories: true)
        let temporary = base.appendingPathComponent(".building-\(fingerprint)-pid\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
        defer { try? manager.removeItem(at: temporary) }

        var manifest = ""
        func writeFile(_ name: String, _ body: (BinaryFileWriter) throws -> Void) throws {
            let writer = try BinaryFileWriter(path: temporary.appendingPathComponent(name).path)
            try body(writer)
            try writer.close()
            manifest += "\(name) \(writer.size) \(String(writer.checksum, radix: 16))\n"
        }

        let descriptionKinds = CodeKind.allCases.filter { store.descriptions.tables[$0] != nil }
        try writeFile("store.bin") { writer in
            try writer.write(CacheSerialization.storeMagic)
            try writer.write(UInt32(Self.formatVersion))
            try writer.write(array: store.patientIDs)
            try writer.write(UInt32(store.tableNames.count))
            for name in store.tableNames { try writer.write(name) }
            try writer.write(UInt32(descriptionKinds.count))
            for kind in descriptionKinds { try writer.write(kind.rawValue) }
        }
        for name in store.tableNames {
            try writeFile("\(name).table") {
                try CacheSerialization.write(store.tables[name]!, schema: store.config.table(name), to: $0)
            }
        }
        for kind in descriptionKinds {
            try writeFile("\(kind.rawValue).descriptions") { try CacheSerialization.write(store.descriptions.tables[kind]!, to: $0) }
        }

        let manifestData = Data(manifest.utf8)
        try manifestData.write(to: temporary.appendingPathComponent("manifest.txt"))
        let manifestChecksum = manifestData.withUnsafeBytes { crc32Checksum($0) }
        try Data("format=\(Self.formatVersion) manifest=\(String(manifestChecksum, radix: 16))\n".utf8)
            .write(to: temporary.appendingPathComponent("COMPLETE"))

        // A stale or corrupt entry is in the way of the rename; another process may also have finished first.
        if manager.fileExists(atPath: entry.path) { try? manager.removeItem(at: entry) }
        if rename(temporary.path, entry.path) != 0 && !manager.fileExists(atPath: entry.appendingPathComponent("COMPLETE").path) {
            throw HealthDataError(
                .ioFailure, file: entry.path, message: "moving the new cache into place failed (\(String(cString: strerror(errno))))",
                hint: "Check that the cache folder is writable.")
        }
    }

    private func corrupt(_ message: String) -> HealthDataError {
        HealthDataError(.invalidFormat, file: entry.path, message: message, hint: "Delete the cache folder; the next load rebuilds it.")
    }
}
