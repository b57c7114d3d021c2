import Autograd
import Foundation
import HealthData

/// The `swifthealth` command line: parses the subcommand and runs it.
public enum SwiftHealthCommand {
    /// The release of this build, printed by `swifthealth --version`.
    public static let version = "0.1.0"

    static let overview = """
        SwiftHealth: clinical machine learning pipelines (dataset, task, model, trainer, metrics) in native Swift.

        usage: swifthealth                       open the workbench on the built-in synthetic cohort
               swifthealth <command> [options]

        commands:
          train          load a dataset, build a task, train and evaluate a model
          samples        build a task and show its samples (all, or one patient's)
          dataset stats  load a dataset and show its tables, patients and events
          workbench      open the interactive terminal workbench on a dataset
          watch          follow a training run's progress from its run folder, live or as a replay
          medcode        import the official code files, then look up, map and search medical codes

        Run 'swifthealth <command> --help' for the options of a command.
        """

    /// Runs the command line `arguments` (without the program name) and returns the exit status:
    /// 0 on success, 1 on a runtime failure (such as missing data), 2 on bad arguments.
    public static func run(_ arguments: [String], console: Console = .standard) -> Int32 {
        // Batch-sized matrix products gain nothing from more OpenBLAS threads, and idle OpenBLAS threads spin
        // and yield on a busy machine (a third of a RETAIN epoch's time in a profile on two shared cores).
        // OPENBLAS_NUM_THREADS still overrides this.
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil {
            BLAS.threadCount = 1
        }

        do {
            try dispatch(arguments, console: console)
            return 0
        } catch let error as CommandError {
            console.log("error: \(error.message)")
            return error.exitStatus
        } catch let error as HealthDataError {
            console.log("error: \(error)")
            return error.kind == .invalidArgument ? 2 : 1
        } catch {
            console.log("error: \(error)")
            return 1
        }
    }

    private static func dispatch(_ arguments: [String], console: Console) throws {
        guard let command = arguments.first else {
            try WorkbenchCommand.runOnSyntheticCohort(console: console)
            return
        }
        let rest = Array(arguments.dropFirst())

        switch command {
        case "-h", "--help", "help":
            console.print(overview)
        case "--version", "version":
            console.print("swifthealth \(version)")
        case "workbench":
            try WorkbenchCommand.run(rest, console: console)
        case "watch":
            try WatchCommand.run(rest, console: console)
        case "train":
            try TrainCommand.run(rest, console: console)
        case "medcode":
            try MedCodeCommand.run(rest, console: console)
        case "samples":
            try SamplesCommand.run(rest, console: console)
        case "dataset":
            if rest.first == "--help" || rest.first == "-h" {
                console.print("usage: swifthealth dataset stats --dataset mimic3 --root DIR [options]\n\nRun 'swifthealth dataset stats --help' for the options.")
                return
            }
            guard let subcommand = rest.first else {
                throw CommandError.usage("'dataset' needs a subcommand: swifthealth dataset stats --dataset mimic3 --root DIR")
            }
            guard subcommand == "stats" else {
                throw CommandError.usage("unknown subcommand 'dataset \(subcommand)'; the only one is 'dataset stats'")
            }
            try DatasetStatsCommand.run(Array(rest.dropFirst()), console: console)
        default:
            var message = "unknown command '\(command)'"
            if let suggestion = closestMatch(to: command, among: ["train", "samples", "dataset", "workbench", "watch", "medcode"]) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "."
            }
            throw CommandError.usage(message + " Run 'swifthealth --help' for the list of commands.")
        }
    }
}
