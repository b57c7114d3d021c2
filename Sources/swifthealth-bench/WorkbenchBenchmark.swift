import Foundation
import HealthData
import Workbench

/// Times the workbench session in process, the way the ncurses front end drives it: frame rendering per focused
/// pane, a keystroke in the code search, and the redraw rate while a training job runs.
struct WorkbenchBenchmark {
    let demoRoot: URL
    /// A `code<spaces>title` list of ICD-10-CM codes (`icd10cm_codes_2024.txt.gz`) to add to the search's entries,
    /// or nil to measure the demo's dictionaries alone.
    let extraCodes: URL?
    let frames: Int
    static let width = 200
    static let height = 60
    static let tables = ["diagnoses_icd", "procedures_icd", "prescriptions", "labevents"]
    static let task = "length_of_stay"

    func run() throws -> [String] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-wbbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dataset = try EHRDataset.mimic3(root: demoRoot, tables: Self.tables, cacheDirectory: scratch)

        var lines = [machineLine(), ""]
        lines.append("| measurement | size | n | median ms | p95 ms | max ms | target |")
        lines.append("|---|---|---|---|---|---|---|")
        let frames = try frameRows(dataset)
        lines += frames.rows
        lines += try keystrokeRows(dataset)

        // Epochs for about 10 s at the pace of the synchronous run, at most 100, so the redraw rate covers many whole
        // seconds. Training beside the UI loop is slower than alone, so the run lasts longer than that.
        let epochs = min(100, max(3, Int((10 / max(frames.secondsPerEpoch, 0.01)).rounded(.up))))
        lines += [""] + (try redrawRows(dataset, epochs: epochs))
        lines += ["", "load average after the run: \(loadAverage())"]
        return lines
    }

    // MARK: - (a) frames

    /// Renders each pane focused, after a task is built and a model trained, so the Patient, Task and Training
    /// panes show real content rather than their empty states.
    private func frameRows(_ dataset: EHRDataset) throws -> (rows: [String], secondsPerEpoch: Double) {
        let app = WorkbenchApp(title: "mimic3-demo", environment: ["TERM": "xterm-256color"], jobMode: .synchronous) { _ in dataset }
        _ = app.render(width: Self.width, height: Self.height)
        let secondsPerEpoch = try prepareTrainedSession(app)
        press(app, "5/heart\n")

        var rows: [String] = []
        for pane in PaneID.allCases {
            press(app, String(pane.rawValue))
            _ = app.render(width: Self.width, height: Self.height)
            let times = (0..<frames).map { _ in timed { _ = app.render(width: Self.width, height: Self.height) } }
            rows.append(row("render \(Self.width)x\(Self.height), \(pane.title) focused", "full frame", times, target: "< 5 ms"))
        }
        return (rows, secondsPerEpoch)
    }

    /// Builds the benchmark task and trains the default model on it for 2 epochs, all on the calling thread.
    ///
    /// - Returns: the mean seconds per epoch.
    private func prepareTrainedSession(_ app: WorkbenchApp) throws -> Double {
        selectTask(app)
        press(app, "\n")
        guard app.state.task.selectedResult != nil else {
            throw BenchError("the \(app.state.task.selectedName) task did not build: \(app.state.task.error ?? "no error recorded")")
        }
        press(app, "4")
        configureTraining(app, epochs: 2)
        press(app, "\n")
        guard !app.state.training.epochs.isEmpty else {
            throw BenchError("training did not finish an epoch: \(app.state.training.failure ?? "no failure recorded")")
        }
        let seconds = app.state.training.epochs.map(\.seconds)
        return seconds.reduce(0, +) / Double(seconds.count)
    }

    /// Focuses the Task pane and picks `length_of_stay`, the demo task with the most samples, so training takes
    /// long enough to measure.
    private func selectTask(_ app: WorkbenchApp) {
        press(app, "3")
        var remainingPresses = app.state.task.taskNames.count
        while app.state.task.selectedName != Self.task, remainingPresses > 0 {
            press(app, "l")
            remainingPresses -= 1
        }
    }

    /// Sets the Training pane's epochs and monitor with its keys: `j` and `k` pick the row, `+` and `-` step the value.
    ///
    /// `length_of_stay` has 10 classes, and of the pane's monitors only `loss` applies to it.
    private func configureTraining(_ app: WorkbenchApp, epochs: Int) {
        selectParameter(app, .epochs)
        var remainingPresses = 100
        while app.state.training.settings.epochs != epochs, remainingPresses > 0 {
            _ = app.handle(.character(app.state.training.settings.epochs > epochs ? "-" : "+"))
            remainingPresses -= 1
        }

        selectParameter(app, .monitor)
        remainingPresses = TrainingSettings.monitors.count
        while app.state.training.settings.monitor != "loss", remainingPresses > 0 {
            _ = app.handle(.character("+"))
            remainingPresses -= 1
        }
    }

    private func selectParameter(_ app: WorkbenchApp, _ parameter: TrainingParameter) {
        let row = TrainingParameter.allCases.firstIndex(of: parameter) ?? 0
        while app.state.training.selectedParameter > row { _ = app.handle(.up) }
        while app.state.training.selectedParameter < row { _ = app.handle(.down) }
    }

    // MARK: - (b) keystrokes

    /// Types a word into the code search letter by letter and deletes it, timing each key's handle, poll and render.
    private func keystrokeRows(_ dataset: EHRDataset) throws -> [String] {
        let app = WorkbenchApp(title: "mimic3-demo", environment: ["TERM": "xterm-256color"], jobMode: .synchronous) { _ in dataset }
        _ = app.render(width: Self.width, height: Self.height)
        press(app, "5/")
        guard let demoIndex = app.state.snapshot?.codes else {
            throw BenchError("the MIMIC-III demo failed to load from \(demoRoot.path): \(app.state.load)")
        }

        let word = "failure"
        let rounds = max(1, frames / (2 * word.count))
        var times: [Double] = []
        for _ in 0..<rounds {
            for character in word {
                times.append(timed {
                    _ = app.handle(.character(character))
                    _ = app.poll()
                    _ = app.render(width: Self.width, height: Self.height)
                })
            }
            for _ in word {
                times.append(timed {
                    _ = app.handle(.backspace)
                    _ = app.poll()
                    _ = app.render(width: Self.width, height: Self.height)
                })
            }
        }
        let demoSize = "\(demoIndex.entries.count) codes"
        var rows = [row("code search key: handle + poll + render, typing and deleting \"\(word)\"", demoSize, times, target: "< 16 ms")]

        // NOTE: the session builds its index from the dataset's dictionaries alone and offers no way to add entries,
        // so the larger index is timed through CodeIndex.search, the part of a keystroke that grows with its size.
        rows.append(row("CodeIndex.search alone, each prefix of \"\(word)\"", demoSize, searchTimes(demoIndex, word, rounds), target: ""))
        if let extraCodes {
            guard let template = demoIndex.entries.first else { throw BenchError("the demo's code index is empty") }
            let extra = try Self.readCodeList(extraCodes, template: template)
            let combined = CodeIndex(entries: demoIndex.entries + extra)
            rows.append(row(
                "CodeIndex.search alone, demo + ICD-10-CM 2024", "\(combined.entries.count) codes",
                searchTimes(combined, word, rounds), target: ""))
        }
        return rows
    }

    private func searchTimes(_ index: CodeIndex, _ word: String, _ rounds: Int) -> [Double] {
        let prefixes = (1...word.count).map { String(word.prefix($0)) }
        let queries = prefixes + prefixes.reversed().dropFirst() + [""]
        var times: [Double] = []
        for _ in 0..<rounds {
            for query in queries { times.append(timed { _ = index.search(query) }) }
        }
        return times
    }

    /// Reads `code<spaces>title` lines into diagnosis entries, each a copy of `template` with its fields replaced.
    ///
    /// `CodeEntry` has no public initializer, hence the template. `CodeEntry.Kind` has no ICD-10 case, so the entries
    /// are marked as ICD-9 diagnoses. The kind changes only the dotted display form, and the search's cost does not
    /// depend on it.
    static func readCodeList(_ url: URL, template: CodeEntry) throws -> [CodeEntry] {
        let bytes = try readGzip(url)
        var entries: [CodeEntry] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            lineNumber += 1
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else {
                throw BenchError("\(url.path):\(lineNumber):1: expected a code, spaces and a title, found \(String(decoding: line, as: UTF8.self))")
            }
            let code = String(decoding: line[line.startIndex..<space], as: UTF8.self)
            let titleStart = line[space...].firstIndex { $0 != UInt8(ascii: " ") } ?? line.endIndex
            let title = String(decoding: line[titleStart...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var entry = template
            entry.kind = .diagnosis
            entry.code = code
            entry.shortTitle = title
            entry.longTitle = title
            entry.occurrences = 0
            entry.patients = 0
            entries.append(entry)
        }
        return entries
    }

    // MARK: - (c) redraw rate while training

    /// Starts a training run in the background and counts how many poll + render pairs the calling thread completes
    /// per second until the run ends, as the UI thread of the terminal front end would without its input wait.
    private func redrawRows(_ dataset: EHRDataset, epochs: Int) throws -> [String] {
        let app = WorkbenchApp(title: "mimic3-demo", environment: ["TERM": "xterm-256color"], jobMode: .background) { _ in dataset }
        try waitUntil(app, seconds: 120, "the dataset to load") { $0.state.load != .loading }
        guard app.state.snapshot != nil else { throw BenchError("the MIMIC-III demo failed to load: \(app.state.load)") }
        _ = app.render(width: Self.width, height: Self.height)
        selectTask(app)
        press(app, "\n")
        try waitUntil(app, seconds: 300, "the task to build") { $0.state.task.selectedResult != nil || $0.state.task.error != nil }
        guard app.state.task.selectedResult != nil else { throw BenchError("the task did not build: \(app.state.task.error ?? "")") }
        press(app, "4")
        configureTraining(app, epochs: epochs)
        press(app, "\n")

        let start = DispatchTime.now().uptimeNanoseconds
        var perSecond: [Int] = []
        var frameTimes: [Double] = []
        var sawRunning = false
        while true {
            let seconds = Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000_000)
            if seconds >= 600 { throw BenchError("training timed out after 10 minutes") }
            frameTimes.append(timed {
                _ = app.poll()
                _ = app.render(width: Self.width, height: Self.height)
            })
            while perSecond.count <= seconds { perSecond.append(0) }
            perSecond[seconds] += 1
            if app.state.training.running { sawRunning = true }
            if sawRunning && !app.state.training.running && app.busyCount == 0 { break }
        }
        app.waitUntilIdle()
        if let failure = app.state.training.failure { throw BenchError("training failed: \(failure)") }

        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The last second is partial, so the slowest whole second leaves it out.
        let whole = perSecond.count > 1 ? Array(perSecond.dropLast()) : perSecond
        let settings = app.state.training.settings
        return [
            "| redraw while training (\(Self.task), \(settings.model), \(settings.epochs) epochs, \(app.state.training.stepsPerEpoch) steps per epoch) | value | target |",
            "|---|---|---|",
            String(format: "| training wall time, UI loop running | %.2f s | |", elapsed),
            String(format: "| poll + render per second, mean | %.0f | >= 10 |", Double(frameTimes.count) / elapsed),
            "| poll + render per second, slowest whole second | \(whole.min() ?? 0) | >= 10 |",
            String(format: "| poll + render ms, median / p95 / max | %.2f / %.2f / %.2f | |",
                   percentile(frameTimes, 0.5), percentile(frameTimes, 0.95), frameTimes.max() ?? .nan),
        ]
    }

    private func waitUntil(_ app: WorkbenchApp, seconds: Double, _ what: String, _ done: (WorkbenchApp) -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !done(app) {
            guard Date() < deadline else { throw BenchError("timed out after \(Int(seconds)) s waiting for \(what)") }
            _ = app.poll()
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    // MARK: - Helpers

    /// Sends each character of `keys` as a key press, with a newline as Enter.
    private func press(_ app: WorkbenchApp, _ keys: String) {
        for character in keys {
            _ = app.handle(character == "\n" ? .enter : .character(character))
            _ = app.poll()
        }
    }

    private func timed(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    private func row(_ title: String, _ size: String, _ times: [Double], target: String) -> String {
        String(format: "| %@ | %@ | %d | %.3f | %.3f | %.3f | %@ |", title, size, times.count,
               percentile(times, 0.5), percentile(times, 0.95), times.max() ?? .nan, target)
    }

    /// Returns the nearest-rank percentile of `values`, with `fraction` in 0...1.
    private func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
