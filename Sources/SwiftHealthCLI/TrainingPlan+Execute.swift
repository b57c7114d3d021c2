import Foundation
import HealthData
import HealthModels
import Training

extension TrainingPlan {
    func execute(console standardConsole: Console) throws {
        // With `--json -` standard output carries only the JSON, so the human-readable report moves to standard error.
        let console = jsonPath == "-" ? standardConsole.reportingToError : standardConsole

        // Output locations are checked before any data is read, so a bad path never costs a training run.
        if let jsonPath, jsonPath != "-" { try checkWritable(jsonPath) }
        let runLock = try runDirectory.map { try RunDirectoryLock(directory: $0, overwrite: overwrite) }
        defer { runLock?.release() }

        // Load only the tables the task reads.
        let loadStart = Date()
        let dataset = try selection.load(tables: task.requiredTables, task: task, console: console)
        let loadSeconds = Date().timeIntervalSince(loadStart)

        let taskStart = Date()
        let sampleSet = try dataset.setTask(task)
        let taskSeconds = Date().timeIntervalSince(taskStart)
        guard sampleSet.count > 0 else {
            throw CommandError.runtime("task \(sampleSet.taskIdentity) produced no samples from \(selection.root.path); check that the tables hold admissions with diagnoses, procedures and prescriptions")
        }

        let split: DataSplit
        switch splitBy {
        case "visit": split = try splitByVisit(sampleSet, ratios: ratios, seed: seed)
        case "sample": split = try splitBySample(sampleSet, ratios: ratios, seed: seed)
        default: split = try splitByPatient(sampleSet, ratios: ratios, seed: seed)
        }
        guard !split.train.isEmpty else {
            throw CommandError.runtime("the training split is empty (\(sampleSet.count) samples, ratios \(ratios)); use more data or a larger training ratio")
        }

        // Vocabularies are fitted on the training split only, so validation and test codes unseen in training map to <unk>.
        let processor = try SampleProcessor.fit(sampleSet, trainingIndices: split.train)
        let encoded = try processor.encode(sampleSet)
        let trainLoader = try BatchLoader(samples: encoded, indices: split.train, batchSize: batchSize, shuffle: true, seed: seed, prefetch: true)
        let validationLoader = split.validation.isEmpty ? nil : try BatchLoader(samples: encoded, indices: split.validation, batchSize: batchSize)
        let testLoader = split.test.isEmpty ? nil : try BatchLoader(samples: encoded, indices: split.test, batchSize: batchSize)

        let model = try modelKind.make(schema: processor.schema, seed: seed, options: modelOptions)

        var observers: [any TrainingObserver] = []
        if !quiet { observers.append(ConsoleProgress(console: console, monitor: trainer.monitor)) }
        var eventLog: EventLog?
        if let runDirectory {
            try prepareRunDirectory(runDirectory, processor: processor, sampleSet: sampleSet, split: split)
            let log = try EventLog(runDirectory: runDirectory)
            eventLog = log
            observers.append(log)
        }
        defer { eventLog?.close() }

        if !quiet {
            console.print("task     \(sampleSet.taskIdentity): \(sampleSet.count) samples (train \(split.train.count), val \(split.validation.count), test \(split.test.count))")
            console.print("model    \(model.name), \(model.parameterCount) parameters; vocabularies \(processor.schema.features.map { "\($0.name) \($0.vocabularySize)" }.joined(separator: ", "))")
        }

        let trainingStart = Date()
        let trainer = try Trainer(model: model, configuration: self.trainer, runDirectory: runDirectory, observers: observers)
        let result = try trainer.train(train: trainLoader, validation: validationLoader, test: testLoader, taskName: sampleSet.taskName)
        let trainSeconds = Date().timeIntervalSince(trainingStart)

        printTestMetrics(result, console: console)
        if let reason = result.monitorUndefinedReason, let monitor = self.trainer.monitor {
            console.log("warning: the monitor '\(monitor)' was undefined on the validation split in every epoch (\(reason)); no best checkpoint was kept and the test metrics come from the last epoch. A larger validation split (--ratios) or --monitor loss avoids this.")
        }

        let results = resultsObject(
            sampleSet: sampleSet, split: split, modelName: model.name, result: result,
            timing: ["load_s": loadSeconds, "task_s": taskSeconds, "train_s": trainSeconds])
        if let runDirectory {
            try writeJSON(results, to: runDirectory.appendingPathComponent("results.json").path, console: console)
        }
        if let jsonPath {
            try writeJSON(results, to: jsonPath, console: standardConsole)
        }
    }

