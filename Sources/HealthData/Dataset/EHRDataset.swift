import Foundation
import Synchronization

/// A loaded electronic health record dataset: an event store of the requested tables, patient views,
/// code descriptions, and memoised task outputs (PyHealth's `BaseDataset`).
///
/// ```swift
/// let dataset = try EHRDataset.mimic3(root: demoFolder, tables: ["diagnoses_icd", "procedures_icd", "prescriptions"])
/// let samples = try dataset.setTask(MortalityPredictionMIMIC3())
/// ```
public final class EHRDataset: Sendable {
    public let root: URL
    public let config: DatasetConfig
    /// The record of this load: cache or CSV, and the diagnostics.
    public let loadReport: LoadReport
    let store: EventStore
    private let memoisedSamples = Mutex<[String: SampleSet]>([:])
    private let labUnits = Mutex<[Int64: String]?>(nil)

    /// Loads the tables named in `tables` (case-insensitive) plus the config's always-loaded tables.
    ///
    /// The cache keeps one entry (a folder) per dataset root, table selection, column selection and file
    /// version, so a changed file or another task adds an entry. Entries are never removed automatically:
    /// delete the folder `cacheBaseDirectory(_:)` returns, or entries in it, to free space, and the next
    /// load rebuilds what it needs.
    ///
    /// - Parameters:
    ///   - cacheDirectory: folder for the on-disk cache; nil means the default of `cacheBaseDirectory(_:)`.
    ///   - useCache: false reads the CSV files and writes no cache.
    ///   - progress: called from loader threads with the table being read and the fractions done.
    ///   - onDiagnostic: called on the calling thread with each diagnostic as soon as it is known, for
    ///     example "no cache ...; building it" before the CSV files are read. Every diagnostic is also in
    ///     `loadReport.diagnostics`.
    /// - Throws: `HealthDataError` for an unknown table name, a missing file or malformed data.
    public init(
        root: URL, config: DatasetConfig, tables: [String] = [], cacheDirectory: URL? = nil, useCache: Bool = true,
        progress: (@Sendable (LoadProgress) -> Void)? = nil, onDiagnostic: ((LoadDiagnostic) -> Void)? = nil
    ) throws {
        let started = DispatchTime.now()
        var diagnostics: [LoadDiagnostic] = []
        func report(_ diagnostic: LoadDiagnostic) {
            diagnostics.append(diagnostic)
            onDiagnostic?(diagnostic)
        }

        let schemas = try config.resolveTables(tables)
        let loader = DatasetLoader(root: root, config: config, schemas: schemas, progress: progress)
        let files = try loader.sourceFiles()
        DatasetLoader.diagnostics(ignoring: files.ignored).forEach(report)
        var store: EventStore?
        var cache: DatasetCache?

        if useCache {
            let fingerprint = try DatasetCache.fingerprint(
                root: root, config: config, tables: schemas, files: files.tables + files.descriptions.values)
            let base = DatasetCache.baseDirectory(cacheDirectory)
            for folder in DatasetCache.removeStaleBuilds(in: base) {
                report(LoadDiagnostic(.info, "removed \(folder.path), an unfinished cache build of a process that stopped"))
            }
            let entry = DatasetCache(base: base, fingerprint: fingerprint)
            progress?(LoadProgress(table: "cache", fraction: 0, overallFraction: 0))
            switch entry.read(config: config) {
            case .hit(let cached):
                store = cached
                progress?(LoadProgress(table: "cache", fraction: 1, overallFraction: 1))
            case .miss(let reason):
                if let reason { report(reason) }
            }
            cache = entry
        }

        let fromCache = store != nil
        let loaded = try store ?? loader.load()
        if !fromCache, let cache {
            do {
                try cache.write(loaded)
            } catch let error as HealthDataError {
                report(LoadDiagnostic(.warning, "writing the cache at \(cache.entry.path) failed: \(error.message). \(error.hint)"))
            } catch {
                report(LoadDiagnostic(.warning, "writing the cache at \(cache.entry.path) failed: \(error.localizedDescription)"))
            }
        }
        DatasetLoader.diagnostics(for: loaded).forEach(report)

        self.root = root
        self.config = config
        self.store = loaded
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        loadReport = LoadReport(fromCache: fromCache, cacheDirectory: cache?.entry, diagnostics: diagnostics, seconds: seconds)
    }

    /// Returns the folder that contains the cache entries: `cacheDirectory`, else `$SWIFTHEALTH_CACHE`, else
    /// `$XDG_CACHE_HOME/swifthealth`, else `$HOME/.cache/swifthealth`, else `.cache/swifthealth` in the account's home folder.
    public static func cacheBaseDirectory(_ cacheDirectory: URL? = nil) -> URL {
        DatasetCache.baseDirectory(cacheDirectory)
    }

    /// Loads MIMIC-III (or its demo) from `root` with `DatasetConfig.mimic3`.
    public static func mimic3(
        root: URL, tables: [String] = [], cacheDirectory: URL? = nil, useCache: Bool = true,
        progress: (@Sendable (LoadProgress) -> Void)? = nil, onDiagnostic: ((LoadDiagnostic) -> Void)? = nil
    ) throws -> EHRDataset {
        try EHRDataset(
            root: root, config: .mimic3, tables: tables, cacheDirectory: cacheDirectory, useCache: useCache, progress: progress,
            onDiagnostic: onDiagnostic)
    }

