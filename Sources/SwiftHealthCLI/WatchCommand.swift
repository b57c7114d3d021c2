import Foundation
import Workbench

/// `swifthealth watch DIR`: the Training pane of a run that `swifthealth train --run-dir DIR` writes, live or as a replay.
enum WatchCommand {
    static let specs = [
        OptionSpec(name: "theme", valueName: "NAME", help: "colour theme: the name of a file in themes/ without '.theme'"),
        OptionSpec(name: "help", valueName: nil, help: "show this help"),
    ]

    static func run(_ arguments: [String], console: Console) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            console.print(helpText(
                usage: "swifthealth watch DIR [--theme NAME]",
                summary: """
                    Shows the training of the run in DIR (the folder given to 'swifthealth train --run-dir') as it \
                    happens, from its events.jsonl: loss and validation charts, progress with ETA, the epoch table \
                    and the test metrics. A run that has already ended is shown as a replay. It only reads the \
                    folder, so several watchers may follow one run. q quits.
                    """,
                specs: specs))
            return
        }
        let options = try ParsedOptions(command: "watch", arguments: arguments, specs: specs, maxPositionals: 1)
        guard let path = options.positionals.first else {
            throw CommandError.usage("'watch' needs the run folder: swifthealth watch DIR (the folder given to 'swifthealth train --run-dir')")
        }
        let directory = try runDirectory(path)
        try WorkbenchCommand.requireTerminal()
        let session = WatchSession(
            runDirectory: directory, runName: path, theme: options.string("theme"),
            themeDirectories: WorkbenchCommand.themeDirectories(), environment: ProcessInfo.processInfo.environment)
        try WorkbenchCommand.runInTerminal(session)
    }

    /// Returns the folder at `path` when it looks like a run folder, else throws a runtime error that names the problem.
    static func runDirectory(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CommandError.runtime("run folder not found: \(url.path); pass the folder given to 'swifthealth train --run-dir'")
        }
        guard isDirectory.boolValue else {
            throw CommandError.runtime("\(url.path) is a file, not a run folder; pass the folder given to 'swifthealth train --run-dir'")
        }
        let runFiles = ["events.jsonl", "config.json"]
        guard runFiles.contains(where: { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }) else {
            throw CommandError.runtime(
                "\(url.path) is not a training run folder: events.jsonl and config.json are both missing; start a run there with 'swifthealth train ... --run-dir \(path)'")
        }
        return url
    }
}
