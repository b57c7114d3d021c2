import Foundation

/// The store's table of contents, written last so that its presence marks a complete store.
struct StoreManifest: Codable, Sendable {
    /// A source file as it was when the store was built, so a later import can tell whether anything changed.
    struct SourceFile: Codable, Sendable, Equatable {
        /// Path relative to the import folder, or absolute for files outside it such as the interaction files.
        var path: String
        var size: Int64
        /// Modification time in whole seconds since 1970.
        var modified: Int64
        /// CRC-32 of the file's bytes as stored (compressed for .gz), which catches an edit that keeps the size
        /// and the modification time.
        var crc32: UInt32
    }

    struct SystemEntry: Codable, Sendable {
        var system: String
        var codes: Int
        var file: String
        var sourceFiles: [String]
    }

    struct MapEntry: Codable, Sendable {
        var source: String
        var target: String
        var sourceCodes: Int
        var rows: Int
        var file: String
        var sourceFiles: [String]
    }

    /// A group of systems or maps left out because some of its files were not in the import folder.
    struct SkippedGroup: Codable, Sendable {
        var name: String
        var missingFiles: [String]
    }

    /// Rows an importer skipped on purpose (placeholders, repeats), counted per file and reason.
    struct SkippedRowCount: Codable, Sendable {
        var file: String
        var reason: String
        var count: Int
    }

    static let fileName = "manifest.json"

    var formatVersion: Int
    var createdAt: String
    /// The import folder as given, made absolute.
    var sourceFolder: String
    var sourceFiles: [SourceFile]
    var systems: [SystemEntry]
    var maps: [MapEntry]
    var skipped: [SkippedGroup]
    var skippedRows: [SkippedRowCount]
    var searchEntries: Int
    /// Extra files such as the drug-interaction graph, by name.
    var extras: [String: String]

    static func read(from directory: URL) throws -> StoreManifest {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MedCodeError.storeMissing(path: directory.path)
        }
        do {
            return try JSONDecoder().decode(StoreManifest.self, from: data)
        } catch {
            throw MedCodeError.invalidTable(
                path: url.path, line: 0,
                reason: "the store manifest is damaged or from another version of SwiftHealth. Run `swifthealth medcode import --force` to rebuild the store")
        }
    }

    /// Returns whether every table, map and extra file the manifest lists is in `directory`, so that a store with
    /// a deleted file is rebuilt rather than reused. Damage inside a file is found by its checksum when it is read.
    func filesArePresent(in directory: URL) -> Bool {
        let files = systems.map(\.file) + maps.map(\.file) + Array(extras.keys) + (searchEntries > 0 ? [MedCodeImporter.searchFileName] : [])
        return files.allSatisfy { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        try StoreFile.writeAtomically(data, to: directory.appendingPathComponent(Self.fileName))
    }

    /// Returns the size, modification time and CRC-32 of each of `paths` under `folder`, where absolute paths
    /// stay as they are. Files that cannot be read are left out, because the importer reports them when it reads them.
    static func stamps(of paths: [String], in folder: URL) -> [SourceFile] {
        paths.sorted().compactMap { path in
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = (attributes[.size] as? NSNumber)?.int64Value,
                  let modified = attributes[.modificationDate] as? Date,
                  let data = FileManager.default.contents(atPath: url.path) else { return nil }
            return SourceFile(
                path: path, size: size, modified: Int64(modified.timeIntervalSince1970.rounded(.down)),
                crc32: StoreFile.checksum([UInt8](data)))
        }
    }
}

extension StoreFile {
    /// Writes `data` to a temporary name beside `url` and renames it into place.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw MedCodeError.invalidTable(path: url.path, line: 0, reason: "cannot write the file: \(error.localizedDescription)")
        }
    }
}
