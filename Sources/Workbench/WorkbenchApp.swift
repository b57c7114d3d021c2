import Foundation
import HealthData
import MedCode
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
    private let latestSearchRequest = RequestCounter()
    private let latestDetailRequest = RequestCounter()

    /// - Parameters:
    ///   - title: the data set's name in the header, for example `mimic3-demo`.
    ///   - theme: a theme name looked up in `themeDirectories`, a path to a `.theme` file, or nil for the built-in
    ///     theme. A missing or broken theme falls back to the built-in one, with the reason on the status line.
    ///   - themeDirectories: folders searched for named themes; nil means `ThemeLoader.defaultDirectories`.
    ///   - environment: the process environment; `NO_COLOR`, `COLORTERM` and `TERM` choose the colour depth, and
    ///     `SWIFTHEALTH_CHART_GLYPHS` (`braille`, `blocks` or `ascii`) the chart characters.
    ///   - jobMode: `.synchronous` runs jobs inside the call that starts them, for tests.
    ///   - codeStore: opens the code store for the Codes and Patient panes, or returns nil when there is none; nil
    ///     (the default) means no store. It runs on a background job, which then reads the search index and the
    ///     ICD-9 tables. Until they are read, the Codes pane shows "loading codes…" and searches the dataset's
    ///     dictionaries.
    ///   - loader: reads the dataset; it runs on the loading thread.
    public init(
        title: String, theme: String? = nil, themeDirectories: [URL]? = nil, environment: [String: String] = [:],
        jobMode: JobRunner<WorkbenchMessage>.Mode = .background,
        codeStore: (@Sendable () throws -> MedCodeStore?)? = nil,
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
        if let codeStore { startOpeningCodeStore(codeStore) }
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
        var effects = WorkbenchReducer.reduce(&state, input)
        effects += WorkbenchReducer.pendingCodeJobs(&state)
        return perform(effects)
    }

    public func poll() -> Bool {
        var changed = false
        // A message such as finished search results can start another job. A synchronous runner has published
        // that job's result by the time `perform` returns, so the mailbox is drained until it stays empty.
        while true {
            let messages = jobs.drain()
            guard !messages.isEmpty else { break }
            for message in messages { WorkbenchReducer.reduce(&state, message) }
            _ = perform(WorkbenchReducer.pendingCodeJobs(&state))
            changed = true
        }
        return changed
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

    /// Blocks until every background job has finished, then takes in their messages. Jobs that those messages
    /// start, such as the detail lookup after a search, are waited for too. For tests and shutdown.
    public func waitUntilIdle() {
        repeat {
            jobs.waitUntilIdle()
            _ = poll()
        } while jobs.busyCount > 0
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
            case .searchCodes(let request):
                startSearchingCodes(request)
            case .loadCodeDetail(let key):
                startLoadingCodeDetail(key)
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

    private func startOpeningCodeStore(_ open: @escaping @Sendable () throws -> MedCodeStore?) {
        state.codes.storeStatus = .loading
        jobs.start("codes") { publish in
            do {
                guard let store = try open() else {
                    publish(.codeStoreAbsent)
                    return
                }
                publish(.codeStoreOpened(try CodeStoreSession.open(store)))
            } catch {
                publish(.codeStoreFailed(String(describing: error)))
            }
        }
    }

    /// Searches the store's index. A job that starts after a newer search skips its work, and the reducer drops
    /// every result but the latest.
    private func startSearchingCodes(_ request: CodeSearchRequest) {
        guard let index = state.codeStore?.searchIndex else { return }
        let latest = latestSearchRequest
        let number = latest.next()
        jobs.start("code-search") { publish in
            guard latest.isLatest(number) else { return }
            let hits = index.search(request.query, system: request.system, limit: CodesPaneState.resultLimit)
            publish(.codeSearchFinished(request, hits))
        }
    }

    /// Loads a store code's details. A job that starts after a newer request skips its work, and the reducer
    /// drops the details of a code that is no longer selected.
    private func startLoadingCodeDetail(_ key: CodeKey) {
        guard let store = state.codeStore?.store else { return }
        let latest = latestDetailRequest
        let request = latest.next()
        jobs.start("code-detail") { publish in
            guard latest.isLatest(request) else { return }
            publish(.codeDetailLoaded(CodeDetail.load(key, from: store)))
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

/// Numbers requests so a background job can tell whether a newer one has been made since it was started.
final class RequestCounter: Sendable {
    private let latest = Mutex(0)

    /// Starts a new request and returns its number.
    func next() -> Int {
        latest.withLock { value in
            value += 1
            return value
        }
    }

    func isLatest(_ request: Int) -> Bool {
        latest.withLock { $0 == request }
    }
}
