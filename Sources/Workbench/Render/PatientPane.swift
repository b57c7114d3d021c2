import Foundation

/// Pane 2: the selected patient's admissions on a time axis, then the selected admission's events.
enum PatientPane {
    static func draw(into grid: inout CellGrid, rect: GridRect, state: WorkbenchState, focused: Bool) {
        guard let detail = state.patient.detail else {
            grid.drawBox(rect, title: "2 Patient", focused: focused)
            let body = GridRect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
            if case .failed(let message) = state.load, state.snapshot == nil {
                grid.writeWrapped("loading failed, no patients to show: \(message)", in: body, style: CellStyle(.negative))
                return
            }
            let text = state.snapshot == nil ? "waiting for the dataset" : "no patient selected"
            grid.writeClipped(text, x: body.x, y: body.y, width: body.width, style: CellStyle(.muted))
            return
        }
        let row = detail.row
        let age = DatasetView.ageText(row.ageAtFirstAdmission)
        let plural = detail.admissions.count == 1 ? "admission" : "admissions"
        grid.drawBox(rect, title: "2 Patient \(row.id) · \(row.sex) · \(age) y · \(detail.admissions.count) \(plural)", focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 20, inner.height > 2 else { return }

        drawTimeline(into: &grid, inner: inner, detail: detail, selected: state.patient.admission, focused: focused)

        guard detail.admissions.indices.contains(state.patient.admission) else {
            grid.write("no admissions", x: inner.x, y: inner.y, style: CellStyle(.muted))
            return
        }
        let lines = PatientView.detailLines(detail.admissions[state.patient.admission])
        let area = PatientView.detailRect(in: rect, admissionCount: detail.admissions.count)
        let needle = state.patient.search.lowercased()
        for offset in 0..<area.height {
            let index = state.patient.scroll + offset
            guard index < lines.count else { break }
            var style = lines[index].style
            if !needle.isEmpty, lines[index].text.lowercased().contains(needle) { style = CellStyle(.selection) }
            grid.writeClipped(lines[index].text, x: area.x, y: area.y + offset, width: area.width, style: style)
        }
        if lines.count > area.height, area.height > 0 {
            let position = "\(min(lines.count, state.patient.scroll + 1))/\(lines.count)"
            grid.write(position, x: rect.maxX - position.count - 2, y: rect.maxY - 1, style: CellStyle(.muted))
        }
    }

    /// Draws one row per admission: dates around a bar on an axis shared by all admissions, type, discharge and ICU time.
    static func drawTimeline(into grid: inout CellGrid, inner: GridRect, detail: PatientDetail, selected: Int, focused: Bool) {
        let admissions = detail.admissions
        let shownRows = PatientView.timelineRowsShown(admissionCount: admissions.count, inner: inner)
        let first = PatientView.timelineScroll(selected: selected, shown: shownRows)
        let start = admissions.map(\.admission.admissionTime).min() ?? 0
        let end = admissions.map { $0.admission.dischargeTime ?? $0.admission.admissionTime }.max() ?? start
        let axisWidth = max(8, inner.width / 4)

        for offset in 0..<shownRows {
            let index = first + offset
            guard index < admissions.count else { break }
            let item = admissions[index]
            let admission = item.admission
            let isSelected = index == selected
            let y = inner.y + offset
            var x = inner.x
            let textStyle = isSelected ? CellStyle(.selection, bold: focused) : .normal
            x += grid.write((isSelected ? "▶ " : "  ") + PatientView.date(admission.admissionTime) + " ", x: x, y: y, style: textStyle)
            x += grid.write(axis(from: admission.admissionTime, to: admission.dischargeTime ?? admission.admissionTime, start: start, end: end, width: axisWidth),
                            x: x, y: y, style: CellStyle(isSelected ? .chartLine : .muted, bold: isSelected))
            var text = " \(PatientView.date(admission.dischargeTime))  \(admission.admissionType ?? "?") → \(admission.dischargeLocation ?? "?")"
            if !item.icuStays.isEmpty {
                let days = item.icuStays.compactMap(\.days).reduce(0, +)
                text += String(format: "  ICU %d stay%@, %.1f d", item.icuStays.count, item.icuStays.count == 1 ? "" : "s", days)
            }
            grid.writeClipped(text, x: x, y: y, width: inner.maxX - x, style: textStyle)
        }
    }

    /// Returns the bar of one admission on an axis of `width` cells spanning `start...end`: `├──┤`, or `│` when it fits in one cell.
    static func axis(from admitted: Int64, to discharged: Int64, start: Int64, end: Int64, width: Int) -> String {
        let span = Double(max(1, end - start))
        func column(_ time: Int64) -> Int {
            Int((Double(time - start) / span * Double(width - 1)).rounded())
        }
        let left = min(max(0, column(admitted)), width - 1)
        let right = min(max(left, column(discharged)), width - 1)
        var cells = Array(repeating: Character(" "), count: width)
        if left == right {
            cells[left] = "│"
        } else {
            cells[left] = "├"
            cells[right] = "┤"
            for index in (left + 1)..<right { cells[index] = "─" }
        }
        return String(cells)
    }
}
