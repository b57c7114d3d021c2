import HealthModels
import Training

/// A hyper-parameter of the Training pane that `+` and `-` change.
public enum TrainingParameter: String, Sendable, CaseIterable {
    case model
    case epochs
    case batchSize = "batch"
    case learningRate = "lr"
    case monitor
}

/// The settings of a training run started from the Training pane.
public struct TrainingSettings: Sendable, Equatable {
    public var model = ModelKind.transformer
    public var epochs = 5
    public var batchSize = 32
    public var learningRate = 1e-3
    public var monitor = "pr_auc"
    public var seed: UInt64 = 42

    /// Monitors offered for binary tasks, PyHealth's metric names.
    public static let monitors = ["pr_auc", "roc_auc", "accuracy", "f1_macro", "loss"]
    /// Learning rates offered, from slow to fast.
    public static let learningRates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]
    public static let batchSizes = [8, 16, 32, 64, 128]
}

/// The Training pane: settings, and the live record of the current or last run, built from `TrainingEvent`s.
public struct TrainingPaneState: Sendable {
    public var settings = TrainingSettings()
    /// Row of `TrainingParameter.allCases` that `+` and `-` change.
    public var selectedParameter = 0
    public var running = false
    public var model = ""
    public var taskName = ""
    public var totalEpochs = 0
    public var stepsPerEpoch = 0
    public var currentEpoch = 0
    public var currentStep = 0
    /// Loss of every step, in order, for the loss chart.
    public var stepLosses: [Double] = []
    public var epochs: [EpochSummary] = []
    public var bestEpoch: Int?
    public var test: [MetricEntry]?
    public var failure: String?
    /// Seconds since the run started, from the job's clock at the last event; the ETA extrapolates it.
    public var elapsedSeconds = 0.0
    public var samples: (train: Int, validation: Int, test: Int) = (0, 0, 0)
    /// The line shown before any run has started.
    public var idleHint = "Enter trains on the Task pane's samples"

    /// Fraction of all steps done, 0...1.
    public var progress: Double {
        let total = totalEpochs * stepsPerEpoch
        guard total > 0 else { return 0 }
        let done = max(0, currentEpoch - 1) * stepsPerEpoch + currentStep
        return min(1, Double(done) / Double(total))
    }

    /// Seconds left at the pace so far, or nil before the first step.
    public var etaSeconds: Double? {
        guard progress > 0, progress < 1 else { return nil }
        return elapsedSeconds * (1 - progress) / progress
    }

    /// Returns the validation `metric` per finished epoch, NaN where it was undefined.
    public func validationSeries(_ metric: String) -> [Double] {
        epochs.map { summary in summary.validation.first { $0.name == metric }?.value ?? .nan }
    }
}