    /// Loads from MIMIC-III only the tables and columns `task` reads, the fastest way to run one task.
    public static func mimic3<T: ClinicalTask>(
        root: URL, forTask task: T, cacheDirectory: URL? = nil, useCache: Bool = true,
        progress: (@Sendable (LoadProgress) -> Void)? = nil, onDiagnostic: ((LoadDiagnostic) -> Void)? = nil
    ) throws -> EHRDataset {
        try EHRDataset(
            root: root, config: DatasetConfig.mimic3.projected(onto: task.requiredColumns), tables: task.requiredTables,
            cacheDirectory: cacheDirectory, useCache: useCache, progress: progress, onDiagnostic: onDiagnostic)
    }

    /// Names of the loaded tables, in config order.
    public var tableNames: [String] { store.tableNames }

    /// Returns true when table `name` (case-insensitive) was loaded.
    public func hasTable(_ name: String) -> Bool {
        store.tables[name.lowercased()] != nil
    }

    /// Returns the loaded table `name` (case-insensitive), or nil.
    public func table(_ name: String) -> EventTable? {
        store.tables[name.lowercased()]
    }

    /// Number of patients: those of the patient table when it is loaded, else those of every loaded table.
    public var patientCount: Int { store.patientIDs.count }

    /// Patient identifiers in increasing order.
    public var patientIDs: [Int64] { store.patientIDs }

    /// Returns the patient at `index` in `0..<patientCount` (increasing identifier order).
    public func patient(at index: Int) -> Patient {
        Patient(id: store.patientIDs[index], index: index, store: store)
    }

    /// Returns the patient with MIMIC `subject_id` `id`, or nil when it is not one of `patientIDs`.
    public func patient(id: Int64) -> Patient? {
        store.patientIndexByID[id].map { patient(at: $0) }
    }

    /// Every patient, in increasing identifier order.
    public var patients: LazyMapSequence<Range<Int>, Patient> {
        (0..<patientCount).lazy.map { self.patient(at: $0) }
    }

    /// Names of diagnosis and procedure codes and lab items, from the dataset's dictionary tables.
    public var descriptions: CodeDescriptions { store.descriptions }

    /// Returns the lab item with MIMIC `itemid` from `D_LABITEMS`, with its most frequent unit when LABEVENTS is loaded.
    public func labItem(_ itemID: Int64) -> LabItem? {
        guard var item = descriptions.labItem(itemID) else { return nil }
        item.unit = mostFrequentLabUnits()[itemID]
        return item
    }

    /// Counts the most frequent `valueuom` per `itemid` of LABEVENTS on first use, then returns the kept result.
    private func mostFrequentLabUnits() -> [Int64: String] {
        if let units = labUnits.withLock({ $0 }) { return units }
        var units: [Int64: String] = [:]
        if let table = store.tables["labevents"], let items = table.data.column("itemid"), let unitColumn = table.data.column("valueuom") {
            var counts: [Int64: [Int32: Int]] = [:]
            for row in 0..<table.rowCount {
                guard let item = items.integer(at: row) else { continue }
                let code = unitColumn.codes[row]
                if code >= 0 { counts[item, default: [:]][code, default: 0] += 1 }
            }
            for (item, perUnit) in counts {
                // Ties go to the unit seen first in the file's dictionary, so the result is deterministic.
                let best = perUnit.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
                if let best { units[item] = unitColumn.dictionary[Int(best.key)] }
            }
        }
        labUnits.withLock { $0 = units }
        return units
    }

    /// Counts rows and patients per loaded table.
    public func stats() -> DatasetStats {
        let tables = store.tableNames.compactMap { name in
            store.tables[name].map {
                DatasetStats.Table(name: name, rows: $0.rowCount, patients: $0.patientsWithRows, droppedRows: $0.droppedRows)
            }
        }
        let admissions = store.tables[config.visits.table]?.rowCount ?? 0
        return DatasetStats(dataset: config.name, patients: patientCount, admissions: admissions, tables: tables)
    }

    /// Runs `task` over every patient (PyHealth's `set_task`), or returns the memoised result of an identical task.
    ///
    /// Results are memoised by `task.identity`, which includes every parameter, so changing a parameter
    /// never returns samples built with the old value.
    /// - Throws: `invalidArgument` when a table the task needs was not loaded.
    public func setTask<T: ClinicalTask>(_ task: T) throws -> SampleSet {
        let missing = task.requiredTables.filter { !hasTable($0) }
        guard missing.isEmpty else {
            throw HealthDataError(
                .invalidArgument, value: missing.joined(separator: ", "),
                message: "task \(task.name) needs tables that were not loaded",
                hint: "Load the dataset with tables: \(task.requiredTables) (see the task's requiredTables).")
        }
        let key = task.identity
        if let cached = memoisedSamples.withLock({ $0[key] }) { return cached }
        let result = SampleSet.build(task, patients: patients)
        memoisedSamples.withLock { $0[key] = result }
        return result
    }
}
