import Autograd
import Foundation
import HealthData
import HealthModels
import Metrics
import NeuralNet
import Synchronization

/// Trains a model epoch by epoch, evaluates it, keeps the best and last checkpoints and publishes events,
/// following PyHealth's `Trainer.train` loop.
///
/// Each epoch: a pass over the training batches (forward, backward, optional gradient clipping, optimizer
/// step), the mean training loss, `last.safetensors`, the validation metrics, then `best.safetensors` when the
/// monitored metric improves. Training stops early after `patience` epochs without improvement. At the end the
/// best state is reloaded (when there was one) and the test split is evaluated.
public final class Trainer: @unchecked Sendable {
    public let model: any HealthModel
    public let configuration: TrainerConfiguration
    /// Folder for `last.safetensors` and `best.safetensors`; nil keeps the best state in memory only.
    public let runDirectory: URL?

    private let observers: [any TrainingObserver]
    private let cancelFlag = Atomic<Bool>(false)
    private let optimizer: any Optimizer

    /// - Throws: `TrainingError.invalidConfiguration` for a monitor the label kind has no metric for,
    ///   or a non-positive epoch count or learning rate.
    public init(
        model: any HealthModel, configuration: TrainerConfiguration = TrainerConfiguration(),
        runDirectory: URL? = nil, observers: [any TrainingObserver] = []
    ) throws {
        self.model = model
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.observers = observers

        guard configuration.epochs >= 1 else {
            throw TrainingError.invalidConfiguration("epochs must be at least 1, got \(configuration.epochs)")
        }
        guard configuration.learningRate > 0, configuration.learningRate.isFinite else {
            throw TrainingError.invalidConfiguration("the learning rate must be a positive number, got \(configuration.learningRate)")
        }
        if let monitor = configuration.monitor {
            let valid = Trainer.metricNames(for: model.schema.label) + ["loss"]
            guard valid.contains(monitor) else {
                throw TrainingError.invalidConfiguration(
                    "monitor '\(monitor)' is not a metric of a \(Trainer.labelDescription(model.schema.label)) task; choose one of: \(valid.joined(separator: ", "))")
            }
        }

        let groups = ParameterGroup.splitForWeightDecay(model.namedParameters(), weightDecay: configuration.weightDecay)
        switch configuration.optimizer {
        case .adam: optimizer = Adam(groups: groups, learningRate: configuration.learningRate)
        case .adamw: optimizer = AdamW(groups: groups, learningRate: configuration.learningRate)
        case .sgd: optimizer = SGD(groups: groups, learningRate: configuration.learningRate)
        }
    }

    /// Asks a running `train` call to stop after the current batch; it then throws `TrainingError.cancelled`.
    public func cancel() {
        cancelFlag.store(true, ordering: .relaxed)
    }

    /// The metrics evaluated for this model's label kind, always including the monitored one.
    public var metricNames: [String] {
        var names = configuration.metrics ?? Trainer.defaultMetrics(for: model.schema.label)
        if let monitor = configuration.monitor, monitor != "loss", !names.contains(monitor) {
            names.append(monitor)
        }
        return names
    }

    // MARK: - Training

    /// Runs the configured epochs. On failure it publishes `.failed` and rethrows.
    public func train(
        train: any BatchProvider, validation: (any BatchProvider)? = nil, test: (any BatchProvider)? = nil,
        taskName: String = ""
    ) throws -> TrainingResult {
        do {
            return try runTraining(train: train, validation: validation, test: test, taskName: taskName)
        } catch {
            publish(.failed(message: "\(error)"))
            throw error
        }
    }

