/// A prediction task: turns one patient into samples (PyHealth's `BaseTask`).
///
/// A task names the tables it reads, so a caller can load only those:
/// `EHRDataset.mimic3(root: root, tables: task.requiredTables)`.
public protocol ClinicalTask: Sendable {
    /// The task name as PyHealth spells it, for example `MortalityPredictionMIMIC3`.
    var name: String { get }
    /// Every parameter that changes the output, as text; part of `identity`.
    var parameters: [String: String] { get }
    /// Event tables the task reads besides the always-loaded ones.
    var requiredTables: [String] { get }
    /// Columns the task reads, by table; `DatasetConfig.projected(onto:)` loads only these.
    var requiredColumns: [String: [String]] { get }
    /// Input fields, in the order models see them.
    var inputFields: [String] { get }
    var labelName: String { get }
    var labelKind: LabelKind { get }

    /// Returns the samples of one patient and counts what it left out in `report`.
    func samples(for patient: Patient, report: inout TaskReport) -> [Sample]
}

extension ClinicalTask {
    /// Name plus every parameter, for example `ReadmissionPredictionMIMIC3(exclude_minors=true,window_days=15.0)`.
    /// Memoised samples are keyed by it.
    public var identity: String {
        let list = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return "\(name)(\(list))"
    }
}

/// One sample: code sequences per input field and an integer label.
public struct Sample: Sendable, Equatable, Codable {
    public var patientID: String
    /// The admission it was built from (MIMIC `hadm_id`).
    public var visitID: String
    /// Codes per input field, in event order; duplicates are kept as PyHealth 2.x keeps them.
    public var features: [String: [String]]
    /// 0 or 1 for a binary task, the class index for a multiclass task.
    public var label: Int

    public init(patientID: String, visitID: String, features: [String: [String]], label: Int) {
        self.patientID = patientID
        self.visitID = visitID
        self.features = features
        self.label = label
    }
}

/// The reason a candidate visit produced no sample.
public enum TaskExclusion: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// At least one of the conditions, procedures or drugs lists is empty (PyHealth skips these too).
    case emptyCodeList = "empty code list"
    /// The patient was under 18 at admission.
    case minor
    /// The next admission's hospital_expire_flag is not one of "0", "1", "0.0", "1.0".
    case invalidExpireFlag = "invalid hospital_expire_flag"
    case missingDischargeTime = "missing discharge time"
    case missingBirthDate = "missing date of birth"
    /// The admission's dischtime is earlier than its admittime, so its stay is negative.
    case dischargeBeforeAdmission = "discharge before admission"
}

/// Counts of what a task kept and left out over a whole dataset.
public struct TaskReport: Sendable, Equatable {
    public var patients = 0
    /// Visits that could have become samples (for next-admission tasks, all but each patient's last).
    public var candidateVisits = 0
    public var samples = 0
    public var exclusions: [TaskExclusion: Int] = [:]
    /// Up to ten distinct flag values that were rejected, to show in a message.
    public var invalidFlagExamples: [String] = []

    public init() {}

    mutating func exclude(_ reason: TaskExclusion) {
        exclusions[reason, default: 0] += 1
    }

    mutating func rejectFlag(_ value: String?) {
        exclude(.invalidExpireFlag)
        let example = value ?? "(missing)"
        if invalidFlagExamples.count < 10, !invalidFlagExamples.contains(example) { invalidFlagExamples.append(example) }
    }
}

/// The output of a task over a dataset (PyHealth's `SampleDataset` before processing).
public struct SampleSet: Sendable {
    public let taskName: String
    /// `ClinicalTask.identity` of the task that built it.
    public let taskIdentity: String
    public let inputFields: [String]
    public let labelName: String
    public let labelKind: LabelKind
    public let samples: [Sample]
    public let report: TaskReport

    public init(
        taskName: String, taskIdentity: String, inputFields: [String], labelName: String, labelKind: LabelKind,
        samples: [Sample], report: TaskReport = TaskReport()
    ) {
        self.taskName = taskName
        self.taskIdentity = taskIdentity
        self.inputFields = inputFields
        self.labelName = labelName
        self.labelKind = labelKind
        self.samples = samples
        self.report = report
    }

    /// Number of samples.
    public var count: Int { samples.count }

    /// Distinct patient identifiers, in order of their first sample.
    public var patientIDs: [String] {
        var seen = Set<String>()
        return samples.compactMap { seen.insert($0.patientID).inserted ? $0.patientID : nil }
    }

    /// Number of samples per label value.
    public func labelCounts() -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for sample in samples { counts[sample.label, default: 0] += 1 }
        return counts
    }

    static func build<T: ClinicalTask>(_ task: T, patients: some Sequence<Patient>) -> SampleSet {
        var report = TaskReport()
        var samples: [Sample] = []
        for patient in patients {
            report.patients += 1
            samples.append(contentsOf: task.samples(for: patient, report: &report))
        }
        report.samples = samples.count
        return SampleSet(
            taskName: task.name, taskIdentity: task.identity, inputFields: task.inputFields, labelName: task.labelName,
            labelKind: task.labelKind, samples: samples, report: report)
    }
}
