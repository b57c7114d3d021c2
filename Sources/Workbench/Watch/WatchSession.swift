import Foundation

/// The screen of `swifthealth watch`: one run's Training pane, full screen, fed from its `events.jsonl`.
///
/// ```swift
/// let session = WatchSession(runDirectory: URL(fileURLWithPath: "runs/retain-los"), runName: "runs/retain-los")
/// ```
/// `init` reads the events already in the file, so a finished run shows at once as a replay. Then a background
/// thread follows the file and `poll()` takes in what it found. It never writes, so several watchers may share a run.
public final class WatchSession: WorkbenchSession {
    public private(set) var state: WatchState
    public let palette: any TerminalPalette
    /// The resolved theme palette, for the monochrome decision.
    public let themePalette: ThemePalette
    private let follower: EventLogFollower?
    private let runDirectory: URL
    /// When the follower last found something, on the monotonic clock.
    private var lastUpdate = DispatchTime.now()

    /// - Parameters:
    ///   - runDirectory: the folder `swifthealth train --run-dir` writes.
    ///   - runName: the folder as the header names it, or nil for its path.
    ///   - theme, themeDirectories, environment: as for `WorkbenchApp`.
    ///   - follow: false reads the file once in `init` and never again, for tests.
    ///   - pollInterval: seconds between looks at the file, 0.15 by default.
    public init(
        runDirectory: URL, runName: String? = nil, theme: String? = nil, themeDirectories: [URL]? = nil,
        environment: [String: String] = [:], follow: Bool = true, pollInterval: Double = 0.15
    ) {
        self.runDirectory = runDirectory
        var state = WatchState(runName: runName ?? runDirectory.path)
        let directories = themeDirectories
            ?? ThemeLoader.defaultDirectories(environment: environment, workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let loaded = ThemeLoader.load(theme, directories: directories)
        if let message = loaded.message { state.note = message }
        if let glyphs = environment["SWIFTHEALTH_CHART_GLYPHS"].flatMap(ChartGlyphs.init(rawValue:)) { state.chartGlyphs = glyphs }
        themePalette = ThemePalette(theme: loaded.theme, depth: ColorDepth.detect(environment: environment))
        palette = themePalette
        if let config = Self.readConfig(in: runDirectory) { state.applyConfig(config) }

        // The events already in the file decide between a replay and a live run.
        var reader = EventLogReader(url: runDirectory.appendingPathComponent("events.jsonl"))
        for update in reader.poll() { state.apply(update) }
        switch state.phase {
        case .finished, .failed: state.isReplay = true
        case .waiting, .live: break
        }
        self.state = state
        follower = follow ? EventLogFollower(reader: reader, interval: pollInterval) : nil
    }

    deinit {
        follower?.stop()
    }

    /// Stops following the file, so `poll()` finds nothing new afterwards.
    public func stop() {
        follower?.stop()
    }

    // MARK: - WorkbenchSession

    public func handle(_ input: TerminalInput) -> SessionAction {
        switch input {
        case .character("q"), .character("Q"), .interrupt:
            follower?.stop()
            return .quit
        default:
            return .continue
        }
    }

    public func poll() -> Bool {
        let updates = follower?.drain() ?? []
        for update in updates {
            // A new `started` after a restart may come with a new config.json.
            if case .restarted = update, let config = Self.readConfig(in: runDirectory) { state.applyConfig(config) }
            state.apply(update)
        }
        if !updates.isEmpty { lastUpdate = DispatchTime.now() }

        // A trainer killed outright writes no `failed` event, so a long silence is shown rather than a plain "live".
        var quiet: Int?
        if state.phase == .live {
            let seconds = Int((DispatchTime.now().uptimeNanoseconds - lastUpdate.uptimeNanoseconds) / 1_000_000_000)
            quiet = seconds >= WatchState.quietThresholdSeconds ? seconds : nil
        }
        let quietChanged = quiet != state.quietSeconds
        state.quietSeconds = quiet
        return !updates.isEmpty || quietChanged
    }

    public func render(width: Int, height: Int) -> CellGrid {
        WatchRenderer.render(state, width: width, height: height, monochromeCues: themePalette.needsMonochromeCues)
    }

    /// Reads the run's `config.json`, or returns nil when it is missing or unreadable, because the events alone still fill the screen.
    static func readConfig(in directory: URL) -> [String: Any]? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("config.json")) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// Draws the watch screen: a header with the run, model, task and status, the Training pane, and a status line.
public enum WatchRenderer {
    /// The smallest screen the Training pane fits in.
    public static let minimumWidth = 40
    public static let minimumHeight = 8

