import HealthData
import MedCode
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

/// The state of the Codes pane's code store.
public enum CodeStoreStatus: Sendable, Equatable {
    /// No store: the pane searches the dataset's ICD-9 dictionaries.
    case absent
    /// A background job is opening the store and reading its search index.
    case loading
    /// `WorkbenchState.codeStore` is set and the pane searches every imported system.
    case ready
    /// The store could not be opened; the pane keeps the dataset's dictionaries.
    case failed(String)
}

/// A search of the code store's index: the query and the system filter it was made with.
public struct CodeSearchRequest: Sendable, Equatable {
    public var query: String
    /// Nil for every system.
    public var system: CodeSystem?

    public init(query: String, system: CodeSystem?) {
        self.query = query
        self.system = system
    }
}

/// The Codes pane: type-ahead query, system filter, results and the selected code's details.
public struct CodesPaneState: Sendable, Equatable {
    public var query = ""
    /// Results from the dataset's dictionaries, used without a code store.
    public var results: [CodeEntry] = []
    /// Results from the code store's search index.
    public var hits: [SearchHit] = []
    /// The search whose result `hits` is; nil before the first one.
    public var hitsRequest: CodeSearchRequest?
    /// The latest search sent to a background job. Results of earlier ones are stale and dropped.
    public var searchRequest: CodeSearchRequest?
    /// The system results are limited to; nil for every system.
    public var systemFilter: CodeSystem?
    public var selected = 0
    public var scroll = 0
    public var storeStatus = CodeStoreStatus.absent
    /// The store code whose details were last requested; details of any other code are stale and dropped.
    public var detailKey: CodeKey?
    /// Details of `detailKey`, or nil while they load.
    public var detail: CodeDetail?

    /// Most results a search returns; the pane shows `200+` when it is reached.
    public static let resultLimit = 200
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
    /// The opened code store; nil without one or while it loads.
    public var codeStore: CodeStoreSession?

    public init(title: String) {
        self.title = title
    }

    /// The choices of the Codes pane's system filter: every system (nil), then each system that can be searched.
    public var codeSystemChoices: [CodeSystem?] {
        [nil] + (codeStore?.systems ?? [.icd9cm, .icd9proc])
    }

    /// Number of results in the Codes pane's list.
    public var codeResultCount: Int {
        codeStore == nil ? codes.results.count : codes.hits.count
    }

    /// The search the Codes pane's query and filter call for, or nil without a store or with an empty query.
    public var requestedCodeSearch: CodeSearchRequest? {
        guard codeStore != nil, !codes.query.isEmpty else { return nil }
        return CodeSearchRequest(query: codes.query, system: codes.systemFilter)
    }

    /// The store code selected in the Codes pane, or nil without a store or results.
    public var selectedStoreCode: CodeKey? {
        guard codeStore != nil, codes.hits.indices.contains(codes.selected) else { return nil }
        let hit = codes.hits[codes.selected]
        return CodeKey(system: hit.system, code: hit.code)
    }

    /// The patient selected in the Dataset pane, or nil when the list is empty.
    public var selectedPatient: PatientRow? {
        guard let snapshot, dataset.visible.indices.contains(dataset.selected) else { return nil }
        return snapshot.patients[dataset.visible[dataset.selected]]
    }
}
