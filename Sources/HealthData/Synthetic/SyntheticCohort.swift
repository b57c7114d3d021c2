import Foundation

/// A synthetic MIMIC-III cohort that the project generates itself, so the pipeline and the workbench run
/// on a machine without any clinical data.
///
/// `write(to:)` writes PATIENTS, ADMISSIONS, ICUSTAYS, DIAGNOSES_ICD, PROCEDURES_ICD, PRESCRIPTIONS,
/// LABEVENTS, D_ICD_DIAGNOSES, D_ICD_PROCEDURES and D_LABITEMS as gzip-compressed CSV files with the
/// column names of MIMIC-III v1.4, so `EHRDataset.mimic3(root:tables:)` loads the folder like the real
/// database. No row comes from a real patient: the content is drawn from built-in tables of real ICD-9
/// codes, drugs (with their NDCs) and lab items, with dates shifted into 2100-2200 as MIMIC-III does.
/// Diagnosis codes correlate with in-hospital death and early readmission, so the mortality,
/// readmission and length-of-stay tasks have signal to learn.
///
/// The same patient count and seed give byte-identical files with the same zlib version.
///
/// ```swift
/// let root = try SyntheticCohort.ensure(in: EHRDataset.cacheBaseDirectory())
/// let dataset = try EHRDataset.mimic3(root: root, tables: ["diagnoses_icd", "procedures_icd", "prescriptions"])
/// ```
public struct SyntheticCohort: Sendable, Equatable {
    /// Patients in the built-in cohort. With the default seed, 300 patients give the mortality task 40
    /// positive samples of 280 and the readmission task 87 of 280.
    public static let defaultPatients = 300
    public static let defaultSeed: UInt64 = 20_261_204
    /// Changes whenever the same patient count and seed would give different files, so folders written
    /// by an older version are regenerated instead of reused.
    public static let version = 1
    /// The files `write(to:)` creates, besides the `COMPLETE` marker.
    public static let fileNames = [
        "PATIENTS.csv.gz", "ADMISSIONS.csv.gz", "ICUSTAYS.csv.gz", "DIAGNOSES_ICD.csv.gz", "PROCEDURES_ICD.csv.gz",
        "PRESCRIPTIONS.csv.gz", "LABEVENTS.csv.gz", "D_ICD_DIAGNOSES.csv.gz", "D_ICD_PROCEDURES.csv.gz", "D_LABITEMS.csv.gz",
    ]
    /// Name of the file written last, whose presence marks a folder as complete.
    public static let markerFileName = "COMPLETE"

    /// Number of patients, at least 1.
    public var patients: Int
    public var seed: UInt64

    public init(patients: Int = SyntheticCohort.defaultPatients, seed: UInt64 = SyntheticCohort.defaultSeed) {
        self.patients = patients
        self.seed = seed
    }

    /// Counts of what `write(to:)` wrote.
    public struct Summary: Sendable, Equatable {
        public var patients: Int
        public var admissions: Int
        /// Rows written per file name, without the header.
        public var rows: [String: Int]
    }

    /// Generates every table in memory, dictionaries last.
    ///
    /// Patient `i` draws from its own SplitMix64 generator, seeded with the `i`-th output of a generator
    /// seeded with `seed`.
    func makeTables() -> (tables: [CSVTableBuffer], admissions: Int) {
        var seeds = SplitMix64(seed: seed)
        var generator = SyntheticPatientGenerator()
        var tables = SyntheticTables()
        var admissions = 0
        for _ in 0..<patients {
            var random = SplitMix64(seed: seeds.next())
            let patient = generator.makePatient(random: &random)
            admissions += patient.admissions.count
            tables.append(patient)
        }
        return (tables.all, admissions)
    }

    /// The first line of the `COMPLETE` marker, which names the version, patient count and seed.
    var markerHeader: String {
        "synthetic-mimic3 version=\(Self.version) patients=\(patients) seed=\(seed)"
    }