    public static func render(_ state: WatchState, width: Int, height: Int, monochromeCues: Bool = false) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            grid.writeClipped("Terminal too small: \(width)×\(height), needs \(minimumWidth)×\(minimumHeight); q quits", x: 0, y: 0, width: width, style: CellStyle(.warning, bold: true))
            return grid
        }
        drawHeader(&grid, state: state, width: width)

        // The Training pane draws from a workbench state, of which it reads only the training part and chart glyphs.
        var workbench = WorkbenchState(title: state.runName)
        workbench.training = state.training
        workbench.chartGlyphs = state.chartGlyphs
        TrainingPane.draw(into: &grid, rect: GridRect(x: 0, y: 1, width: width, height: height - 2), state: workbench, focused: false, numbered: false)

        drawStatus(&grid, state: state, y: height - 1, width: width)
        if monochromeCues {
            for y in 0..<height {
                for x in 0..<width { grid[x, y].style = MonochromeCue.apply(to: grid[x, y].style) }
            }
        }
        return grid
    }

    /// `SwiftHealth watch · runs/NAME · retain · length_of_stay ──── live`.
    static func drawHeader(_ grid: inout CellGrid, state: WatchState, width: Int) {
        grid.fill(GridRect(x: 0, y: 0, width: width, height: 1), with: Cell(" ", style: CellStyle(.statusBar)))
        let status = state.statusText
        let statusRole: StyleRole = switch state.phase {
        case .waiting: .warning
        case .live: .accent
        case .finished: .positive
        case .failed: .negative
        }
        let statusWidth = min(status.unicodeScalars.count, width / 2)
        let statusX = width - statusWidth - 1
        let left = "SwiftHealth watch · \(state.runName) · \(state.model) · \(state.task)"
        let leftWidth = grid.writeClipped(left, x: 1, y: 0, width: max(0, statusX - 3), style: CellStyle(.statusBar, bold: true))
        for x in (leftWidth + 2)..<max(leftWidth + 2, statusX - 1) {
            grid[x, 0] = Cell("─", style: CellStyle(.statusBar))
        }
        grid.writeClipped(status, x: statusX, y: 0, width: statusWidth, style: CellStyle(statusRole, bold: true))
    }

    /// `q quits · 2 malformed lines skipped, newest: events.jsonl line 7: ... · the newest note`.
    static func drawStatus(_ grid: inout CellGrid, state: WatchState, y: Int, width: Int) {
        grid.fill(GridRect(x: 0, y: y, width: width, height: 1), with: Cell(" ", style: CellStyle(.statusBar)))
        // The malformed-line warning goes before the note, so a narrow screen clips the note rather than the warning.
        var parts = ["q quits"]
        if let last = state.lastMalformed {
            parts.append("\(state.malformedCount) malformed line\(state.malformedCount == 1 ? "" : "s") skipped, newest: \(last)")
        }
        if let note = state.note { parts.append(note) }
        let style = state.lastMalformed == nil ? CellStyle(.statusBar) : CellStyle(.warning)
        grid.writeClipped(parts.joined(separator: " · "), x: 1, y: y, width: width - 2, style: style)
    }
}
