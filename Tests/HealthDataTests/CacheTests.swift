import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HealthData

@Suite struct CacheTests {
    static let codeTables = ["diagnoses_icd", "procedures_icd", "prescriptions"]

    /// Loads the fixture dataset with its cache in `cache`.
    func load(_ folder: FixtureFolder, cache: URL, tables: [String] = codeTables) throws -> EHRDataset {
        try EHRDataset.mimic3(root: folder.url, tables: tables, cacheDirectory: cache)
    }

    /// Admissions and all events of every patient, as comparable text.
    func snapshot(_ dataset: EHRDataset) -> [String] {
        dataset.patients.map { patient in
            var lines = ["\(patient.id) \(patient.admissions.map { "\($0.hadmID)@\($0.admissionTime)" })"]
            for table in dataset.tableNames {
                let events = patient.events(table)
                lines.append("\(table): " + events.map { event in
                    "\(event.time ?? -1)|" + event.table.data.columns.map { $0.value(at: event.row)?.description ?? "nil" }.joined(separator: ",")
                }.joined(separator: ";"))
            }
            return lines.joined(separator: "\n")
        }
    }

    @Test func secondLoadReadsTheCache() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }

        let first = try load(folder, cache: cache)
        let second = try load(folder, cache: cache)

        #expect(!first.loadReport.fromCache)
        #expect(second.loadReport.fromCache)
        let entry = try #require(second.loadReport.cacheDirectory)
        #expect(entry.deletingLastPathComponent().standardizedFileURL == cache.standardizedFileURL)
        #expect(FileManager.default.fileExists(atPath: entry.appendingPathComponent("COMPLETE").path))
        #expect(first.stats() == second.stats())
        #expect(snapshot(first) == snapshot(second))
        #expect(second.loadReport.diagnostics == first.loadReport.diagnostics.filter { !$0.message.hasPrefix("no cache at") })
        // No temporary build folder is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix(".building") }
        #expect(leftovers.isEmpty)
    }

    @Test func corruptByteTriggersRebuild() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let original = try load(folder, cache: cache)
        let entry = try #require(original.loadReport.cacheDirectory)

        let file = entry.appendingPathComponent("prescriptions.table")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: file)
        let rebuilt = try load(folder, cache: cache)
        let afterRebuild = try load(folder, cache: cache)

        #expect(!rebuilt.loadReport.fromCache)
        let warnings = rebuilt.loadReport.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.contains { $0.message.contains("prescriptions.table fails its checksum") })
        #expect(afterRebuild.loadReport.fromCache)
        #expect(snapshot(afterRebuild) == snapshot(original))
    }

    @Test func partialEntryTriggersRebuild() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let original = try load(folder, cache: cache)
        let entry = try #require(original.loadReport.cacheDirectory)

        try FileManager.default.removeItem(at: entry.appendingPathComponent("COMPLETE"))
        let rebuilt = try load(folder, cache: cache)

        #expect(!rebuilt.loadReport.fromCache)
        #expect(rebuilt.loadReport.diagnostics.contains { $0.message.contains("completion marker is missing") })
        #expect(try load(folder, cache: cache).loadReport.fromCache)
    }

    @Test func truncatedFileTriggersRebuild() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let entry = try #require(try load(folder, cache: cache).loadReport.cacheDirectory)

        let file = entry.appendingPathComponent("admissions.table")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count - 10).write(to: file)
        let rebuilt = try load(folder, cache: cache)

        #expect(!rebuilt.loadReport.fromCache)
        #expect(rebuilt.loadReport.diagnostics.contains { $0.message.contains("admissions.table has") })
    }

    @Test func keyCoversFilesAndTables() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try load(folder, cache: cache)

        // Another table selection is another entry.
        let fewerTables = try load(folder, cache: cache, tables: ["prescriptions"])
        #expect(!fewerTables.loadReport.fromCache)
        #expect(fewerTables.loadReport.cacheDirectory != first.loadReport.cacheDirectory)

        // A changed source file (new size and modification time) is another entry, with the new data.
        var text = try String(contentsOf: folder.url.appendingPathComponent("procedures_icd.csv"), encoding: .utf8)
        text += "999,7,601,2,PEXTRA\n"
        try folder.write("procedures_icd.csv", text)
        let changed = try load(folder, cache: cache)
        #expect(!changed.loadReport.fromCache)
        #expect(changed.loadReport.cacheDirectory != first.loadReport.cacheDirectory)
        #expect(changed.table("procedures_icd")?.rowCount == (first.table("procedures_icd")?.rowCount ?? 0) + 1)
    }

    @Test func cacheLocationFallsBackToEnvironment() throws {
        let explicit = URL(fileURLWithPath: "/tmp/explicit-cache")
        #expect(DatasetCache.baseDirectory(explicit) == explicit)

        // The environment is passed in rather than set, so tests running in parallel never see it change.
        #expect(DatasetCache.baseDirectory(nil, environment: ["SWIFTHEALTH_CACHE": "/tmp/env-cache"]).path == "/tmp/env-cache")
        #expect(DatasetCache.baseDirectory(nil, environment: ["SWIFTHEALTH_CACHE": ""]).path.hasSuffix("/.cache/swifthealth"))
        #expect(DatasetCache.baseDirectory(nil, environment: [:]).path.hasSuffix("/.cache/swifthealth"))
    }

    @Test func cacheLocationFollowsXDGAndHome() {
        let everything = ["SWIFTHEALTH_CACHE": "/tmp/env-cache", "XDG_CACHE_HOME": "/tmp/xdg", "HOME": "/tmp/home"]
        let cases: [(environment: [String: String], expected: String)] = [
            (everything, "/tmp/env-cache"),
            (everything.filter { $0.key != "SWIFTHEALTH_CACHE" }, "/tmp/xdg/swifthealth"),
            (["XDG_CACHE_HOME": "/tmp/xdg", "HOME": "/tmp/home"], "/tmp/xdg/swifthealth"),
            // A relative XDG_CACHE_HOME is invalid under the XDG specification, so HOME decides.
            (["XDG_CACHE_HOME": "relative", "HOME": "/tmp/home"], "/tmp/home/.cache/swifthealth"),
            (["XDG_CACHE_HOME": "", "HOME": "/tmp/home"], "/tmp/home/.cache/swifthealth"),
            (["HOME": "/tmp/home"], "/tmp/home/.cache/swifthealth"),
        ]
        for (environment, expected) in cases {
            #expect(DatasetCache.baseDirectory(nil, environment: environment).path == expected, "\(environment)")
        }
    }

    @Test func unwritableCacheIsReported() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        // A regular file where the cache folder should be makes every cache write fail.
        let blocker = try folder.write("not-a-folder", "x")

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, cacheDirectory: blocker)

        #expect(!dataset.loadReport.fromCache)
        let warnings = dataset.loadReport.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.contains { $0.message.hasPrefix("writing the cache at") })
        #expect(warnings.contains { $0.message.contains("the cache folder is a file") })
        #expect(!warnings.contains { $0.message.contains("NSCocoaErrorDomain") })
        #expect(dataset.patientCount == 7)
    }

    @Test func staleBuildFoldersAreRemoved() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }

        // A process that has exited and been reaped, so its id names no running process.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()

        let manager = FileManager.default
        func makeBuild(_ name: String, age: TimeInterval = 0) throws -> URL {
            let build = cache.appendingPathComponent(name, isDirectory: true)
            try manager.createDirectory(at: build, withIntermediateDirectories: false)
            try Data("partial".utf8).write(to: build.appendingPathComponent("store.bin"))
            try manager.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: build.path)
            return build
        }
        let dead = try makeBuild(".building-0123456789abcdef-pid\(finished.processIdentifier)-A")
        let running = try makeBuild(".building-0123456789abcdef-pid\(getpid())-B")
        let oldUnnamed = try makeBuild(".building-0123456789abcdef-8065B5F2-1833", age: 2 * 3600)
        let recentUnnamed = try makeBuild(".building-0123456789abcdef-12345678-1833")

        let dataset = try load(folder, cache: cache)

        #expect(!manager.fileExists(atPath: dead.path))
        #expect(!manager.fileExists(atPath: oldUnnamed.path))
        #expect(manager.fileExists(atPath: running.path))
        #expect(manager.fileExists(atPath: recentUnnamed.path))
        let notes = dataset.loadReport.diagnostics.filter { $0.message.hasPrefix("removed ") }
        #expect(notes.count == 2)
        #expect(notes.allSatisfy { $0.severity == .info })
        #expect(notes.allSatisfy { $0.message.hasSuffix("an unfinished cache build of a process that stopped") })
    }

    @Test func buildFolderNamesCarryProcessID() {
        #expect(DatasetCache.buildProcessID(".building-0123456789abcdef-pid4242-8065B5F2-1833") == 4242)
        #expect(DatasetCache.buildProcessID(".building-0123456789abcdef-8065B5F2-1833") == nil)
        #expect(DatasetCache.buildProcessID(".building-0123456789abcdef-pidx-1833") == nil)
    }

    @Test func diagnosticsArriveBeforeBuilding() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }

        let log = Mutex<[String]>([])
        var received: [LoadDiagnostic] = []
        let dataset = try EHRDataset.mimic3(
            root: folder.url, tables: Self.codeTables, cacheDirectory: cache,
            progress: { event in log.withLock { $0.append("progress \(event.table)") } },
            onDiagnostic: { diagnostic in
                received.append(diagnostic)
                log.withLock { $0.append("diagnostic \(diagnostic.message)") }
            })

        let events = log.withLock { $0 }
        let building = try #require(events.firstIndex { $0.hasPrefix("diagnostic no cache at") })
        let firstTable = try #require(events.firstIndex { $0.hasPrefix("progress ") && $0 != "progress cache" })
        #expect(building < firstTable)
        #expect(received == dataset.loadReport.diagnostics)
    }

    @Test func uncachedLoadWritesNothing() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, cacheDirectory: cache, useCache: false)

        #expect(dataset.loadReport.cacheDirectory == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).isEmpty)
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoCacheRoundTrip() throws {
        let root = try TestData.require("mimic3-demo")
        let cache = try TestData.temporaryFolder("healthdata-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let tables = Self.codeTables + ["labevents"]

        let built = try EHRDataset.mimic3(root: root, tables: tables, cacheDirectory: cache)
        let cached = try EHRDataset.mimic3(root: root, tables: tables, cacheDirectory: cache)

        #expect(cached.loadReport.fromCache)
        #expect(cached.stats() == built.stats())
        #expect(snapshot(cached) == snapshot(built))
        #expect(cached.descriptions.diagnosisName("4280") == "Congestive heart failure, unspecified")
    }
}
