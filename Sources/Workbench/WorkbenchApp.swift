import Foundation
import HealthData
import Synchronization

/// Callbacks a dataset loader reports through while it runs on the loading thread.
public struct LoadReporter: Sendable {
    /// The table being read and the fractions done; pass it to `EHRDataset`'s `progress` parameter.
    public var progress: @Sendable (LoadProgress) -> Void
    /// A diagnostic as soon as it is known; pass it to `EHRDataset`'s `onDiagnostic` parameter.
    public var diagnostic: @Sendable (LoadDiagnostic) -> Void
}

/// The workbench session the ncurses front end and tests drive: state, key handling, background jobs and rendering.
///
/// ```swift
/// let app = WorkbenchApp(title: "mimic3-demo", theme: "dark", environment: ProcessInfo.processInfo.environment) { reporter in
///     try EHRDataset.mimic3(root: root, tables: ["diagnoses_icd", "procedures_icd", "prescriptions", "labevents"],
///                           progress: reporter.progress, onDiagnostic: reporter.diagnostic)
/// }
/// ```
/// Loading starts at once on a background thread (or inside `init` with `jobMode: .synchronous`); its progress
/// shows in the Dataset pane after each `poll()`.
public final class WorkbenchApp: WorkbenchSession {
    public private(set) var state: WorkbenchState
    public let palette: any TerminalPalette
    /// The resolved theme palette, for the monochrome decision.
    public let themePalette: ThemePalette
    let jobs: JobRunner<WorkbenchMessage>
    private let trainers = TrainerSlot()

    /// - Parameters:
    ///   - title: the data set's name in the header, for example `mimic3-demo`.
    ///   - theme: a theme name looked up in `themeDirectories`, a path to a `.theme` file, or nil for the built-in
    ///     theme. A missing or broken theme falls back to the built-in one, with the reason on the status line.
    ///   - themeDirectories: folders searched for named themes; nil means `ThemeLoader.defaultDirectories`.
    ///   - environment: the process environment; `NO_COLOR`, `COLORTERM` and `TERM` choose the colour depth, and
    ///     `SWIFTHEALTH_CHART_GLYPHS` (`braille`, `blocks` or `ascii`) the chart characters.
    ///   - jobMode: `.synchronous` runs jobs inside the call that starts them, for tests.
    ///   - loader: reads the dataset; it runs on the loading thread.
    public init(
        title: String, theme: String? = nil, themeDirectories: [URL]? = nil, environment: [String: String] = [:],
        jobMode: JobRunner<WorkbenchMessage>.Mode = .background,
        loader: @escaping @Sendable (LoadReporter) throws -> EHRDataset
    ) {
        var state = WorkbenchState(title: title)
        let directories = themeDirectories
            ?? ThemeLoader.defaultDirectories(environment: environment, workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let loaded = ThemeLoader.load(theme, directories: directories)
        if let message = loaded.message { state.messages.append(message) }
        if let glyphs = environment["SWIFTHEALTH_CHART_GLYPHS"].flatMap(ChartGlyphs.init(rawValue:)) { state.chartGlyphs = glyphs }
        themePalette = ThemePalette(theme: loaded.theme, depth: ColorDepth.detect(environment: environment))
        palette = themePalette
        self.state = state
        jobs = JobRunner(mode: jobMode)
        startLoading(loader)
    }

    /// Creates a workbench whose loader reports no progress.
    public convenience init(
        title: String, theme: String? = nil, environment: [String: String] = [:],
        jobMode: JobRunner<WorkbenchMessage>.Mode = .background, loader: @escaping @Sendable () throws -> EHRDataset
    ) {
        self.init(title: title, theme: theme, environment: environment, jobMode: jobMode) { _ in try loader() }
    }

    // MARK: - WorkbenchSession

    public func handle(_ input: TerminalInput) -> SessionAction {
        let effects = WorkbenchReducer.reduce(&state, input)
        return perform(effects)
    }

    public func poll() -> Bool {
        let messages = jobs.drain()
        for message in messages { WorkbenchReducer.reduce(&state, message) }
        return !messages.isEmpty
    }

    public func render(width: Int, height: Int) -> CellGrid {
        if width != state.width || height != state.height {
            _ = WorkbenchReducer.reduce(&state, .resize(width: width, height: height))
        }
        return WorkbenchRenderer.render(state, width: width, height: height, monochromeCues: themePalette.needsMonochromeCues)
    }

    // MARK: - Jobs

    /// Number of background jobs still running; zero means the session is idle once `poll()` has drained.
    public var busyCount: Int { jobs.busyCount }

    /// Blocks until every background job has finished, then takes in their messages. For tests and shutdown.
    public func waitUntilIdle() {
        jobs.waitUntilIdle()
        _ = poll()
    }

    /// Asks a running training job to stop after its current batch.
    public func stopBackgroundWork() {
        trainers.cancel()
    }

    private func perform(_ effects: [WorkbenchEffect]) -> SessionAction {
        var action = SessionAction.continue
        for effect in effects {
            switch effect {
            case .quit:
                trainers.cancel()
                action = .quit
            case .buildTask(let name, let windowDays):
                startTaskBuild(name, readmissionWindowDays: windowDays)
            case .startTraining(let task, let settings):
                guard let result = state.task.results[task] else { continue }
                TrainingJob.start(on: jobs, samples: result.samples, settings: settings, slot: trainers)
            case .stopTraining:
                trainers.cancel()
            }
        }
        return action
    }

    private func startLoading(_ loader: @escaping @Sendable (LoadReporter) throws -> EHRDataset) {
        jobs.start("load") { publish in
            let reporter = LoadReporter(
                progress: { publish(.loadProgress($0)) },
                diagnostic: { publish(.loadDiagnostic($0.description)) })
            do {
                let dataset = try loader(reporter)
                publish(.loaded(DatasetSnapshot(dataset: dataset)))
            } catch {
                publish(.loadFailed(String(describing: error)))
            }
        }
    }

    private func startTaskBuild(_ name: String, readmissionWindowDays: Double) {
        guard let dataset = state.snapshot?.dataset else { return }
        jobs.start("task") { publish in
            do {
                let task = try TaskCatalog.mimic3(named: name, readmissionWindowDays: readmissionWindowDays)
                let samples = try Self.buildSamples(task, dataset: dataset)
                publish(.taskBuilt(TaskResult(name: name, samples: samples)))
            } catch {
                publish(.taskFailed(name: name, message: String(describing: error)))
            }
        }
    }

    private static func buildSamples<T: ClinicalTask>(_ task: T, dataset: EHRDataset) throws -> SampleSet {
        try dataset.setTask(task)
    }
}