    /// Writes the cohort's tables into `folder`, creating it and its parents.
    ///
    /// The files are written into a temporary folder beside `folder`, then the `COMPLETE` marker (the
    /// version, patient count, seed, and each file's size), then one rename moves the whole folder into
    /// place, so a reader never sees a half-written cohort. An existing `folder` is replaced when it is
    /// empty or contains a synthetic cohort (it has a `COMPLETE` marker written by this type), and kept when
    /// it already contains this exact cohort, whose files would be identical.
    /// - Throws: `HealthDataError` with kind `invalidArgument` when `patients` is below 1 or `folder`
    ///   contains other files, and `ioFailure` when a file cannot be written.
    @discardableResult
    public func write(to folder: URL) throws -> Summary {
        guard patients >= 1 else {
            throw HealthDataError(
                .invalidArgument, value: String(patients), message: "a synthetic cohort needs at least one patient",
                hint: "Pass patients: 1 or more.")
        }
        let manager = FileManager.default
        try checkReplaceable(folder)
        let parent = folder.deletingLastPathComponent()
        try reportingFailure(creating: parent) { try manager.createDirectory(at: parent, withIntermediateDirectories: true) }
        removeStalePartialFolders(of: folder)

        let temporary = parent.appendingPathComponent(
            ".\(folder.lastPathComponent).partial-pid\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try reportingFailure(creating: temporary) { try manager.createDirectory(at: temporary, withIntermediateDirectories: false) }
        defer { try? manager.removeItem(at: temporary) }

        let (tables, admissions) = makeTables()
        var marker = markerHeader + "\n"
        var rows: [String: Int] = [:]
        for table in tables {
            try writeCompressed(table, into: temporary)
            rows[table.fileName] = table.rowCount
            marker += "\(table.fileName) \(try fileSize(temporary.appendingPathComponent(table.fileName)))\n"
        }
        let markerFile = temporary.appendingPathComponent(Self.markerFileName)
        try reportingFailure(creating: markerFile) { try Data(marker.utf8).write(to: markerFile) }

        let summary = Summary(patients: patients, admissions: admissions, rows: rows)
        // Another process may have finished the same cohort first. Its files are identical, so keep them.
        if isComplete(at: folder) { return summary }
        if manager.fileExists(atPath: folder.path) { try? manager.removeItem(at: folder) }
        if rename(temporary.path, folder.path) != 0 {
            // Read errno before isComplete makes other system calls.
            let reason = String(cString: strerror(errno))
            guard isComplete(at: folder) else {
                throw HealthDataError(
                    .ioFailure, file: folder.path, message: "moving the generated cohort into place failed (\(reason))",
                    hint: "Check that the folder's parent is writable.")
            }
        }
        return summary
    }

    /// Returns true when `folder` contains this cohort completely: its `COMPLETE` marker names this version,
    /// patient count and seed, and every file has the size the marker lists.
    public func isComplete(at folder: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(Self.markerFileName).path) else {
            return false
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.first.map(String.init) == markerHeader else { return false }
        var listed: [String: Int] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let size = Int(parts[1]) else { return false }
            listed[String(parts[0])] = size
        }
        return Self.fileNames.allSatisfy { name in
            guard let size = listed[name] else { return false }
            return (try? fileSize(folder.appendingPathComponent(name))) == size
        }
    }

    /// Returns the folder of the cohort with `patients` and `seed` under `cacheBase`, generating it first
    /// unless a complete copy is already there.
    ///
    /// The folder is `synthetic-mimic3-v<version>` for the default cohort, and
    /// `synthetic-mimic3-v<version>-<patients>p-seed<seed>` for any other.
    /// - Parameter cacheBase: for example `EHRDataset.cacheBaseDirectory()`; created when missing.
    /// - Throws: `HealthDataError` when the folder cannot be written (see `write(to:)`).
    public static func ensure(
        in cacheBase: URL, patients: Int = SyntheticCohort.defaultPatients, seed: UInt64 = SyntheticCohort.defaultSeed
    ) throws -> URL {
        let cohort = SyntheticCohort(patients: patients, seed: seed)
        let folder = cacheBase.appendingPathComponent(cohort.folderName, isDirectory: true)
        if cohort.isComplete(at: folder) { return folder }
        try cohort.write(to: folder)
        return folder
    }

    /// The folder name `ensure(in:patients:seed:)` uses.
    public var folderName: String {
        let name = "synthetic-mimic3-v\(Self.version)"
        if patients == Self.defaultPatients && seed == Self.defaultSeed { return name }
        return "\(name)-\(patients)p-seed\(seed)"
    }

    /// Throws unless `folder` is missing, empty, or a synthetic cohort folder.
    private func checkReplaceable(_ folder: URL) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return }
        let contents = isFolder.boolValue ? (try? manager.contentsOfDirectory(atPath: folder.path)) : nil
        let marker = manager.contents(atPath: folder.appendingPathComponent(Self.markerFileName).path)
        let isCohort = marker.map { String(decoding: $0.prefix(17), as: UTF8.self) == "synthetic-mimic3 " } ?? false
        guard let contents, contents.isEmpty || isCohort else {
            throw HealthDataError(
                .invalidArgument, file: folder.path, message: "the folder exists and is not a synthetic cohort, so it is not replaced",
                hint: "Choose a new or empty folder.")
        }
    }

    /// Removes temporary folders of earlier writes to `folder` whose process has exited, or that are over
    /// an hour old, which no generation takes.
    private func removeStalePartialFolders(of folder: URL) {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let prefix = ".\(folder.lastPathComponent).partial-pid"
        guard let names = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let path = parent.appendingPathComponent(name).path
            let processID = pid_t(name.dropFirst(prefix.count).prefix { $0.isNumber })
            // Signal 0 only checks for the process. EPERM means that it exists but belongs to another user.
            let isRunning = processID.map { kill($0, 0) == 0 || errno == EPERM } ?? false
            let modified = (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
            if !isRunning || Date().timeIntervalSince(modified) > 3600 { try? manager.removeItem(atPath: path) }
        }
    }
}

/// Runs `body`, turning a Foundation error into a `HealthDataError` that names `url`.
private func reportingFailure(creating url: URL, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as HealthDataError {
        throw error
    } catch {
        throw HealthDataError(
            .ioFailure, file: url.path, message: "creating the folder or file failed (\(error.localizedDescription))",
            hint: "Check that the parent folders are folders, writable, and have free space.")
    }
}

private func fileSize(_ url: URL) throws -> Int {
    var status = stat()
    guard stat(url.path, &status) == 0 else {
        throw HealthDataError(
            .ioFailure, file: url.path, message: "reading the size of the written file failed (\(String(cString: strerror(errno))))",
            hint: "Check that the file exists and is readable.")
    }
    return Int(status.st_size)
}
