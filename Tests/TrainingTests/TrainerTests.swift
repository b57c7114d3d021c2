import Autograd
import Foundation
import HealthData
import HealthModels
import NeuralNet
import Synchronization
import TestSupport
import Testing
@testable import Training

/// A toy binary task: code 2 in a sample means label 1, code 3 means label 0, padded to different lengths.
private let toySchema = SampleSchema(
    features: [FeatureSchema(name: "codes", kind: .sequence, vocabularySize: 6)], labelName: "label", label: .binary)

private func toyBatches(count: Int, batchSize: Int, singleClass: Bool = false) -> [Batch] {
    var batches: [Batch] = []
    var sampleIndex = 0
    for _ in 0..<count {
        var indices: [Int32] = []
        var labels: [Float] = []
        for row in 0..<batchSize {
            let positive = singleClass ? true : (sampleIndex + row) % 2 == 0
            // Two real codes then one pad column; code 4 or 5 is noise shared by both classes.
            indices += [positive ? 2 : 3, Int32(4 + row % 2), 0]
            labels.append(positive ? 1 : 0)
        }
        batches.append(Batch(
            features: [CodeBatch(name: "codes", indices: indices, shape: [batchSize, 3])],
            labels: .binary(labels), sampleIndices: Array(sampleIndex..<(sampleIndex + batchSize)),
            patientIDs: (0..<batchSize).map { "p\(sampleIndex + $0)" }))
        sampleIndex += batchSize
    }
    return batches
}

private func toyModel(seed: UInt64 = 7) throws -> any HealthModel {
    try ModelKind.mlp.make(
        schema: toySchema, seed: seed, options: ModelOptions(embeddingDimension: 8, hiddenDimension: 8, dropout: 0))
}

/// Collects every event, for checking order and content.
private final class EventRecorder: TrainingObserver {
    let events = Mutex<[TrainingEvent]>([])
    func trainer(didPublish event: TrainingEvent) { events.withLock { $0.append(event) } }
    var all: [TrainingEvent] { events.withLock { $0 } }
}

/// Cancels the trainer when the first step event arrives.
private final class CancelAfterFirstStep: TrainingObserver {
    let trainer = Mutex<Trainer?>(nil)
    func trainer(didPublish event: TrainingEvent) {
        if case .step = event { trainer.withLock { $0?.cancel() } }
    }
}

struct TrainerTests {
    @Test func trainingLowersLossAndReportsMetrics() throws {
        var configuration = TrainerConfiguration()
        configuration.epochs = 30
        configuration.learningRate = 0.05
        configuration.monitor = "roc_auc"
        let recorder = EventRecorder()
        let trainer = try Trainer(model: try toyModel(), configuration: configuration, observers: [recorder])

        let result = try trainer.train(
            train: FixedBatches(toyBatches(count: 2, batchSize: 8)), validation: FixedBatches(toyBatches(count: 1, batchSize: 8)),
            test: FixedBatches(toyBatches(count: 1, batchSize: 6)))

        // The task is separable by one code, so 30 epochs of Adam must drive the loss far below ln 2.
        let first = try #require(result.epochs.first)
        let last = try #require(result.epochs.last)
        #expect(first.trainLoss > 0.5)
        #expect(last.trainLoss < 0.1)
        #expect(result.test.map(\.name) == ["pr_auc", "roc_auc", "f1", "loss"])
        #expect(result.test.first { $0.name == "roc_auc" }?.value == 1.0)
        #expect(result.bestEpoch != nil)

        // Events: started first, one step per batch, one epoch summary per epoch, finished last.
        let events = recorder.all
        guard case .started(_, _, let epochs, let steps, let trainSamples, let validationSamples, let testSamples) = events.first else {
            Issue.record("first event is not .started: \(String(describing: events.first))")
            return
        }
        #expect(epochs == 30)
        #expect(steps == 2)
        #expect(trainSamples == 16)
        #expect(validationSamples == 8)
        #expect(testSamples == 6)
        #expect(events.filter { if case .step = $0 { return true } else { return false } }.count == 60)
        #expect(events.filter { if case .epochEnded = $0 { return true } else { return false } }.count == 30)
        guard case .finished(let test, _) = events.last else {
            Issue.record("last event is not .finished")
            return
        }
        #expect(test == result.test)
    }

    @Test func undefinedMonitorDoesNotCountTowardsPatience() throws {
        // A validation split with one class leaves pr_auc undefined: that is no improvement, but no missed one
        // either, so training runs every epoch and reports why no best epoch exists.
        var configuration = TrainerConfiguration()
        configuration.epochs = 4
        configuration.monitor = "pr_auc"
        configuration.patience = 2
        let trainer = try Trainer(model: try toyModel(), configuration: configuration)

        let result = try trainer.train(
            train: FixedBatches(toyBatches(count: 1, batchSize: 4)),
            validation: FixedBatches(toyBatches(count: 1, batchSize: 4, singleClass: true)))

        #expect(!result.stoppedEarly)
        #expect(result.epochs.count == 4)
        #expect(result.bestEpoch == nil)
        #expect(result.monitorUndefinedReason != nil)
        let validation = try #require(result.epochs.last?.validation.first { $0.name == "pr_auc" })
        #expect(validation.value == nil)
        #expect(validation.undefinedReason != nil)
    }

