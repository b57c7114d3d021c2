import Foundation
import Training

/// Pane 4: settings, live loss and validation charts, progress with ETA, the epoch table and the test metrics.
enum TrainingPane {
    /// Draws the pane into `rect`; `numbered` puts the pane's key, 4, before its title, as the workbench grid needs.
    static func draw(into grid: inout CellGrid, rect: GridRect, state: WorkbenchState, focused: Bool, numbered: Bool = true) {
        let training = state.training
        var title = "\(numbered ? "4 " : "")Training · \(training.running || !training.model.isEmpty ? training.model : training.settings.model.rawValue)"
        if training.totalEpochs > 0 { title += " · epoch \(max(1, training.currentEpoch))/\(training.totalEpochs)" }
        grid.drawBox(rect, title: title, focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 20, inner.height > 2 else { return }
        var y = inner.y

        // Settings, wrapped onto a second line when narrow; the selected one is highlighted for + and -.
        var x = inner.x
        for (index, parameter) in TrainingParameter.allCases.enumerated() {
            let text = "\(parameter.rawValue) \(value(of: parameter, training.settings))"
            if x > inner.x, x + text.unicodeScalars.count > inner.maxX, y + 1 < inner.maxY {
                x = inner.x
                y += 1
            }
            let selected = index == training.selectedParameter && focused
            x += grid.write(text, x: x, y: y, style: selected ? CellStyle(.selection, bold: true) : CellStyle(.muted), maxWidth: inner.maxX - x)
            x += grid.write("  ", x: x, y: y, maxWidth: inner.maxX - x)
        }
        y += 1

        if let failure = training.failure {
            grid.writeClipped(failure, x: inner.x, y: y, width: inner.width, style: CellStyle(.negative))
            y += 1
        }
        guard !training.model.isEmpty else {
            grid.writeClipped(training.idleHint, x: inner.x, y: y, width: inner.width, style: CellStyle(.muted))
            return
        }

        // Charts: training loss per step, the monitored validation metric per epoch.
        let labelWidth = 12
        let valueWidth = 14
        let chartWidth = max(4, inner.width - labelWidth - valueWidth)
        // The trainer falls back to the task's usual metric when the chosen monitor does not fit the label kind
        // (pr_auc on a multiclass task), so the chart follows what the epochs actually report.
        let reported = training.epochs.last?.validation.map(\.name) ?? []
        let monitor = reported.isEmpty || reported.contains(training.settings.monitor)
            ? training.settings.monitor : (reported.first { $0 != "loss" } ?? "loss")
        let rows: [(String, [Double], String, StyleRole)] = [
            ("batch loss", training.stepLosses, training.stepLosses.last.map { String(format: "%.4f", $0) } ?? "", .chartLine),
            ("val \(monitor)", training.validationSeries(monitor), bestText(training, monitor), .chartSecondary),
        ]
        for (label, values, valueText, role) in rows where y < inner.maxY {
            grid.write(Columns.left(label, labelWidth), x: inner.x, y: y, style: CellStyle(.header))
            LineChart(values: values, glyphs: state.chartGlyphs, style: CellStyle(role))
                .draw(into: &grid, rect: GridRect(x: inner.x + labelWidth, y: y, width: chartWidth, height: 1))
            grid.writeClipped(" " + valueText, x: inner.x + labelWidth + chartWidth, y: y, width: valueWidth, style: CellStyle(.accent))
            y += 1
        }

        if y < inner.maxY {
            let barWidth = max(4, inner.width - 22)
            let percent = Int((training.progress * 100).rounded())
            var text = "\(Columns.bar(training.progress, width: barWidth)) \(percent)%"
            if let eta = training.etaSeconds { text += "  ETA \(clock(eta))" }
            grid.writeClipped(text, x: inner.x, y: y, width: inner.width, style: CellStyle(.chartLine))
            y += 1
        }

        y = drawEpochTable(into: &grid, inner: inner, y: y, training: training)

        if let test = training.test, y < inner.maxY {
            let text = test.map { entry in entry.value.map { String(format: "%@ %.4f", entry.name, $0) } ?? "\(entry.name) undefined" }
                .joined(separator: "  ")
            grid.writeClipped("test  " + (text.isEmpty ? "no test split" : text), x: inner.x, y: y, width: inner.width, style: CellStyle(.positive, bold: true))
        }
    }

    /// The epoch table: one row per epoch, the latest rows when they do not all fit; returns the next free row.
    static func drawEpochTable(into grid: inout CellGrid, inner: GridRect, y start: Int, training: TrainingPaneState) -> Int {
        var y = start
        // The validation loss comes first, then the first three metrics, as the table had before it showed the loss.
        let names = training.epochs.first?.validation.map(\.name) ?? []
        let metrics = (names.filter { $0 == "loss" } + names.filter { $0 != "loss" }).prefix(4)
        guard !training.epochs.isEmpty, y < inner.maxY else { return y }
        let header = Columns.left("epoch", 7) + Columns.right("train loss", 11)
            + metrics.map { Columns.right($0 == "loss" ? "val loss" : $0, 10) }.joined()
        grid.writeClipped(header, x: inner.x, y: y, width: inner.width, style: CellStyle(.header, bold: true))
        y += 1
        let undefined = undefinedText(training)
        let reserved = (training.test == nil ? 0 : 1) + (undefined == nil ? 0 : 1)
        let room = max(0, inner.maxY - y - reserved)
        for summary in training.epochs.suffix(room) {
            var text = Columns.left(String(summary.epoch), 7) + Columns.right(String(format: "%.4f", summary.trainLoss), 11)
            for name in metrics {
                let value = summary.validation.first { $0.name == name }?.value
                text += Columns.right(value.map { String(format: "%.4f", $0) } ?? "-", 10)
            }
            if summary.epoch == training.bestEpoch { text += "  ★ best" }
            grid.writeClipped(text, x: inner.x, y: y, width: inner.width, style: summary.epoch == training.bestEpoch ? CellStyle(.positive) : .normal)
            y += 1
        }
        if let undefined, y < inner.maxY {
            grid.writeClipped(undefined, x: inner.x, y: y, width: inner.width, style: CellStyle(.muted))
            y += 1
        }
        return y
    }

    /// Returns `- undefined: pr_auc, roc_auc (REASON)` for the last epoch's metrics that had no value, or nil.
    static func undefinedText(_ training: TrainingPaneState) -> String? {
        let entries = training.epochs.last?.validation.filter { $0.value == nil } ?? []
        guard !entries.isEmpty else { return nil }
        let reasons = entries.compactMap(\.undefinedReason).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let names = entries.map(\.name).joined(separator: ", ")
        return "- undefined: \(names)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))")
    }

    static func bestText(_ training: TrainingPaneState, _ monitor: String) -> String {
        let series = training.validationSeries(monitor)
        guard let last = series.last, last.isFinite else { return series.isEmpty ? "" : "undefined" }
        let best = training.epochs.last?.epoch == training.bestEpoch ? " ★ best" : ""
        return String(format: "%.3f", last) + best
    }

    static func value(of parameter: TrainingParameter, _ settings: TrainingSettings) -> String {
        switch parameter {
        case .model: settings.model.rawValue
        case .epochs: String(settings.epochs)
        case .batchSize: String(settings.batchSize)
        case .learningRate: String(format: "%g", settings.learningRate)
        case .monitor: settings.monitor
        }
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour up.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }
}
