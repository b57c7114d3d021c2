import HealthData
import Training

/// The five panes, numbered as the digit keys that focus them.
public enum PaneID: Int, Sendable, CaseIterable, Hashable {
    case dataset = 1
    case patient
    case task
    case training
    case codes

    /// The name in the header's pane list.
    public var shortName: String {
        switch self {
        case .dataset: "Data"
        case .patient: "Patient"
        case .task: "Task"
        case .training: "Train"
        case .codes: "Codes"
        }
    }

    /// The name in the pane's border.
    public var title: String {
        switch self {
        case .dataset: "Dataset"
        case .patient: "Patient"
        case .task: "Task"
        case .training: "Training"
        case .codes: "Codes"
        }
    }
}

/// The progress of the dataset load.
public enum LoadState: Sendable, Equatable {
    case loading
    case loaded
    case failed(String)
}

/// The orders of the Dataset pane's patient list, cycled with `s`.
public enum PatientSort: String, Sendable, CaseIterable {
    case id
    case age
    case admissions
    case events
}

/// The Dataset pane: tables, load progress and the patient list.
public struct DatasetPaneState: Sendable, Equatable {
    /// Text typed after `/`; patients whose id, sex or age contain it stay in the list.
    public var filter = ""
    public var sort = PatientSort.id
    /// Indices into `DatasetSnapshot.patients`, filtered and sorted.
    public var visible: [Int] = []
    /// Position in `visible`.
    public var selected = 0
    /// First row of `visible` on screen.
    public var scroll = 0
    /// Read fraction of each table while loading, by table name.
    public var tableProgress: [String: Double] = [:]
    public var overallProgress = 0.0
}

/// The Patient pane: the selected patient's admissions and the selected admission's events.
public struct PatientPaneState: Sendable, Equatable {
    public var detail: PatientDetail?
    public var admission = 0
    /// First detail line on screen.
    public var scroll = 0
    /// Text typed after `/`; `n` and `N` jump between the detail lines that contain it.
    public var search = ""
}

/// A built task: its samples and what the pane shows about them.
public struct TaskResult: Sendable {
    /// The catalog name (`mortality`); builds with other parameters differ in `samples.taskIdentity`.
    public var name: String
    public var samples: SampleSet
    /// Sample indices per patient identifier.
    public var samplesByPatient: [String: [Int]]

    public init(name: String, samples: SampleSet) {
        self.name = name
        self.samples = samples
        var byPatient: [String: [Int]] = [:]
        for (index, sample) in samples.samples.enumerated() { byPatient[sample.patientID, default: []].append(index) }
        samplesByPatient = byPatient
    }
}

/// The Task pane: the task picker, the build state and the selected patient's samples.
public struct TaskPaneState: Sendable {
    public var taskNames = TaskCatalog.mimic3Names
    public var selectedTask = 0
    /// The window of the readmission task, changed with `+` and `-`.
    public var readmissionWindowDays = 15.0
    /// Identity of the task being built in the background, if any.
    public var building: String?
    /// Built tasks by `ClinicalTask.identity`, so a changed parameter needs its own build.
    public var results: [String: TaskResult] = [:]
    public var error: String?
    /// Position of the shown sample among the selected patient's samples.
    public var sampleIndex = 0
    public var scroll = 0

    /// Windows offered for the readmission task, in days.
    public static let readmissionWindows = [7.0, 15, 30, 60, 90]

    public var selectedName: String { taskNames[selectedTask] }

    /// The selected task with the pane's parameters, or nil for a name the catalog does not know.
    public var selectedTaskDefinition: (any ClinicalTask)? {
        try? TaskCatalog.mimic3(named: selectedName, readmissionWindowDays: readmissionWindowDays)
    }

    /// The identity results are stored under for the selected task and parameters.
    public var selectedIdentity: String { selectedTaskDefinition?.identity ?? selectedName }

    /// The built samples of the selected task and parameters, or nil before a build.
    public var selectedResult: TaskResult? { results[selectedIdentity] }
}

/// The Codes pane: type-ahead query and results.
public struct CodesPaneState: Sendable, Equatable {
    public var query = ""
    public var results: [CodeEntry] = []
    public var selected = 0
    public var scroll = 0
}

/// Everything the workbench shows. It changes only through `WorkbenchReducer`, which makes it testable without
/// a terminal.
public struct WorkbenchState: Sendable {
    public var title: String
    public var load = LoadState.loading
    public var snapshot: DatasetSnapshot?
    /// Load diagnostics and job errors, newest last, for the status line.
    public var messages: [String] = []

    public var focus = PaneID.dataset
    public var zoomed = false
    public var showHelp = false
    /// First row of the `?` help on screen, for a help taller than the screen.
    public var helpScroll = 0
    /// The pane whose `/` text field takes typed characters, or nil when keys are commands.
    public var editing: PaneID?
    /// The size of the last rendered frame, so mouse positions map onto panes.
    public var width = 0
    public var height = 0
    public var chartGlyphs = ChartGlyphs.braille

    public var dataset = DatasetPaneState()
    public var patient = PatientPaneState()
    public var task = TaskPaneState()
    public var training = TrainingPaneState()
    public var codes = CodesPaneState()

    public init(title: String) {
        self.title = title
    }

    /// The patient selected in the Dataset pane, or nil when the list is empty.
    public var selectedPatient: PatientRow? {
        guard let snapshot, dataset.visible.indices.contains(dataset.selected) else { return nil }
        return snapshot.patients[dataset.visible[dataset.selected]]
    }
}
