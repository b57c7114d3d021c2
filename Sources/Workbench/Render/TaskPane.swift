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

/// Pane 5: type-ahead search over the dataset's diagnosis and procedure codes, with the selected code's details.
enum CodesPane {
    static func draw(into grid: inout CellGrid, rect: GridRect, state: WorkbenchState, focused: Bool) {
        grid.drawBox(rect, title: "5 Codes", focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 10, inner.height > CodesView.detailRows + 1 else { return }

        let codes = state.codes
        let editing = state.editing == .codes
        let query = editing ? "/ \(codes.query)▏" : (codes.query.isEmpty ? "/ search codes" : "/ \(codes.query)")
        let written = grid.writeClipped(query, x: inner.x, y: inner.y, width: inner.width, style: CellStyle(editing ? .input : (codes.query.isEmpty ? .muted : .accent)))
        // The search stops at 200 results, hence `200+`. When the line is short of room, the unit is dropped first.
        let number = codes.results.count == 200 ? "200+" : String(codes.results.count)
        let withUnit = number + (codes.results.count == 1 ? " code" : " codes")
        if let count = [withUnit, number].first(where: { written + $0.count + 2 <= inner.width }), state.snapshot != nil {
            grid.write(count, x: inner.maxX - count.count, y: inner.y, style: CellStyle(.muted))
        }

        let list = CodesView.listRect(in: rect)
        for row in 0..<max(0, list.height) {
            let index = codes.scroll + row
            guard index < codes.results.count else { break }
            let entry = codes.results[index]
            let selected = index == codes.selected
            let text = "\(Columns.left(entry.kind.rawValue, 8)) \(Columns.left(entry.dottedCode, 6)) \(entry.shortTitle)"
            let style = selected ? CellStyle(.selection, bold: focused) : .normal
            grid.write(String(repeating: " ", count: list.width), x: list.x, y: list.y + row, style: style)
            grid.writeClipped(text, x: list.x, y: list.y + row, width: list.width, style: style)
        }
        if case .failed = state.load, state.snapshot == nil {
            grid.writeWrapped("loading failed, no codes to search", in: list, style: CellStyle(.negative))
        }
        if codes.results.isEmpty, state.snapshot != nil {
            grid.writeClipped("no code matches", x: list.x, y: list.y, width: list.width, style: CellStyle(.muted))
        }

        // Details of the selected code under the list.
        guard codes.results.indices.contains(codes.selected) else { return }
        let entry = codes.results[codes.selected]
        let detailY = list.maxY
        grid.writeClipped("\(entry.kind.rawValue) \(entry.dottedCode): \(entry.longTitle)", x: inner.x, y: detailY, width: inner.width, style: CellStyle(.accent, bold: true))
        let table = entry.kind == .diagnosis ? "DIAGNOSES_ICD" : "PROCEDURES_ICD"
        grid.writeClipped("\(Columns.grouped(entry.occurrences)) rows of \(table) · \(Columns.grouped(entry.patients)) patients", x: inner.x, y: detailY + 1, width: inner.width)
        grid.writeClipped("MIMIC code \(entry.code) · short title \(entry.shortTitle)", x: inner.x, y: detailY + 2, width: inner.width, style: CellStyle(.muted))
    }
}
