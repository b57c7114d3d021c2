/// Pane 1: the tables with row counts and load state, then the patient list with its filter and sort.
enum DatasetPane {
    static func draw(into grid: inout CellGrid, rect: GridRect, state: WorkbenchState, focused: Bool) {
        grid.drawBox(rect, title: "1 Dataset", focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 10, inner.height > 2 else { return }
        var y = inner.y

        // Tables: rows when loaded, a progress bar while loading.
        // Columns as wide as their longest entry, so the state (a progress bar while loading) keeps its room.
        let tables = tableLines(state)
        let nameWidth = min(16, max(5, tables.map { $0.name.unicodeScalars.count }.max() ?? 0)) + 1
        let rowsWidth = max(4, tables.map { $0.rows.unicodeScalars.count }.max() ?? 0)
        let stateX = inner.x + nameWidth + rowsWidth + 2
        grid.write(Columns.left("table", nameWidth) + Columns.right("rows", rowsWidth) + "  " + "state", x: inner.x, y: y, style: CellStyle(.header, bold: true), maxWidth: inner.width)
        y += 1
        let shownTables = DatasetView.tableRowsShown(tableCount: tables.count, inner: inner)
        for (index, table) in tables.prefix(shownTables).enumerated() {
            if index == shownTables - 1, tables.count > shownTables {
                grid.write("… \(tables.count - shownTables + 1) more tables", x: inner.x, y: y, style: CellStyle(.muted))
            } else {
                grid.write(Columns.left(table.name.uppercased(), nameWidth) + Columns.right(table.rows, rowsWidth), x: inner.x, y: y, maxWidth: inner.width)
                grid.writeClipped(table.state, x: stateX, y: y, width: inner.maxX - stateX, style: table.style)
            }
            y += 1
        }
        // A failed load has no patients to filter, so its reason takes the rows of the filter line and the list.
        if case .failed(let message) = state.load, state.snapshot == nil {
            grid.writeWrapped("load failed: \(message)", in: GridRect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), style: CellStyle(.negative))
            return
        }

        // Filter line and list header, at the rows `DatasetView.listRect` assumes.
        let list = DatasetView.listRect(in: rect, tableCount: tables.count)
        let filterY = list.y - 2
        let count = state.dataset.visible.count
        let total = state.snapshot?.patients.count ?? 0
        let filterText: String
        let filterStyle: CellStyle
        if state.editing == .dataset {
            filterText = "/ \(state.dataset.filter)▏"
            filterStyle = CellStyle(.input)
        } else if state.dataset.filter.isEmpty {
            filterText = "/ filter patients"
            filterStyle = CellStyle(.muted)
        } else {
            filterText = "/ \(state.dataset.filter)"
            filterStyle = CellStyle(.accent)
        }
        let written = grid.writeClipped(filterText, x: inner.x, y: filterY, width: inner.width, style: filterStyle)
        let info = state.snapshot == nil ? "loading…" : "\(count) of \(total) · sort \(state.dataset.sort.rawValue)"
        if written + info.count + 2 <= inner.width {
            grid.write(info, x: inner.maxX - info.count, y: filterY, style: CellStyle(.muted))
        }
        let columns = ListColumns(patients: state.snapshot?.patients ?? [], width: list.width)
        grid.write(columns.header, x: inner.x, y: filterY + 1, style: CellStyle(.header, bold: true), maxWidth: inner.width)

        guard let snapshot = state.snapshot else { return }
        for row in 0..<list.height {
            let position = state.dataset.scroll + row
            guard position < count else { break }
            let patient = snapshot.patients[state.dataset.visible[position]]
            let selected = position == state.dataset.selected
            let style = selected ? CellStyle(.selection, bold: focused) : .normal
            grid.write(Columns.left(columns.row(patient, selected: selected), list.width), x: list.x, y: list.y + row, style: style, maxWidth: list.width)
        }
    }

    /// The patient list's column widths, sized from the longest value so that no number is cut. The events
    /// column, the last one, is left out when the pane is too narrow for it.
    struct ListColumns {
        var id: Int
        var admissions: Int
        /// Zero when the column does not fit.
        var events: Int
        static let sex = 4
        static let age = 4
        static let marker = 2

        init(patients: [PatientRow], width: Int) {
            let longestID = patients.map { String($0.id).count }.max() ?? 5
            let longestAdmissions = patients.map { String($0.admissions).count }.max() ?? 1
            let longestEvents = patients.map { Columns.grouped($0.events).count }.max() ?? 5
            id = max(2, longestID) + 2
            admissions = max(3, longestAdmissions) + 2
            events = max(6, longestEvents) + 2
            if Self.marker + id + Self.sex + Self.age + admissions + events > width { events = 0 }
        }

        var header: String {
            "  " + Columns.left("id", id) + Columns.left("sex", Self.sex) + Columns.right("age", Self.age) + Columns.right("adm", admissions)
                + (events > 0 ? Columns.right("events", events) : "")
        }

        func row(_ patient: PatientRow, selected: Bool) -> String {
            (selected ? "▶ " : "  ") + Columns.left(String(patient.id), id) + Columns.left(patient.sex, Self.sex)
                + Columns.right(DatasetView.ageText(patient.ageAtFirstAdmission), Self.age) + Columns.right(String(patient.admissions), admissions)
                + (events > 0 ? Columns.right(Columns.grouped(patient.events), events) : "")
        }
    }

    /// One table row of the pane: name, row count and state.
    struct TableLine {
        var name: String
        var rows: String
        var state: String
        var style: CellStyle
    }

    static func tableLines(_ state: WorkbenchState) -> [TableLine] {
        if let snapshot = state.snapshot {
            return snapshot.stats.tables.map { table in
                let dropped = table.droppedRows.values.reduce(0, +)
                let status = dropped > 0 ? "loaded, \(Columns.grouped(dropped)) dropped" : "loaded"
                return TableLine(name: table.name, rows: Columns.grouped(table.rows), state: status, style: CellStyle(dropped > 0 ? .warning : .positive))
            }
        }
        return state.dataset.tableProgress.sorted { $0.key < $1.key }.map { name, fraction in
            let percent = Int((fraction * 100).rounded())
            return TableLine(name: name, rows: "", state: "\(Columns.bar(fraction, width: 8)) \(percent)%", style: CellStyle(.warning))
        }
    }
}
