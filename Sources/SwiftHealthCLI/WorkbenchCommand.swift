import Foundation
import HealthData
import MedCode
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
        try requireTerminal()

        try selection.requireRoot()
        let app = makeApp(
            title: selection.root.lastPathComponent, root: selection.root,
            cacheDirectory: selection.cacheDirectory, useCache: selection.useCache, theme: options.string("theme"))
        try runInTerminal(app)
    }

    /// Opens the workbench on the built-in synthetic cohort, generated once into the cache folder.
    static func runOnSyntheticCohort(console: Console) throws {
        try requireTerminal()
        let folder = try SyntheticCohort.ensure(in: EHRDataset.cacheBaseDirectory())
        let app = makeApp(
            title: "synthetic cohort", root: folder, cacheDirectory: nil,
            useCache: true, theme: nil)
        try runInTerminal(app)
    }

    static func requireTerminal() throws {
        if let problem = checkTerminal(
            environment: ProcessInfo.processInfo.environment,
            standardInputIsTerminal: isatty(STDIN_FILENO) == 1, standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1)
        {
            throw CommandError.runtime("\(problem.reason). Run 'swifthealth --help' for the commands that need no terminal.")
        }
    }

    /// Creates the workbench session over a MIMIC-III folder; it loads every table the panes show in the background.
    ///
    /// The code store is opened from the cache folder (`--cache-dir`, else the default one) whether or not the
    /// dataset uses its cache, because `swifthealth medcode import` builds the store there once for every dataset.
    static func makeApp(title: String, root: URL, cacheDirectory: URL?, useCache: Bool, theme: String?) -> WorkbenchApp {
        let storeDirectory = MedCodeStore.defaultDirectory(cacheBase: EHRDataset.cacheBaseDirectory(cacheDirectory))
        return WorkbenchApp(
            title: title, theme: theme, themeDirectories: themeDirectories(),
            environment: ProcessInfo.processInfo.environment,
            codeStore: { try openCodeStore(at: storeDirectory) }
        ) { reporter in
            try EHRDataset.mimic3(
                root: root, tables: ["diagnoses_icd", "procedures_icd", "prescriptions", "labevents"],
                cacheDirectory: cacheDirectory, useCache: useCache, progress: reporter.progress,
                onDiagnostic: reporter.diagnostic)
        }
    }

    /// Opens the code store in `directory`, or returns nil when none was imported there.
    static func openCodeStore(at directory: URL) throws -> MedCodeStore? {
        do {
            return try MedCodeStore(directory: directory)
        } catch MedCodeError.storeMissing {
            return nil
        }
    }

    /// Lists the folders where `--theme NAME` is looked up: $SWIFTHEALTH_THEMES, ./themes, then the themes/ folder
    /// of the checkout the executable was built in (the nearest parent folder with Package.swift and themes/).
    static func themeDirectories() -> [URL] {
        var directories: [URL] = []
        if let custom = ProcessInfo.processInfo.environment["SWIFTHEALTH_THEMES"], !custom.isEmpty {
            directories.append(URL(fileURLWithPath: custom, isDirectory: true))
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))

        // The executable is .build/<triple>/<configuration>/swifthealth, reached through symlinks such as
        // .build/release, so the checkout is found by walking up rather than by a fixed number of levels.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let themes = folder.appendingPathComponent("themes")
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: themes.path) {
                directories.append(themes)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        return directories
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
