import HealthModels
import Training

extension WorkbenchReducer {
    /// Takes in one message from a background job.
    public static func reduce(_ state: inout WorkbenchState, _ message: WorkbenchMessage) {
        switch message {
        case .loadProgress(let progress):
            // The loader reports "cache" at 0% before it reads the cache. Progress of a real table means the cache
            // was missed, so its row would stay at 0% for the rest of the load.
            if progress.table != "cache" { state.dataset.tableProgress["cache"] = nil }
            state.dataset.tableProgress[progress.table] = progress.fraction
            state.dataset.overallProgress = progress.overallFraction
        case .loadDiagnostic(let text):
            state.messages.append(text)
        case .loaded(let snapshot):
            state.snapshot = snapshot
            state.load = .loaded
            // Notes such as "building the cache" describe the load, so they leave the status line once it is done.
            state.messages.removeAll { $0.hasPrefix("info: ") }
            state.dataset.overallProgress = 1
            refreshPatientList(&state)
            refreshCodeResults(&state)
        case .loadFailed(let text):
            state.load = .failed(text)
            state.messages.append(loadFailureStatus(text))
        case .taskBuilt(let result):
            state.task.results[result.samples.taskIdentity] = result
            state.task.building = nil
            state.task.error = nil
        case .taskFailed(let name, let text):
            state.task.building = nil
            state.task.error = "\(name): \(text)"
            state.messages.append("task \(name) failed: \(text)")
        case .training(let event, let elapsed):
            state.training.elapsedSeconds = elapsed
            applyTrainingEvent(&state.training, event)
        case .codeStoreOpened, .codeStoreAbsent, .codeStoreFailed, .codeSearchFinished, .codeDetailLoaded:
            reduceCodeStore(&state, message)
        }
        clampAll(&state)
    }

    /// Returns the status line of a failed load with the advice first, so a narrow line still shows what to do.
    ///
    /// Data errors end in one sentence of advice after `. ` (see `HealthDataError.description`). Text without that
    /// form is returned whole after `load failed: `.
    static func loadFailureStatus(_ text: String) -> String {
        guard let split = text.range(of: ". ", options: .backwards), !text[split.upperBound...].isEmpty else {
            return "load failed: \(text)"
        }
        return "load failed: \(text[split.upperBound...]) Reason: \(text[..<split.lowerBound])."
    }

    static func applyTrainingEvent(_ training: inout TrainingPaneState, _ event: TrainingEvent) {
        switch event {
        case .started(let model, let task, let epochs, let stepsPerEpoch, let trainSamples, let validationSamples, let testSamples):
            training.running = true
            training.model = model
            training.taskName = task
            training.totalEpochs = epochs
            training.stepsPerEpoch = stepsPerEpoch
            training.currentEpoch = 0
            training.currentStep = 0
            training.stepLosses = []
            training.epochs = []
            training.bestEpoch = nil
            training.test = nil
            training.failure = nil
            training.samples = (trainSamples, validationSamples, testSamples)
        case .step(let epoch, let step, let stepsPerEpoch, let loss):
            training.currentEpoch = epoch
            training.currentStep = step
            training.stepsPerEpoch = stepsPerEpoch
            training.stepLosses.append(loss)
        case .epochEnded(let summary):
            training.epochs.append(summary)
            if summary.isBest { training.bestEpoch = summary.epoch }
        case .checkpointSaved, .earlyStopped:
            break
        case .finished(let test, let bestEpoch):
            training.running = false
            training.test = test
            if let bestEpoch { training.bestEpoch = bestEpoch }
            training.currentStep = training.stepsPerEpoch
            training.currentEpoch = max(training.currentEpoch, training.epochs.count)
        case .failed(let message):
            training.running = false
            training.failure = message
        }
    }

    /// Training pane commands: `h`/`l` (and `k`/`j`) pick a setting, `+`/`-` change it, Enter starts or stops a run.
    static func applyInTraining(_ state: inout WorkbenchState, _ command: WorkbenchCommand) -> [WorkbenchEffect] {
        switch command {
        case .left: state.training.selectedParameter -= 1
        case .right: state.training.selectedParameter += 1
        case .top: state.training.selectedParameter = 0
        case .bottom: state.training.selectedParameter = TrainingParameter.allCases.count - 1
        case .increase, .decrease:
            guard !state.training.running else { return [] }
            let parameter = TrainingParameter.allCases[min(max(0, state.training.selectedParameter), TrainingParameter.allCases.count - 1)]
            change(&state.training.settings, parameter, by: command == .increase ? 1 : -1)
        case .activate:
            if state.training.running { return [.stopTraining] }
            guard let result = state.task.selectedResult else {
                state.training.failure = "build a task first: focus the Task pane (3) and press Enter"
                return []
            }
            state.training.failure = nil
            state.training.running = true
            return [.startTraining(task: result.samples.taskIdentity, settings: state.training.settings)]
        default:
            break
        }
        return []
    }

    /// Steps `parameter` one place up or down its list of choices, stopping at the ends.
    static func change(_ settings: inout TrainingSettings, _ parameter: TrainingParameter, by step: Int) {
        func stepped<T: Equatable>(_ list: [T], _ value: T) -> T {
            let index = list.firstIndex(of: value) ?? 0
            return list[min(max(0, index + step), list.count - 1)]
        }
        switch parameter {
        case .model: settings.model = stepped(ModelKind.allCases, settings.model)
        case .epochs: settings.epochs = min(max(1, settings.epochs + step), 100)
        case .batchSize: settings.batchSize = stepped(TrainingSettings.batchSizes, settings.batchSize)
        case .learningRate: settings.learningRate = stepped(TrainingSettings.learningRates, settings.learningRate)
        case .monitor: settings.monitor = stepped(TrainingSettings.monitors, settings.monitor)
        }
    }
}
