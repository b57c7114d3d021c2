import HealthData
import MedCode
import Training

/// News that background jobs publish for the UI thread.
public enum WorkbenchMessage: Sendable {
    case loadProgress(LoadProgress)
    case loadDiagnostic(String)
    case loaded(DatasetSnapshot)
    case loadFailed(String)
    case taskBuilt(TaskResult)
    case taskFailed(name: String, message: String)
    /// A training event and the seconds since the run started.
    case training(TrainingEvent, elapsedSeconds: Double)
    case codeStoreOpened(CodeStoreSession)
    /// The store opener found no store; the Codes pane keeps the dataset's dictionaries.
    case codeStoreAbsent
    case codeStoreFailed(String)
    case codeSearchFinished(CodeSearchRequest, [SearchHit])
    case codeDetailLoaded(CodeDetail)
}

/// Work the reducer requests from the session, so the reducer itself stays free of threads and I/O.
public enum WorkbenchEffect: Sendable, Equatable {
    case quit
    case buildTask(name: String, readmissionWindowDays: Double)
    /// Trains on the built task whose `ClinicalTask.identity` is `task`.
    case startTraining(task: String, settings: TrainingSettings)
    case stopTraining
    /// Searches the code store's index on a background job.
    case searchCodes(CodeSearchRequest)
    /// Loads the details of a store code on a background job.
    case loadCodeDetail(CodeKey)
}
