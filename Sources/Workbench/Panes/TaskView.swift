import HealthData

/// Text of the Task pane, shared by its renderer and the reducer.
enum TaskView {
    /// Returns the summary lines: task picker, build state, counts and label distribution. The distribution wraps at
    /// `width` cells between classes, so every class shows.
    static func summaryLines(_ state: TaskPaneState, width: Int = .max) -> [StyledLine] {
        var lines = [StyledLine("task ◂ \(state.selectedName) ▸   Enter builds", CellStyle(.accent, bold: true))]
        if let parameters = state.selectedTaskDefinition?.parameters, !parameters.isEmpty {
            let text = parameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " · ")
            let hint = state.selectedName == "readmission" ? "   + - change the window" : ""
            lines.append(StyledLine(text + hint, CellStyle(.muted)))
        }
        if let building = state.building {
            lines.append(StyledLine("building \(building) in the background…", CellStyle(.warning)))
        }
        if let error = state.error {
            lines.append(StyledLine(error, CellStyle(.negative)))
        }
        guard let result = state.selectedResult else {
            if state.building == nil { lines.append(StyledLine("not built yet", CellStyle(.muted))) }
            return lines
        }
        let samples = result.samples
        lines.append(StyledLine("\(Columns.grouped(samples.count)) samples · \(Columns.grouped(result.samplesByPatient.count)) patients"))
        let labels = samples.labelCounts().sorted { $0.key < $1.key }.map { "\($0.key): \(Columns.grouped($0.value))" }
        var line = "labels (\(samples.labelName))"
        for label in labels {
            if line.unicodeScalars.count + 2 + label.unicodeScalars.count > width, !line.allSatisfy({ $0 == " " }) {
                lines.append(StyledLine(line))
                line = "   "
            }
            line += "  " + label
        }
        lines.append(StyledLine(line))
        return lines
    }

    /// Returns the lines of the selected patient's sample `sampleIndex`: every input field with code names, then the label.
    static func sampleLines(_ state: TaskPaneState, patient: PatientRow?, snapshot: DatasetSnapshot?) -> [StyledLine] {
        guard let result = state.selectedResult, let patient else { return [] }
        let indices = result.samplesByPatient[String(patient.id)] ?? []
        guard !indices.isEmpty else {
            return [
                StyledLine("patient \(patient.id): no samples from this task", CellStyle(.muted)),
                StyledLine("\(Columns.grouped(result.samplesByPatient.count)) patients have samples: pick one in pane 1", CellStyle(.muted)),
            ]
        }
        let position = min(max(0, state.sampleIndex), indices.count - 1)
        let sample = result.samples.samples[indices[position]]
        var lines = [StyledLine("patient \(patient.id), sample \(position + 1) of \(indices.count) · visit \(sample.visitID)", CellStyle(.header, bold: true))]
        for field in result.samples.inputFields {
            let codes = sample.features[field] ?? []
            lines.append(StyledLine("\(field) (\(codes.count))", CellStyle(.accent)))
            for code in codes {
                lines.append(StyledLine("  \(Columns.padded(code, 7)) \(name(of: code, field: field, snapshot: snapshot) ?? "")"))
            }
        }
        lines.append(StyledLine("label  \(sample.label)\(labelMeaning(result.name, sample.label))", CellStyle(sample.label == 1 ? .negative : .positive, bold: true)))
        return lines
    }

    /// Returns the name of a code in `field`: a diagnosis or procedure title, or the drug name of an NDC code.
    static func name(of code: String, field: String, snapshot: DatasetSnapshot?) -> String? {
        switch field {
        case "conditions": snapshot?.dataset.descriptions.diagnosisName(code)
        case "procedures": snapshot?.dataset.descriptions.procedureName(code)
        case "drugs": snapshot?.drugNames[code]
        default: nil
        }
    }

    /// Returns the meaning of a binary label of a built-in task, to follow the number.
    static func labelMeaning(_ task: String, _ label: Int) -> String {
        switch (task, label) {
        case ("mortality", 1): " (died at the next admission)"
        case ("mortality", 0): " (survived the next admission)"
        case ("readmission", 1): " (readmitted within the window)"
        case ("readmission", 0): " (not readmitted within the window)"
        default: ""
        }
    }
}

extension TaskView {
    /// Returns the rectangle of sample lines inside the pane at `rect`, below the summary lines.
    static func sampleRect(in rect: GridRect, summaryLines: Int) -> GridRect {
        let inner = rect.inset(by: 1)
        return GridRect(x: inner.x, y: inner.y + summaryLines, width: inner.width, height: inner.height - summaryLines)
    }
}
