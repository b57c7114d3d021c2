import Foundation
import HealthData

/// The options every data command shares: which dataset, where it lives and where its cache goes.
struct DatasetSelection {
    static let datasets = ["mimic3"]

    static let optionSpecs: [OptionSpec] = [
        OptionSpec(name: "dataset", valueName: "NAME", help: "dataset layout: mimic3", isRequired: true),
        OptionSpec(name: "root", valueName: "DIR", help: "folder that holds the dataset's CSV or .csv.gz tables", isRequired: true),
        OptionSpec(name: "cache-dir", valueName: "DIR", help: "folder for the on-disk cache (default: $SWIFTHEALTH_CACHE or ~/.cache/swifthealth)"),
        OptionSpec(name: "no-cache", valueName: nil, help: "read the CSV files and neither read nor write a cache"),
    ]

    let dataset: String
    let root: URL
    let cacheDirectory: URL?
    let useCache: Bool

    init(_ options: ParsedOptions) throws {
        dataset = try options.choice("dataset", from: Self.datasets) ?? "mimic3"
        let rootPath = options.string("root") ?? ""
        root = URL(fileURLWithPath: (rootPath as NSString).expandingTildeInPath, isDirectory: true).standardizedFileURL
        cacheDirectory = options.string("cache-dir").map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath, isDirectory: true) }
        useCache = !options.flag("no-cache")
    }

    /// Throws a data error unless `root` is an existing folder.
    func requireRoot() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError.runtime(
                "dataset root not found: \(root.path); pass --root the folder that holds PATIENTS.csv.gz, ADMISSIONS.csv.gz and the other MIMIC-III tables")
        }
    }

    /// Loads the dataset and logs the cache state and any diagnostics to standard error.
    ///
    /// With `task`, only the tables and columns that task reads are loaded, which is the fast path for training.
    /// Without it, `tables` plus the ones the layout always loads are read with every configured column.
    func load(tables: [String], task: (any ClinicalTask)? = nil, console: Console) throws -> EHRDataset {
        try requireRoot()

        // Diagnostics print as they happen, so "building the cache" shows before a long first load, not after.
        let logDiagnostic: (LoadDiagnostic) -> Void = { console.log($0.description) }
        let dataset: EHRDataset
        if let task {
            dataset = try EHRDataset.mimic3(
                root: root, forTask: task, cacheDirectory: cacheDirectory, useCache: useCache, onDiagnostic: logDiagnostic)
        } else {
            dataset = try EHRDataset.mimic3(
                root: root, tables: tables, cacheDirectory: cacheDirectory, useCache: useCache, onDiagnostic: logDiagnostic)
        }
        let report = dataset.loadReport
        let source = report.fromCache ? "from cache \(report.cacheDirectory?.path ?? "")" : "from CSV"
        console.log(String(format: "loaded %@: %d patients in %.2f s (%@)", self.dataset, dataset.patientCount, report.seconds, source))
        return dataset
    }
}

/// The tasks the command line can build, by the names users type.
enum TaskChoice: String, CaseIterable {
    case mortality
    case readmission
    case lengthOfStay = "length_of_stay"

    static let optionSpecs: [OptionSpec] = [
        OptionSpec(name: "task", valueName: "NAME", help: "mortality, readmission or length_of_stay", isRequired: true),
        OptionSpec(name: "window", valueName: "DAYS", help: "readmission window in days (readmission only)", defaultValue: nil),
        OptionSpec(name: "include-minors", valueName: nil, help: "keep admissions of patients under 18 (readmission only)"),
    ]

    static func parse(_ options: ParsedOptions) throws -> TaskChoice {
        let aliases = ["los": "length_of_stay", "length-of-stay": "length_of_stay", "lengthofstay": "length_of_stay"]
        let text = (options.string("task") ?? "").lowercased()
        guard let choice = TaskChoice(rawValue: aliases[text] ?? text) else {
            let names = allCases.map(\.rawValue)
            var message = "unknown task '\(text)'; expected one of: \(names.joined(separator: ", "))"
            if let suggestion = closestMatch(to: text, among: names) { message += " (did you mean '\(suggestion)'?)" }
            throw CommandError.usage(message)
        }
        if choice != .readmission, options.string("window") != nil || options.flag("include-minors") {
            throw CommandError.usage("--window and --include-minors apply only to --task readmission")
        }
        return choice
    }

    /// Builds the task with the parameters from `options`.
    func makeTask(_ options: ParsedOptions) throws -> any ClinicalTask {
        switch self {
        case .mortality:
            return MortalityPredictionMIMIC3()
        case .readmission:
            let window = try options.double("window", range: 0.001...36_500) ?? 15
            return ReadmissionPredictionMIMIC3(windowDays: window, excludeMinors: !options.flag("include-minors"))
        case .lengthOfStay:
            return LengthOfStayPredictionMIMIC3()
        }
    }
}
