import HealthData

/// One row of the Dataset pane's patient list.
public struct PatientRow: Sendable, Equatable {
    public var id: Int64
    /// `gender` of the patient table (`F`, `M`), or `?` when missing.
    public var sex: String
    /// Whole years from birth to the first admission; nil without a birth date or an admission.
    ///
    /// MIMIC shifts the birth date of patients older than 89 to about 300 years before their admissions, so
    /// values above 89 are shown as `>89` rather than as a number.
    public var ageAtFirstAdmission: Int?
    public var admissions: Int
    /// Rows over every loaded table except the patient and admission tables. ICU stays count as events, because
    /// ICUSTAYS is an event table of the MIMIC-III config, so the count is one higher per ICU stay than the
    /// diagnosis, procedure, prescription and lab rows alone.
    public var events: Int
}

/// An immutable view of a loaded dataset, built once on the loading thread and then shared with the UI thread.
public struct DatasetSnapshot: Sendable {
    public let dataset: EHRDataset
    public let stats: DatasetStats
    /// Every patient, in increasing identifier order.
    public let patients: [PatientRow]
    public let codes: CodeIndex
    /// The `drug` name of each NDC code in PRESCRIPTIONS, the first row's name where rows differ; empty when
    /// PRESCRIPTIONS is not loaded. MIMIC-III has no NDC dictionary table, so this is the only name source.
    public let drugNames: [String: String]

    /// Builds the patient rows and the code index of `dataset`; it reads every patient once.
    public init(dataset: EHRDataset) {
        self.dataset = dataset
        stats = dataset.stats()

        let config = dataset.config
        let skipped: Set<String> = [config.patientTable, config.visits.table]
        patients = dataset.patients.map { patient in
            let admissions = patient.admissions
            var age: Int?
            if let birth = patient.dateOfBirth, let first = admissions.first {
                age = Int((first.admissionTime - birth) / Self.secondsPerYear)
            }
            var sex = "?"
            if case .text(let value) = patient.attribute("gender") { sex = value }
            let events = patient.eventCounts.filter { !skipped.contains($0.key) }.values.reduce(0, +)
            return PatientRow(id: patient.id, sex: sex, ageAtFirstAdmission: age, admissions: admissions.count, events: events)
        }
        codes = CodeIndex(dataset: dataset)
        drugNames = Self.drugNames(in: dataset.table("prescriptions"))
    }

    private static func drugNames(in table: EventTable?) -> [String: String] {
        guard let table, let ndc = table.data.column("ndc"), let drug = table.data.column("drug") else { return [:] }
        var names: [String: String] = [:]
        for row in 0..<table.rowCount {
            guard let code = ndc.text(at: row), names[code] == nil, let name = drug.text(at: row) else { continue }
            names[code] = name
        }
        return names
    }

    /// Seconds in a Julian year of 365.25 days, the convention for ages in years.
    static let secondsPerYear: Int64 = 31_557_600
}
