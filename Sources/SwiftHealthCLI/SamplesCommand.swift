import Foundation
import HealthData

/// `swifthealth samples`: builds a task and shows its samples with code names and the label distribution.
enum SamplesCommand {
    static let specs = DatasetSelection.optionSpecs + TaskChoice.optionSpecs + [
        OptionSpec(name: "patient", valueName: "ID", help: "show every sample of this patient (subject_id)"),
        OptionSpec(name: "limit", valueName: "N", help: "samples to show when no patient is given (default: 5)"),
        OptionSpec(name: "json", valueName: "FILE", help: "also write the shown samples and the summary as JSON ('-' for standard output)"),
        OptionSpec(name: "help", valueName: nil, help: "show this help"),
    ]

    static func run(_ arguments: [String], console: Console) throws {
        guard let options = try parseOptions(
            arguments, command: "samples", usage: "swifthealth samples --dataset mimic3 --root DIR --task NAME [options]",
            summary: "Builds a task's samples and prints a summary and some samples, or one patient's.", specs: specs,
            console: console)
        else { return }
        let selection = try DatasetSelection(options)
        let task = try TaskChoice.parse(options).makeTask(options)
        let limit = try options.integer("limit", range: 0...1_000_000) ?? 5
        if let patient = options.string("patient") {
            guard Int64(patient) != nil else {
                throw CommandError.usage("invalid value '\(patient)' for '--patient': expected a subject_id, a whole number")
            }
            guard options.string("limit") == nil else {
                throw CommandError.usage("--limit applies only without --patient, which shows every sample of that patient")
            }
        }

        let dataset = try selection.load(tables: task.requiredTables, task: task, console: console)
        let sampleSet = try dataset.setTask(task)

        var shown = Array(sampleSet.samples.prefix(limit))
        if let patient = options.string("patient") {
            guard let patientID = Int64(patient), dataset.patient(id: patientID) != nil else {
                throw CommandError.runtime("patient '\(patient)' not found in \(selection.root.path); pass a subject_id from PATIENTS")
            }
            shown = sampleSet.samples.filter { $0.patientID == patient }
        }

        if let jsonPath = options.string("json") {
            try writeJSON(jsonObject(sampleSet, shown: shown), to: jsonPath, console: console)
            if jsonPath == "-" { return }
        }

        printSummary(sampleSet, patientsInDataset: dataset.patientCount, console: console)
        if let patient = options.string("patient"), shown.isEmpty {
            console.print("")
            console.print("patient \(patient) has no samples for \(sampleSet.taskIdentity)")
        }
        for sample in shown {
            console.print("")
            printSample(sample, labelName: sampleSet.labelName, fields: sampleSet.inputFields, descriptions: dataset.descriptions, console: console)
        }
    }

    static func printSummary(_ sampleSet: SampleSet, patientsInDataset: Int, console: Console) {
        console.print("task      \(sampleSet.taskIdentity)")
        console.print("samples   \(sampleSet.count) from \(sampleSet.patientIDs.count) patients (of \(patientsInDataset))")
        let labels = sampleSet.labelCounts().sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        console.print("labels    \(sampleSet.labelName) \(labels.isEmpty ? "-" : labels)")
        let exclusions = sampleSet.report.exclusions.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
        console.print("excluded  \(exclusions.isEmpty ? "none" : exclusions)")
        if !sampleSet.report.invalidFlagExamples.isEmpty {
            let quoted = sampleSet.report.invalidFlagExamples.map { "\"\($0)\"" }
            console.print("          rejected flag values: \(quoted.joined(separator: ", "))")
        }
    }

    static func printSample(_ sample: Sample, labelName: String, fields: [String], descriptions: CodeDescriptions, console: Console) {
        console.print("patient \(sample.patientID) · visit \(sample.visitID) · \(labelName) \(sample.label)")
        for field in fields {
            let codes = sample.features[field] ?? []
            let named = codes.map { code -> String in
                let name: String?
                switch field {
                case "conditions": name = descriptions.diagnosisShortName(code)
                case "procedures": name = descriptions.procedureShortName(code)
                default: name = nil
                }
                return name.map { "\(code) \($0)" } ?? code
            }
            console.print("  \(pad(field + " (\(codes.count))", 18))\(named.joined(separator: "; "))")
        }
    }

    static func jsonObject(_ sampleSet: SampleSet, shown: [Sample]) -> [String: Any] {
        let labels = Dictionary(uniqueKeysWithValues: sampleSet.labelCounts().map { ("\($0.key)", $0.value) })
        let exclusions = Dictionary(uniqueKeysWithValues: sampleSet.report.exclusions.map { ($0.key.rawValue, $0.value) })
        let samples: [[String: Any]] = shown.map { sample in
            ["patient_id": sample.patientID, "visit_id": sample.visitID, sampleSet.labelName: sample.label, "features": sample.features]
        }
        return [
            "task": sampleSet.taskIdentity, "total": sampleSet.count, "patients": sampleSet.patientIDs.count,
            "labels": labels, "excluded": exclusions, "samples": samples,
        ]
    }
}