    @Test func patienceStopsWhenMonitorStalls() throws {
        // A learning rate of 1e-9 leaves the weights, and so the validation loss, practically unchanged:
        // epoch 1 sets the best, and two epochs without a strictly lower loss stop the run after epoch 3.
        var configuration = TrainerConfiguration()
        configuration.epochs = 10
        configuration.learningRate = 1e-9
        configuration.optimizer = .sgd
        configuration.monitor = "loss"
        configuration.patience = 2
        let trainer = try Trainer(model: try toyModel(), configuration: configuration)

        let result = try trainer.train(
            train: FixedBatches(toyBatches(count: 1, batchSize: 4)), validation: FixedBatches(toyBatches(count: 1, batchSize: 4)))

        #expect(result.stoppedEarly)
        #expect(result.epochs.count <= 3)
        #expect(result.bestEpoch != nil)
    }

    @Test func divergenceStopsTraining() throws {
        // SGD with a learning rate of 1e30 sends the weights past Float.greatestFiniteMagnitude within a few steps.
        // The trainer must then stop with an error instead of reporting a finite loss.
        var configuration = TrainerConfiguration()
        configuration.epochs = 50
        configuration.learningRate = 1e30
        configuration.optimizer = .sgd
        let trainer = try Trainer(model: try toyModel(), configuration: configuration)

        #expect {
            _ = try trainer.train(train: FixedBatches(toyBatches(count: 2, batchSize: 8)))
        } throws: { error in
            guard let error = error as? TrainingError, case .nonFiniteLoss = error else { return false }
            return true
        }
    }

    @Test func bestCheckpointIsReloadedAtEnd() throws {
        let folder = try TestData.temporaryFolder("trainer-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = TrainerConfiguration()
        configuration.epochs = 4
        configuration.learningRate = 0.05
        configuration.monitor = "loss"
        let model = try toyModel()
        let trainer = try Trainer(model: model, configuration: configuration, runDirectory: folder)

        let result = try trainer.train(
            train: FixedBatches(toyBatches(count: 2, batchSize: 8)), validation: FixedBatches(toyBatches(count: 1, batchSize: 8)))

        let best = try SafeTensors.read(from: folder.appendingPathComponent("best.safetensors"))
        let last = try SafeTensors.read(from: folder.appendingPathComponent("last.safetensors"))
        #expect(best.metadata["epoch"] == result.bestEpoch.map(String.init))
        #expect(last.metadata["epoch"] == "4")

        // After training, the model has the best epoch's weights, not the last epoch's.
        for (name, tensor) in model.stateDict() {
            let saved = try #require(best[name], "best.safetensors lacks \(name)")
            #expect(saved.scalars == tensor.scalars, "parameter \(name) differs from the best checkpoint")
        }
    }

    @Test func monitorMustBelongToLabelKind() throws {
        var configuration = TrainerConfiguration()
        configuration.monitor = "f1_macro"
        #expect(throws: TrainingError.self) {
            _ = try Trainer(model: try toyModel(), configuration: configuration)
        }
    }

    @Test func cancelStopsBetweenBatches() throws {
        let canceller = CancelAfterFirstStep()
        let recorder = EventRecorder()
        var configuration = TrainerConfiguration()
        configuration.epochs = 3
        let trainer = try Trainer(model: try toyModel(), configuration: configuration, observers: [canceller, recorder])
        canceller.trainer.withLock { $0 = trainer }

        #expect(throws: TrainingError.cancelled) {
            _ = try trainer.train(train: FixedBatches(toyBatches(count: 3, batchSize: 4)))
        }
        let steps = recorder.all.filter { if case .step = $0 { return true } else { return false } }
        #expect(steps.count == 1)
        guard case .failed(let message) = recorder.all.last else {
            Issue.record("last event is not .failed")
            return
        }
        #expect(message.contains("cancelled"))
    }

    @Test func eventLogWritesOneJSONObjectPerLine() throws {
        let folder = try TestData.temporaryFolder("event-log")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try EventLog(runDirectory: folder)
        var configuration = TrainerConfiguration()
        configuration.epochs = 2
        let trainer = try Trainer(model: try toyModel(), configuration: configuration, observers: [log])
        _ = try trainer.train(train: FixedBatches(toyBatches(count: 2, batchSize: 4)))
        log.close()

        let text = try String(contentsOf: log.url, encoding: .utf8)
        let objects = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let kinds = objects.compactMap { $0["event"] as? String }
        #expect(kinds == ["started", "step", "step", "epoch", "step", "step", "epoch", "finished"])
        #expect(objects.allSatisfy { $0["time"] is Double })
    }
}

struct AtomicWriteTests {
    @Test func writeReplacesExistingFile() throws {
        let folder = try TestData.temporaryFolder("atomic-write")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("results.json")

        try writeAtomically(Data("first".utf8), to: url)
        try writeAtomically(Data("second".utf8), to: url)

        #expect(try String(contentsOf: url, encoding: .utf8) == "second")
        // No temporary file is left beside the target.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["results.json"])
    }
}
