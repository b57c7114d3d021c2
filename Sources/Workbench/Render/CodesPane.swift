import MedCode

/// Pane 5: type-ahead code search with a system filter and the selected code's details. With a code store it
/// searches every imported system; without one, the dataset's ICD-9 diagnosis and procedure dictionaries.
enum CodesPane {
    static func draw(into grid: inout CellGrid, rect: GridRect, state: WorkbenchState, focused: Bool) {
        let filter = state.codes.systemFilter?.rawValue ?? "All"
        grid.drawBox(rect, title: "5 Codes · \(filter)", focused: focused)
        let inner = rect.inset(by: 1)
        let usesStore = state.codeStore != nil
        guard inner.width > 10, inner.height > CodesView.detailRows(inner: inner, usesStore: usesStore) + 1 else { return }

        drawQueryLine(into: &grid, inner: inner, state: state)
        let list = CodesView.listRect(in: rect, usesStore: usesStore)
        let details = GridRect(x: inner.x, y: list.maxY, width: inner.width, height: inner.maxY - list.maxY)
        if let session = state.codeStore {
            drawHits(into: &grid, list: list, codes: state.codes, session: session, focused: focused)
            drawStoreDetail(into: &grid, area: details, state: state)
        } else {
            drawEntries(into: &grid, list: list, state: state, focused: focused)
            drawEntryDetail(into: &grid, area: details, state: state)
        }
    }

    /// Draws the query at the left and the number of results at the right, dropping the unit when room is short.
    private static func drawQueryLine(into grid: inout CellGrid, inner: GridRect, state: WorkbenchState) {
        let codes = state.codes
        let editing = state.editing == .codes
        let query = editing ? "/ \(codes.query)▏" : (codes.query.isEmpty ? "/ search codes" : "/ \(codes.query)")
        let written = grid.writeClipped(query, x: inner.x, y: inner.y, width: inner.width, style: CellStyle(editing ? .input : (codes.query.isEmpty ? .muted : .accent)))
        let hasResults = state.codeStore != nil ? !codes.query.isEmpty : state.snapshot != nil
        guard hasResults else { return }
        let count = state.codeResultCount
        var number = count == CodesPaneState.resultLimit ? "\(count)+" : String(count)
        var withUnit = number + (count == 1 ? " code" : " codes")
        if state.codeStore != nil, codes.hitsRequest != state.requestedCodeSearch {
            (number, withUnit) = ("…", "searching…")
        }
        if let text = [withUnit, number].first(where: { written + $0.count + 2 <= inner.width }) {
            grid.write(text, x: inner.maxX - text.count, y: inner.y, style: CellStyle(.muted))
        }
    }

    // MARK: - Code store

    /// Draws one row per hit: system, code and name, with the parts that match the query highlighted.
    private static func drawHits(into grid: inout CellGrid, list: GridRect, codes: CodesPaneState, session: CodeStoreSession, focused: Bool) {
        if codes.query.isEmpty {
            let hint: String
            if let system = codes.systemFilter {
                hint = "type / to search \(Columns.grouped(session.codeCount(of: system))) \(system.rawValue) codes"
            } else {
                let systems = session.systems.count == 1 ? "1 system" : "\(session.systems.count) systems"
                hint = "type / to search \(Columns.grouped(session.codeCount)) codes of \(systems)"
            }
            grid.writeClipped(hint, x: list.x, y: list.y, width: list.width, style: CellStyle(.muted))
            return
        }
        if codes.hits.isEmpty {
            grid.writeClipped("no code matches", x: list.x, y: list.y, width: list.width, style: CellStyle(.muted))
            return
        }
        let shown = codes.hits.dropFirst(codes.scroll).prefix(max(0, list.height))
        let systemWidth = max(8, shown.map { $0.system.rawValue.count }.max() ?? 0)
        let codeWidth = max(6, shown.map { $0.code.count }.max() ?? 0)
        for (row, hit) in shown.enumerated() {
            let selected = codes.scroll + row == codes.selected
            let base = selected ? CellStyle(.selection, bold: focused) : .normal
            let match = matchStyle(selected: selected)
            var spans = [StyledSpan(Columns.left(hit.system.rawValue, systemWidth) + " ", base)]
            spans += StyledSpan.highlighted(hit.code, matches: hit.codeMatch.map { [$0] } ?? [], base: base, match: match)
            spans.append(StyledSpan(String(repeating: " ", count: max(0, codeWidth - hit.code.count) + 1), base))
            spans += StyledSpan.highlighted(hit.name, matches: hit.nameMatches, base: base, match: match)
            grid.write(String(repeating: " ", count: list.width), x: list.x, y: list.y + row, style: base)
            grid.writeSpans(spans, x: list.x, y: list.y + row, width: list.width)
        }
    }

