import HealthData

/// Layout and list logic of the Dataset pane, shared by its renderer and the reducer.
enum DatasetView {
    /// Table rows shown above the patient list: every table when there is room, else a third of the pane.
    static func tableRowsShown(tableCount: Int, inner: GridRect) -> Int {
        min(tableCount, max(1, inner.height / 3))
    }

    /// Returns the rectangle of patient rows inside the pane at `rect`: below the table header, the table rows, the filter
    /// line and the list header.
    static func listRect(in rect: GridRect, tableCount: Int) -> GridRect {
        let inner = rect.inset(by: 1)
        let top = inner.y + 1 + tableRowsShown(tableCount: tableCount, inner: inner) + 2
        return GridRect(x: inner.x, y: top, width: inner.width, height: inner.maxY - top)
    }

    /// Indices of `patients` that match `filter`, in `sort` order.
    ///
    /// A patient matches when every word of the filter is a prefix of its id, equals its sex, or equals its age.
    static func visibleRows(_ patients: [PatientRow], filter: String, sort: PatientSort) -> [Int] {
        let words = filter.lowercased().split(separator: " ").map(String.init)
        var indices = patients.indices.filter { index in
            let row = patients[index]
            let id = String(row.id)
            let age = row.ageAtFirstAdmission.map(String.init) ?? ""
            return words.allSatisfy { word in id.hasPrefix(word) || row.sex.lowercased() == word || age == word }
        }
        switch sort {
        case .id: break
        case .age: indices.sort { (patients[$0].ageAtFirstAdmission ?? -1, patients[$0].id) < (patients[$1].ageAtFirstAdmission ?? -1, patients[$1].id) }
        case .admissions: indices.sort { (-patients[$0].admissions, patients[$0].id) < (-patients[$1].admissions, patients[$1].id) }
        case .events: indices.sort { (-patients[$0].events, patients[$0].id) < (-patients[$1].events, patients[$1].id) }
        }
        return indices
    }

    /// Returns the age column's text: the number of years, `>89` for MIMIC's shifted ages, `?` when unknown.
    static func ageText(_ age: Int?) -> String {
        guard let age else { return "?" }
        return age > 89 ? ">89" : String(age)
    }
}
