/// Pane 3: the task picker, the cohort's sample count and label distribution, and the selected patient's samples.
enum TaskPane {
    static func draw(into grid: inout CellGrid, rect: GridRect, state: WorkbenchState, focused: Bool) {
        grid.drawBox(rect, title: "3 Task · \(state.task.selectedName)", focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 10, inner.height > 1 else { return }

        let summary = TaskView.summaryLines(state.task, width: inner.width)
        for (offset, line) in summary.prefix(inner.height).enumerated() {
            grid.writeClipped(line.text, x: inner.x, y: inner.y + offset, width: inner.width, style: line.style)
        }
        let area = TaskView.sampleRect(in: rect, summaryLines: summary.count)
        if case .failed = state.load, state.snapshot == nil {
            grid.writeWrapped("loading failed, so there is nothing to build. The reason is in the Dataset pane.", in: area, style: CellStyle(.negative))
            return
        }
        let lines = TaskView.sampleLines(state.task, patient: state.selectedPatient, snapshot: state.snapshot)
        for offset in 0..<max(0, area.height) {
            let index = state.task.scroll + offset
            guard index < lines.count else { break }
            grid.writeClipped(lines[index].text, x: area.x, y: area.y + offset, width: area.width, style: lines[index].style)
        }
    }
}