    private func prepareRunDirectory(_ directory: URL, processor: SampleProcessor, sampleSet: SampleSet, split: DataSplit) throws {
        try processor.save(to: directory.appendingPathComponent("vocab.json"))
        let config: [String: Any] = [
            "dataset": selection.dataset, "root": selection.root.path, "task": sampleSet.taskIdentity,
            "model": modelKind.rawValue, "epochs": trainer.epochs, "batch_size": batchSize,
            "learning_rate": learningRateText.flatMap(Double.init) ?? Double(trainer.learningRate), "optimizer": trainer.optimizer.rawValue,
            "weight_decay": Double(trainer.weightDecay), "max_grad_norm": trainer.maxGradNorm.map { Double($0) } ?? NSNull(),
            "monitor": trainer.monitor ?? NSNull(), "patience": trainer.patience ?? NSNull(), "split": splitBy,
            "ratios": ratios, "seed": seed, "embedding_dim": modelOptions.embeddingDimension,
            "hidden_dim": modelOptions.hiddenDimension, "dropout": Double(modelOptions.dropout),
            "samples": ["train": split.train.count, "val": split.validation.count, "test": split.test.count],
        ]
        try writeJSON(config, to: directory.appendingPathComponent("config.json").path, console: Console(output: { _ in }, error: { _ in }))
    }

    private func printTestMetrics(_ result: TrainingResult, console: Console) {
        guard !result.test.isEmpty else {
            console.print("test     no test split")
            return
        }
        let text = result.test.map { entry in
            entry.value.map { String(format: "%@ %.4f", entry.name, $0) } ?? "\(entry.name) undefined (\(entry.undefinedReason ?? "no value"))"
        }.joined(separator: "  ")
        console.print("test     \(text)")
        if let best = result.bestEpoch, !quiet { console.print("best     epoch \(best) by \(trainer.monitor ?? "-")") }
    }

    private func resultsObject(
        sampleSet: SampleSet, split: DataSplit, modelName: String, result: TrainingResult, timing: [String: Double]
    ) -> [String: Any] {
        let labels = Dictionary(uniqueKeysWithValues: sampleSet.labelCounts().map { ("\($0.key)", $0.value) })
        let epochs: [[String: Any]] = result.epochs.map { summary in
            [
                "epoch": summary.epoch, "train_loss": summary.trainLoss.isFinite ? summary.trainLoss : NSNull(),
                "val": metricsObject(summary.validation), "seconds": summary.seconds, "is_best": summary.isBest,
            ]
        }
        return [
            "dataset": selection.dataset, "task": sampleSet.taskName, "task_identity": sampleSet.taskIdentity,
            "model": modelKind.rawValue,
            "samples": [
                "total": sampleSet.count, "train": split.train.count, "val": split.validation.count,
                "test": split.test.count, "labels": labels,
            ],
            "epochs": epochs, "test": metricsObject(result.test), "best_epoch": result.bestEpoch ?? NSNull(),
            "monitor": trainer.monitor ?? NSNull(), "stopped_early": result.stoppedEarly,
            "timing": timing, "run_dir": runDirectory?.path ?? NSNull(),
        ]
    }
}

/// Prints one line per epoch (and early stopping) while a run trains.
final class ConsoleProgress: TrainingObserver {
    private let console: Console
    private let monitor: String?

    init(console: Console, monitor: String?) {
        self.console = console
        self.monitor = monitor
    }

    func trainer(didPublish event: TrainingEvent) {
        switch event {
        case .epochEnded(let summary):
            var line = String(format: "epoch %d  train_loss %.4f", summary.epoch, summary.trainLoss)
            for entry in summary.validation {
                line += entry.value.map { String(format: "  %@ %.4f", entry.name, $0) } ?? "  \(entry.name) undefined"
            }
            line += String(format: "  (%.2f s)", summary.seconds)
            if summary.isBest { line += "  * best \(monitor ?? "")" }
            console.print(line)
        case .earlyStopped(let epoch, let patience):
            console.print("stopped early after epoch \(epoch): no improvement of \(monitor ?? "the monitor") for \(patience) epochs")
        default:
            break
        }
    }
}
