import Foundation
import HealthData

/// Layout and text of the Patient pane, shared by its renderer and the reducer.
enum PatientView {
    /// Timeline rows: one per admission, at most a third of the pane so the events keep room.
    static func timelineRowsShown(admissionCount: Int, inner: GridRect) -> Int {
        min(admissionCount, max(1, inner.height / 3))
    }

    /// Returns the rectangle of event lines inside the pane at `rect`, below the timeline and a blank row.
    static func detailRect(in rect: GridRect, admissionCount: Int) -> GridRect {
        let inner = rect.inset(by: 1)
        let top = inner.y + timelineRowsShown(admissionCount: admissionCount, inner: inner) + 1
        return GridRect(x: inner.x, y: top, width: inner.width, height: inner.maxY - top)
    }

    /// Returns the date part of a timestamp (`2164-10-23`), or `?`.
    static func date(_ seconds: Int64?) -> String {
        guard let seconds else { return "?" }
        return String(CivilTime.format(seconds).prefix(10))
    }

    /// Returns the events of one admission as pane lines: a heading per kind with its count, then one line per event.
    static func detailLines(_ detail: AdmissionDetail) -> [StyledLine] {
        var lines: [StyledLine] = []
        let admission = detail.admission
        let type = admission.admissionType ?? "?"
        let discharge = admission.dischargeLocation ?? "?"
        let died = admission.hospitalExpireFlag == "1" ? " · died in hospital" : ""
        lines.append(StyledLine("Admission \(admission.hadmID) · \(date(admission.admissionTime)) to \(date(admission.dischargeTime)) · \(type) → \(discharge)\(died)", CellStyle(.header, bold: true)))

        let missingDiagnosis = detail.namedByStore ? "(not in ICD9CM or D_ICD_DIAGNOSES)" : "(not in D_ICD_DIAGNOSES)"
        lines.append(StyledLine("▾ Diagnoses (\(detail.diagnoses.count))", CellStyle(.accent, bold: true)))
        for item in detail.diagnoses {
            lines.append(StyledLine("  \(Columns.padded(item.code, 7)) \(item.title ?? missingDiagnosis)"))
        }
        let missingProcedure = detail.namedByStore ? "(not in ICD9PROC or D_ICD_PROCEDURES)" : "(not in D_ICD_PROCEDURES)"
        lines.append(StyledLine("▾ Procedures (\(detail.procedures.count))", CellStyle(.accent, bold: true)))
        for item in detail.procedures {
            lines.append(StyledLine("  \(Columns.padded(item.code, 7)) \(item.title ?? missingProcedure)"))
        }
        lines.append(StyledLine("▾ Prescriptions (\(detail.prescriptions.count))", CellStyle(.accent, bold: true)))
        for item in detail.prescriptions {
            let route = item.route.isEmpty ? "" : " · \(item.route)"
            let atc = item.atcClass.map { " · ATC \($0)" } ?? ""
            lines.append(StyledLine("  \(date(item.start))  \(item.drug)  \(item.dose)\(route)\(atc)"))
        }
        lines.append(StyledLine("▾ ICU stays (\(detail.icuStays.count))", CellStyle(.accent, bold: true)))
        for stay in detail.icuStays {
            let days = stay.days.map { String(format: "%.1f d", $0) } ?? "? d"
            lines.append(StyledLine("  \(Columns.left(stay.careUnit, 6)) \(date(stay.inTime)) to \(date(stay.outTime))  \(days)"))
        }
        lines.append(StyledLine("▾ Labs (\(detail.labs.count), \(detail.abnormalLabs) abnormal)", CellStyle(.accent, bold: true)))
        for lab in detail.labs {
            let flag = lab.isAbnormal ? "  ! abnormal" : (lab.flag.isEmpty ? "" : "  \(lab.flag)")
            let unit = lab.unit.isEmpty ? "" : " \(lab.unit)"
            let style = lab.isAbnormal ? CellStyle(.negative) : .normal
            lines.append(StyledLine("  \(date(lab.time))  \(lab.label): \(lab.value)\(unit)\(flag)", style))
        }
        return lines
    }

    /// Index of the next (or, with `forward` false, previous) line after `start` that contains `search`,
    /// wrapping around; nil when no line does.
    static func matchLine(in lines: [StyledLine], search: String, from start: Int, forward: Bool) -> Int? {
        guard !search.isEmpty, !lines.isEmpty else { return nil }
        let needle = search.lowercased()
        for step in 1...lines.count {
            let index = ((start + (forward ? step : -step)) % lines.count + lines.count) % lines.count
            if lines[index].text.lowercased().contains(needle) { return index }
        }
        return nil
    }
}

extension PatientView {
    /// First timeline row on screen, so the selected admission stays visible among `shown` rows.
    static func timelineScroll(selected: Int, shown: Int) -> Int {
        max(0, selected - max(1, shown) + 1)
    }
}
