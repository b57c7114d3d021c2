/// Draws the whole screen from the state; a pure function of its arguments.
public enum WorkbenchRenderer {
    /// Renders `state` at `width` by `height` cells. Below the minimum size the grid holds only a message that
    /// names the current and the needed size. With `monochromeCues`, every cell gets its role's bold, reverse,
    /// underline or dim cue.
    public static func render(_ state: WorkbenchState, width: Int, height: Int, monochromeCues: Bool = false) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let layout = WorkbenchLayout(width: width, height: height, zoomed: state.zoomed ? state.focus : nil)
        if layout.isTooSmall {
            drawTooSmall(&grid)
        } else {
            drawHeader(&grid, state: state, rect: layout.header)
            for (pane, rect) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                drawPane(pane, into: &grid, rect: rect, state: state)
            }
            drawStatus(&grid, state: state, rect: layout.status)
            if state.showHelp {
                HelpOverlay.draw(into: &grid, pane: state.focus, scroll: state.helpScroll, rect: GridRect(x: 0, y: 1, width: width, height: height - 2))
            }
        }
        if monochromeCues {
            for y in 0..<height {
                for x in 0..<width { grid[x, y].style = MonochromeCue.apply(to: grid[x, y].style) }
            }
        }
        return grid
    }

    static func drawPane(_ pane: PaneID, into grid: inout CellGrid, rect: GridRect, state: WorkbenchState) {
        let focused = state.focus == pane
        switch pane {
        case .dataset: DatasetPane.draw(into: &grid, rect: rect, state: state, focused: focused)
        case .patient: PatientPane.draw(into: &grid, rect: rect, state: state, focused: focused)
        case .task: TaskPane.draw(into: &grid, rect: rect, state: state, focused: focused)
        case .training: TrainingPane.draw(into: &grid, rect: rect, state: state, focused: focused)
        case .codes: CodesPane.draw(into: &grid, rect: rect, state: state, focused: focused)
        }
    }

    /// `SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ──── 1 Data 2 Patient … · ? help`.
    static func drawHeader(_ grid: inout CellGrid, state: WorkbenchState, rect: GridRect) {
        grid.fill(rect, with: Cell(" ", style: CellStyle(.statusBar)))
        var left = "SwiftHealth"
        if let snapshot = state.snapshot { left += " · \(snapshot.stats.dataset)" }
        left += " · \(state.title)"
        if let snapshot = state.snapshot {
            left += " · \(Columns.grouped(snapshot.stats.patients)) patients · \(Columns.grouped(snapshot.stats.admissions)) admissions"
        } else if case .failed = state.load {
            left += " · load failed"
        } else {
            left += " · loading \(Int((state.dataset.overallProgress * 100).rounded()))%"
        }

        // The pane names give way to bare numbers when the title would not fit beside them.
        var panes = PaneID.allCases.map { "\($0.rawValue) \($0.shortName)" }
        if left.unicodeScalars.count + panes.joined(separator: " ").unicodeScalars.count + 14 > rect.width {
            panes = PaneID.allCases.map { String($0.rawValue) }
        }
        let right = panes.joined(separator: " ") + " · ? help"
        let rightWidth = right.unicodeScalars.count
        let rightX = rect.maxX - rightWidth - 1
        let leftWidth = grid.writeClipped(left, x: rect.x + 1, y: rect.y, width: max(0, rightX - rect.x - 3), style: CellStyle(.statusBar, bold: true))
        for x in (rect.x + leftWidth + 2)..<max(rect.x + leftWidth + 2, rightX - 1) {
            grid[x, rect.y] = Cell("─", style: CellStyle(.statusBar))
        }

        // The focused pane's entry in the pane list is highlighted.
        var x = rightX
        for (index, text) in panes.enumerated() {
            let focused = state.focus.rawValue == index + 1
            x += grid.write(text, x: x, y: rect.y, style: CellStyle(focused ? .selection : .statusBar, bold: focused))
            x += grid.write(" ", x: x, y: rect.y, style: CellStyle(.statusBar))
        }
        grid.write("· ? help", x: x, y: rect.y, style: CellStyle(.statusBar))
    }

    /// Draws the bottom row: the text field being edited, else the newest message, else the focused pane's keys.
    static func drawStatus(_ grid: inout CellGrid, state: WorkbenchState, rect: GridRect) {
        grid.fill(rect, with: Cell(" ", style: CellStyle(.statusBar)))
        let text: String
        let style: CellStyle
        if let pane = state.editing {
            text = "/\(editedText(state, pane))▏  Enter keeps · Esc clears"
            style = CellStyle(.input)
        } else if let last = state.messages.last {
            text = last
            style = CellStyle(.warning)
        } else {
            text = KeyTable.help(for: state.focus).prefix(6).map { "\($0.label) \($0.help)" }.joined(separator: " · ")
            style = CellStyle(.statusBar)
        }
        grid.writeClipped(text, x: rect.x + 1, y: rect.y, width: rect.width - 2, style: style)
    }

    static func editedText(_ state: WorkbenchState, _ pane: PaneID) -> String {
        switch pane {
        case .dataset: state.dataset.filter
        case .patient: state.patient.search
        case .codes: state.codes.query
        case .task, .training: ""
        }
    }

    static func drawTooSmall(_ grid: inout CellGrid) {
        let lines = [
            "Terminal too small",
            "\(grid.width)×\(grid.height), needs at least \(WorkbenchLayout.minimumWidth)×\(WorkbenchLayout.minimumHeight)",
            "Enlarge the window or press q to quit",
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let count = line.unicodeScalars.count
            grid.writeClipped(line, x: max(0, (grid.width - count) / 2), y: top + offset, width: grid.width, style: CellStyle(offset == 0 ? .warning : .normal, bold: offset == 0))
        }
    }
}

