import Autograd
import Foundation
import HealthData
import HealthModels
import Metrics
import NeuralNet
import Synchronization

/// Supplies the batches of one split. `batches(epoch:)` may reshuffle per epoch.
public protocol BatchProvider {
    var sampleCount: Int { get }
    var batchCount: Int { get }
    func epochBatches(_ epoch: Int) -> AnySequence<Batch>
}

/// A fixed list of batches, for evaluation splits and tests.
public struct FixedBatches: BatchProvider {
    public let list: [Batch]
    public init(_ list: [Batch]) { self.list = list }
    public var sampleCount: Int { list.reduce(0) { $0 + $1.size } }
    public var batchCount: Int { list.count }
    public func epochBatches(_ epoch: Int) -> AnySequence<Batch> { AnySequence(list) }
}

/// A data loader is a batch provider; with `prefetch` on, the next batch is built while the model trains.
extension BatchLoader: BatchProvider {
    public var sampleCount: Int { indices.count }
    public func epochBatches(_ epoch: Int) -> AnySequence<Batch> { AnySequence(batches(epoch: epoch)) }
}

public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(String)
    case nonFiniteLoss(epoch: Int, step: Int)
    case nonFiniteOutput(epoch: Int, split: String)
    case cancelled
    case checkpointFailed(String)
    case metricsFailed(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return message
        case let .nonFiniteLoss(epoch, step):
            return "training diverged: the loss, the model outputs or the gradients became NaN or infinite at epoch \(epoch), step \(step); lower the learning rate or set a maximum gradient norm"
        case let .nonFiniteOutput(epoch, split):
            return "the model's outputs on the \(split) split became NaN or infinite after epoch \(epoch); lower the learning rate or set a maximum gradient norm"
        case .cancelled:
            return "training was cancelled"
        case .checkpointFailed(let message):
            return "failed to save a checkpoint: \(message)"
        case .metricsFailed(let message):
            return "failed to compute metrics: \(message)"
        }
    }
}

/// Labels, probabilities and mean loss of a model over one split, as PyHealth's `Trainer.inference` returns them.
public struct InferenceResult: Sendable {
    /// Binary: 0/1 per sample. Multiclass: the class index per sample.
    public var labels: [Int]
    /// Row-major `[samples, outputSize]`: P(y = 1) for binary, class probabilities for multiclass.
    public var probabilities: [Float]
    public var outputSize: Int
    /// Mean of the per-batch mean losses, as PyHealth averages them.
    public var loss: Double
    public var patientIDs: [String]
    public var sampleIndices: [Int]
}

/// The outcome of `Trainer.train`.
public struct TrainingResult: Sendable {
    public var epochs: [EpochSummary]
    public var bestEpoch: Int?
    public var test: [MetricEntry]
    public var stoppedEarly: Bool
    /// The reason the monitored metric had no value when it was undefined in every epoch, so no best epoch exists.
    public var monitorUndefinedReason: String?
}
