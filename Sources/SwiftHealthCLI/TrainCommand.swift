import Foundation
import HealthData
import HealthModels
import Metrics
import Training

/// `swifthealth train`: dataset → task → split → processors → model → trainer → test metrics.
enum TrainCommand {
    static let specs = DatasetSelection.optionSpecs + TaskChoice.optionSpecs + [
        OptionSpec(name: "model", valueName: "NAME", help: "mlp, rnn (GRU), gru, lstm, transformer or retain", isRequired: true),
        OptionSpec(name: "epochs", valueName: "N", help: "passes over the training split", defaultValue: "5"),
        OptionSpec(name: "batch-size", valueName: "N", help: "samples per batch", defaultValue: "32"),
        OptionSpec(name: "lr", valueName: "RATE", help: "learning rate", defaultValue: "1e-3"),
        OptionSpec(name: "optimizer", valueName: "NAME", help: "adam, adamw or sgd", defaultValue: "adam"),
        OptionSpec(name: "weight-decay", valueName: "RATE", help: "weight decay (not applied to biases)", defaultValue: "0"),
        OptionSpec(name: "max-grad-norm", valueName: "NORM", help: "clip the total gradient L2 norm to NORM"),
        OptionSpec(name: "monitor", valueName: "METRIC", help: "validation metric that picks the best epoch (default: pr_auc for binary tasks, accuracy for multiclass)"),
        OptionSpec(name: "patience", valueName: "N", help: "stop after N epochs without improvement of the monitor"),
        OptionSpec(name: "split", valueName: "BY", help: "split by patient, visit or sample", defaultValue: "patient"),
        OptionSpec(name: "ratios", valueName: "T,V,T", help: "train, validation and test fractions", defaultValue: "0.8,0.1,0.1"),
        OptionSpec(name: "seed", valueName: "N", help: "seed of the split, the initial weights, dropout and shuffling", defaultValue: "42"),
        OptionSpec(name: "embedding-dim", valueName: "N", help: "code embedding size", defaultValue: "128"),
        OptionSpec(name: "hidden-dim", valueName: "N", help: "hidden size of RNN and MLP layers", defaultValue: "128"),
        OptionSpec(name: "dropout", valueName: "P", help: "dropout probability (the MLP has no dropout, as in PyHealth)", defaultValue: "0.5"),
        OptionSpec(name: "run-dir", valueName: "DIR", help: "write config.json, events.jsonl, vocab.json, checkpoints and results.json here"),
        OptionSpec(name: "overwrite", valueName: nil, help: "replace the files of an earlier run in --run-dir"),
        OptionSpec(name: "json", valueName: "FILE", help: "write the results as JSON to FILE ('-' for standard output)"),
        OptionSpec(name: "quiet", valueName: nil, help: "print only the test metrics on standard output"),
        OptionSpec(name: "help", valueName: nil, help: "show this help"),
    ]

    static func run(_ arguments: [String], console: Console) throws {
        guard let options = try parseOptions(
            arguments, command: "train", usage: "swifthealth train --dataset mimic3 --root DIR --task NAME --model NAME [options]",
            summary: "Builds a task's samples, splits them, trains a model and reports validation and test metrics.",
            specs: specs, console: console)
        else { return }
        let plan = try TrainingPlan(options)
        try plan.execute(console: console)
    }
}

/// Everything `train` parsed and checked before any data is read, so argument errors exit 2 at once.
struct TrainingPlan {
    let selection: DatasetSelection
    let task: any ClinicalTask
    let modelKind: ModelKind
    let modelOptions: ModelOptions
    var trainer = TrainerConfiguration()
    let batchSize: Int
    let seed: UInt64
    let splitBy: String
    let ratios: [Double]
    let runDirectory: URL?
    let overwrite: Bool
    let jsonPath: String?
    let quiet: Bool
    let learningRateText: String?

    init(_ options: ParsedOptions) throws {
        selection = try DatasetSelection(options)
        task = try TaskChoice.parse(options).makeTask(options)

        let modelName = options.string("model") ?? ""
        guard let kind = ModelKind(name: modelName) else {
            let names = ModelKind.allCases.map(\.rawValue)
            var message = "unknown model '\(modelName)'; expected one of: \(names.joined(separator: ", "))"
            if let suggestion = closestMatch(to: modelName.lowercased(), among: names) { message += " (did you mean '\(suggestion)'?)" }
            throw CommandError.usage(message)
        }
        modelKind = kind
        modelOptions = ModelOptions(
            embeddingDimension: try options.integer("embedding-dim", range: 1...8192) ?? 128,
            hiddenDimension: try options.integer("hidden-dim", range: 1...8192) ?? 128,
            dropout: Float(try options.double("dropout", range: 0...0.99) ?? 0.5))

        trainer.epochs = try options.integer("epochs", range: 1...100_000) ?? 5
        trainer.learningRate = Float(try options.double("lr", range: 1e-12...10) ?? 1e-3)
        learningRateText = options.string("lr")
        trainer.optimizer = OptimizerKind(rawValue: try options.choice("optimizer", from: OptimizerKind.allCases.map(\.rawValue)) ?? "adam") ?? .adam
        trainer.weightDecay = Float(try options.double("weight-decay", range: 0...10) ?? 0)
        trainer.maxGradNorm = try options.double("max-grad-norm", range: 1e-12...1e12).map(Float.init)
        trainer.patience = try options.integer("patience", range: 1...100_000)

        let labelKind = task.labelKind
        let validMetrics = Trainer.metricNames(for: labelKind) + ["loss"]
        let defaultMonitor = labelKind == .binary ? "pr_auc" : "accuracy"
        let monitor = options.string("monitor") ?? defaultMonitor
        guard validMetrics.contains(monitor) else {
            var message = "invalid value '\(monitor)' for '--monitor': not a metric of this task; expected one of: \(validMetrics.joined(separator: ", "))"
            if let suggestion = closestMatch(to: monitor, among: validMetrics) { message += " (did you mean '\(suggestion)'?)" }
            throw CommandError.usage(message)
        }
        trainer.monitor = monitor

        batchSize = try options.integer("batch-size", range: 1...1_000_000) ?? 32
        seed = UInt64(try options.integer("seed", range: 0...Int(Int32.max)) ?? 42)
        splitBy = try options.choice("split", from: ["patient", "visit", "sample"]) ?? "patient"
        let ratioText = options.string("ratios") ?? "0.8,0.1,0.1"
        let parsedRatios = ratioText.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parsedRatios.count == 3, parsedRatios.allSatisfy({ $0 != nil && $0! >= 0 }),
              abs(parsedRatios.reduce(0) { $0 + ($1 ?? 0) } - 1) < 1e-9 else {
            throw CommandError.usage("invalid value '\(ratioText)' for '--ratios': expected three non-negative fractions that sum to 1, such as 0.8,0.1,0.1")
        }
        ratios = parsedRatios.map { $0! }

        for name in ["run-dir", "json"] where options.string(name)?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            throw CommandError.usage("option '--\(name)' needs a non-empty path")
        }
        runDirectory = options.string("run-dir").map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath, isDirectory: true) }
        overwrite = options.flag("overwrite")
        if overwrite, runDirectory == nil {
            throw CommandError.usage("--overwrite applies only together with --run-dir")
        }
        jsonPath = options.string("json")
        quiet = options.flag("quiet")
    }
}
