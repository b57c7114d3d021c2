import Foundation
import HealthData
import HealthModels
import Synchronization
import Training

/// The trainer of the running job, so the UI thread can cancel it.
final class TrainerSlot: Sendable {
    private let trainer = Mutex<Trainer?>(nil)

    func set(_ value: Trainer?) {
        trainer.withLock { $0 = value }
    }

    func cancel() {
        trainer.withLock { $0?.cancel() }
    }
}

/// Forwards trainer events into the workbench mailbox with the seconds since the run started.
final class MailboxTrainingObserver: TrainingObserver {
    private let publish: @Sendable (WorkbenchMessage) -> Void
    private let started = DispatchTime.now()

    init(publish: @escaping @Sendable (WorkbenchMessage) -> Void) {
        self.publish = publish
    }

    func trainer(didPublish event: TrainingEvent) {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        publish(.training(event, elapsedSeconds: elapsed))
    }
}

/// Trains a model on a built task's samples the way `swifthealth train` does: split by patient 80/10/10,
/// vocabularies fitted on the training split, then `Trainer` with the pane's settings. Nothing is written to disk.
enum TrainingJob {
    static func start(on jobs: JobRunner<WorkbenchMessage>, samples: SampleSet, settings: TrainingSettings, slot: TrainerSlot) {
        jobs.start("training") { publish in
            do {
                let split = try splitByPatient(samples, ratios: [0.8, 0.1, 0.1], seed: settings.seed)
                guard !split.train.isEmpty else {
                    publish(.training(.failed(message: "the training split is empty (\(samples.count) samples)"), elapsedSeconds: 0))
                    return
                }
                let processor = try SampleProcessor.fit(samples, trainingIndices: split.train)
                let encoded = try processor.encode(samples)
                let trainBatches = try BatchLoader(samples: encoded, indices: split.train, batchSize: settings.batchSize, shuffle: true, seed: settings.seed)
                let validation = split.validation.isEmpty ? nil : try BatchLoader(samples: encoded, indices: split.validation, batchSize: settings.batchSize)
                let test = split.test.isEmpty ? nil : try BatchLoader(samples: encoded, indices: split.test, batchSize: settings.batchSize)
                let model = try settings.model.make(schema: processor.schema, seed: settings.seed)

                var configuration = TrainerConfiguration()
                configuration.epochs = settings.epochs
                configuration.learningRate = Float(settings.learningRate)
                // A binary metric cannot rank a multiclass task (and the reverse), so a monitor that does not fit
                // the task falls back to the task's usual one: pr_auc for binary, accuracy for multiclass.
                let validMonitors = Trainer.metricNames(for: processor.schema.label) + ["loss"]
                configuration.monitor = validMonitors.contains(settings.monitor)
                    ? settings.monitor : (processor.schema.label == .binary ? "pr_auc" : "accuracy")
                let trainer = try Trainer(model: model, configuration: configuration, observers: [MailboxTrainingObserver(publish: publish)])
                slot.set(trainer)
                defer { slot.set(nil) }
                _ = try trainer.train(train: trainBatches, validation: validation, test: test, taskName: samples.taskName)
            } catch {
                // The trainer publishes `.failed` itself for errors inside `train`; this covers the set-up steps.
                publish(.training(.failed(message: String(describing: error)), elapsedSeconds: 0))
            }
        }
    }
}
