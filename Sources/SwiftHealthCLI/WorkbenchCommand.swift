import Foundation
import Workbench
import WorkbenchCurses

#if canImport(Glibc)
import Glibc
#endif

/// `swifthealth workbench`: the interactive terminal workbench on a dataset.
enum WorkbenchCommand {
    static let specs = DatasetSelection.optionSpecs + [
        OptionSpec(name: "theme", valueName: "NAME", help: "colour theme: the name of a file in themes/ without '.theme'"),
        OptionSpec(name: "help", valueName: nil, help: "show this help"),
    ]

    /// The flag that opens the terminal test session instead of a dataset. The tmux smoke test uses it, and --help leaves it out.
    static let testSessionFlag = "--test-session"

    static func run(_ arguments: [String], console: Console) throws {
        if arguments.contains(testSessionFlag) {
            let rest = arguments.filter { $0 != testSessionFlag }
            guard rest.isEmpty else {
                throw CommandError.usage("'\(testSessionFlag)' takes no other options")
            }
            try runInTerminal(CursesTestSession())
            return
        }

        guard let options = try parseOptions(
            arguments, command: "workbench", usage: "swifthealth workbench --dataset mimic3 --root DIR [options]",
            summary: "Opens the interactive workbench on a dataset: browse patients, build a task, train and watch a model.",
            specs: specs, console: console)
        else { return }
        let selection = try DatasetSelection(options)

        // Reject an unsuitable terminal before any slow work, such as loading the dataset.
        if let problem = checkTerminal(
            environment: ProcessInfo.processInfo.environment,
            standardInputIsTerminal: isatty(STDIN_FILENO) == 1, standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1)
        {
            throw CommandError.runtime(problem.reason)
        }

        // TODO: build the core's WorkbenchApp from `selection` and `options.string("theme")` and pass it to
        // runInTerminal. The core is not part of this build yet, so the command stops here with an error.
        _ = selection
        throw CommandError.runtime(
            "the workbench core is not part of this build yet; run 'swifthealth workbench \(testSessionFlag)' to try the terminal front end")
    }

    /// Runs `session` until it quits. A termination signal ends the process with that signal after the terminal
    /// is restored, so a parent shell gets the usual status (130 for SIGINT, 143 for SIGTERM).
    static func runInTerminal(_ session: any WorkbenchSession) throws {
        let exit: WorkbenchExit
        do {
            exit = try runWorkbench(session: session)
        } catch let error as TerminalUnsuitableError {
            throw CommandError.runtime(error.reason)
        }

        if case .signal(let number) = exit {
            signal(number, SIG_DFL)
            raise(number)
        }
    }
}