/// The `?` help: the focused pane's keys, generated from `KeyTable`; it scrolls when it is taller than the screen.
enum HelpOverlay {
    /// Key rows the help shows at once on a screen `screenHeight` rows high: all but the header, the status line,
    /// the box's border and its bottom row of scroll hints.
    static func visibleRows(rowCount: Int, screenHeight: Int) -> Int {
        min(rowCount, screenHeight - 2 - 3)
    }

    static func draw(into grid: inout CellGrid, pane: PaneID, scroll: Int, rect: GridRect) {
        let rows = KeyTable.help(for: pane)
        let labelWidth = (rows.map { $0.label.unicodeScalars.count }.max() ?? 0) + 2
        let width = min(rect.width - 4, max(40, labelWidth + (rows.map { $0.help.unicodeScalars.count }.max() ?? 0) + 4))
        let visible = visibleRows(rowCount: rows.count, screenHeight: rect.height + 2)
        let height = visible + 3
        let box = GridRect(x: rect.x + (rect.width - width) / 2, y: rect.y + max(0, (rect.height - height) / 2), width: width, height: height)
        grid.fill(box, with: Cell(" ", style: CellStyle(.normal)))
        let closing = visible < rows.count ? "j k scroll · other keys close" : "any key closes"
        grid.drawBox(box, title: "Keys · \(pane.rawValue) \(pane.title) · \(closing)", focused: true)
        let inner = box.inset(by: 1)
        let first = min(max(0, scroll), max(0, rows.count - visible))
        for (offset, row) in rows.dropFirst(first).prefix(visible).enumerated() {
            grid.write(Columns.left(row.label, labelWidth), x: inner.x + 1, y: inner.y + offset, style: CellStyle(.accent, bold: true))
            grid.writeClipped(row.help, x: inner.x + 1 + labelWidth, y: inner.y + offset, width: inner.width - labelWidth - 1)
        }
        if visible < rows.count {
            let hint = "rows \(first + 1)-\(first + visible) of \(rows.count)" + (first + visible < rows.count ? " · ↓ more" : "")
            grid.writeClipped(hint, x: inner.x + 1, y: inner.maxY - 1, width: inner.width - 1, style: CellStyle(.muted))
        }
    }
}