    private func runTraining(
        train: any BatchProvider, validation: (any BatchProvider)?, test: (any BatchProvider)?, taskName: String
    ) throws -> TrainingResult {
        publish(.started(
            model: model.name, task: taskName, epochs: configuration.epochs, stepsPerEpoch: train.batchCount,
            trainSamples: train.sampleCount, validationSamples: validation?.sampleCount ?? 0,
            testSamples: test?.sampleCount ?? 0))

        let direction = configuration.monitor.map { configuration.monitorCriterion ?? MetricDirection.forMetric($0) ?? .maximize }
        var bestScore: Double?
        var bestEpoch: Int?
        var bestState: [(name: String, tensor: Tensor)]?
        var epochsWithoutImprovement = 0
        var summaries: [EpochSummary] = []
        var stoppedEarly = false
        var monitorUndefinedReason: String?

        for epoch in 1...configuration.epochs {
            let started = Date()
            let trainLoss = try runEpoch(epoch: epoch, batches: train.epochBatches(epoch - 1), stepsPerEpoch: train.batchCount)
            try saveCheckpoint(.last, epoch: epoch)

            var validationEntries: [MetricEntry] = []
            var isBest = false
            if let validation {
                let result = try inference(validation)
                guard result.probabilities.allSatisfy(\.isFinite) else {
                    throw TrainingError.nonFiniteOutput(epoch: epoch, split: "validation")
                }
                validationEntries = try evaluate(result)
                if let monitor = configuration.monitor, let direction {
                    let entry = validationEntries.first { $0.name == monitor }
                    if let entry, entry.value == nil {
                        // An undefined metric (one class in the validation split) is neither an improvement nor a
                        // missed one, so it does not count towards the patience either.
                        monitorUndefinedReason = entry.undefinedReason ?? "no value"
                    } else if let score = entry?.value, bestScore.map({ direction.isImprovement(score, over: $0) }) ?? true {
                        bestScore = score
                        bestEpoch = epoch
                        isBest = true
                        epochsWithoutImprovement = 0
                        bestState = model.stateDict().map { ($0.name, $0.tensor.copy()) }
                        try saveCheckpoint(.best, epoch: epoch)
                    } else {
                        epochsWithoutImprovement += 1
                    }
                }
            }

            let summary = EpochSummary(
                epoch: epoch, trainLoss: trainLoss, validation: validationEntries, isBest: isBest,
                seconds: Date().timeIntervalSince(started))
            summaries.append(summary)
            publish(.epochEnded(summary))

            if let patience = configuration.patience, configuration.monitor != nil, epochsWithoutImprovement >= patience {
                publish(.earlyStopped(epoch: epoch, patience: patience))
                stoppedEarly = true
                break
            }
        }

        if configuration.loadBestModelAtLast, let bestState {
            let state = Dictionary(bestState.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
            try withNoGrad { try model.loadStateDict(state) }
        }

        var testEntries: [MetricEntry] = []
        if let test {
            let result = try inference(test)
            guard result.probabilities.allSatisfy(\.isFinite) else {
                throw TrainingError.nonFiniteOutput(epoch: summaries.count, split: "test")
            }
            testEntries = try evaluate(result)
        }
        publish(.finished(test: testEntries, bestEpoch: bestEpoch))
        return TrainingResult(
            epochs: summaries, bestEpoch: bestEpoch, test: testEntries, stoppedEarly: stoppedEarly,
            monitorUndefinedReason: bestEpoch == nil ? monitorUndefinedReason : nil)
    }

    /// One pass over `batches`; returns the mean of the batch losses.
    private func runEpoch(epoch: Int, batches: AnySequence<Batch>, stepsPerEpoch: Int) throws -> Double {
        model.train()
        var lossSum = 0.0
        var steps = 0
        for (index, batch) in batches.enumerated() {
            if cancelFlag.load(ordering: .relaxed) { throw TrainingError.cancelled }

            optimizer.zeroGrad()
            let output = try model.forward(batch, training: true)
            let loss = Double(output.loss.scalar)

            // A diverged model can produce NaN logits whose loss still reads as a finite number, so the
            // logits are checked too. NaN weights from a bad step show up in the next step's logits.
            guard loss.isFinite, output.logits.scalars.allSatisfy(\.isFinite) else {
                throw TrainingError.nonFiniteLoss(epoch: epoch, step: index + 1)
            }
            output.loss.backward()
            if let maxGradNorm = configuration.maxGradNorm {
                let gradientNorm = clipGradientNorm(model.parameters(), maxNorm: maxGradNorm)
                guard gradientNorm.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, step: index + 1) }
            }
            optimizer.step()

            lossSum += loss
            steps += 1
            publish(.step(epoch: epoch, step: index + 1, stepsPerEpoch: stepsPerEpoch, loss: loss))
        }
        optimizer.zeroGrad()
        return steps == 0 ? .nan : lossSum / Double(steps)
    }

    private func saveCheckpoint(_ kind: CheckpointKind, epoch: Int) throws {
        guard let runDirectory else { return }
        let url = runDirectory.appendingPathComponent("\(kind.rawValue).safetensors")
        do {
            try SafeTensors.write(
                model.stateDict(), metadata: ["epoch": "\(epoch)", "model": model.name, "format": "pt"], to: url)
        } catch {
            throw TrainingError.checkpointFailed("\(error)")
        }
        publish(.checkpointSaved(kind: kind, epoch: epoch, path: url.path))
    }

    private func publish(_ event: TrainingEvent) {
        for observer in observers {
            observer.trainer(didPublish: event)
        }
    }
}