    /// Returns the style of the characters that match the query: the theme's accent (or the selection) in bold and
    /// underlined, so the match still shows in monochrome, where colours are gone.
    static func matchStyle(selected: Bool) -> CellStyle {
        CellStyle(selected ? .selection : .accent, bold: true, underline: true)
    }

    private static func drawStoreDetail(into grid: inout CellGrid, area: GridRect, state: WorkbenchState) {
        guard let key = state.selectedStoreCode else { return }
        let hit = state.codes.hits[state.codes.selected]
        let detail = state.codes.detail?.key == key ? state.codes.detail : nil
        let lines = CodesView.detailLines(key, name: hit.name, detail: detail)
        let fits = lines.count <= area.height
        for (offset, line) in lines.prefix(area.height).enumerated() {
            if !fits, offset == area.height - 1 {
                let rest = lines.count - offset
                let hint = state.zoomed ? "… \(rest) more lines" : "… \(rest) more lines; z zooms the pane"
                grid.writeClipped(hint, x: area.x, y: area.y + offset, width: area.width, style: CellStyle(.muted))
            } else {
                grid.writeClipped(line.text, x: area.x, y: area.y + offset, width: area.width, style: line.style)
            }
        }
    }

    // MARK: - Dataset dictionaries

    private static func drawEntries(into grid: inout CellGrid, list: GridRect, state: WorkbenchState, focused: Bool) {
        let codes = state.codes
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
    }

    /// Draws three lines on the selected dictionary code, then the store's status or hint at the bottom. A hint
    /// too wide for one row wraps onto the row above, in place of the least useful detail line.
    private static func drawEntryDetail(into grid: inout CellGrid, area: GridRect, state: WorkbenchState) {
        var detailRows = area.height
        if let line = CodesView.storeStatusLine(state.codes.storeStatus) {
            let rows = min(2, Columns.wrap(line.text, width: area.width).count, area.height)
            detailRows -= rows
            grid.writeWrapped(line.text, in: GridRect(x: area.x, y: area.maxY - rows, width: area.width, height: rows), style: line.style)
        }
        let codes = state.codes
        guard codes.results.indices.contains(codes.selected) else { return }
        let entry = codes.results[codes.selected]
        let table = entry.kind == .diagnosis ? "DIAGNOSES_ICD" : "PROCEDURES_ICD"
        let lines = [
            StyledLine("\(entry.kind.rawValue) \(entry.dottedCode): \(entry.longTitle)", CellStyle(.accent, bold: true)),
            StyledLine("\(Columns.grouped(entry.occurrences)) rows of \(table) · \(Columns.grouped(entry.patients)) patients"),
            StyledLine("MIMIC code \(entry.code) · short title \(entry.shortTitle)", CellStyle(.muted)),
        ]
        for (offset, line) in lines.prefix(max(0, detailRows)).enumerated() {
            grid.writeClipped(line.text, x: area.x, y: area.y + offset, width: area.width, style: line.style)
        }
    }
}
