import Foundation

/// One metric as the trainer reports it: a value, or the reason it is undefined on this data
/// (for example ROC AUC when the labels hold a single class).
public struct MetricEntry: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double?
    public var undefinedReason: String?

    public init(name: String, value: Double?, undefinedReason: String? = nil) {
        self.name = name
        self.value = value
        self.undefinedReason = undefinedReason
    }
}

/// The trainer's summary of one finished epoch.
public struct EpochSummary: Sendable, Codable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    /// Validation loss and metrics; empty when there is no validation split.
    public var validation: [MetricEntry]
    /// Whether this epoch improved the monitored metric and was saved as `best`.
    public var isBest: Bool
    public var seconds: Double
}

/// A step in a run's progress, published as it trains. Observers receive these on the training thread, in order.
public enum TrainingEvent: Sendable, Equatable {
    case started(model: String, task: String, epochs: Int, stepsPerEpoch: Int, trainSamples: Int, validationSamples: Int, testSamples: Int)
    case step(epoch: Int, step: Int, stepsPerEpoch: Int, loss: Double)
    case epochEnded(EpochSummary)
    case checkpointSaved(kind: CheckpointKind, epoch: Int, path: String)
    case earlyStopped(epoch: Int, patience: Int)
    case finished(test: [MetricEntry], bestEpoch: Int?)
    case failed(message: String)
}

public enum CheckpointKind: String, Sendable, Codable {
    case best
    case last
}

/// Receives training events. The trainer calls it synchronously on the training thread, so an observer that
/// feeds a UI copies what it needs into its own mailbox and returns quickly.
public protocol TrainingObserver: AnyObject, Sendable {
    func trainer(didPublish event: TrainingEvent)
}
