/// Predicts readmission within a window after discharge (PyHealth 2.x `ReadmissionPredictionMIMIC3`).
///
/// Each admission except the last is a candidate. The label is 1 when the next admission starts less
/// than `windowDays` after this one's discharge (`next.admittime - dischtime < window`, exact seconds).
/// With `excludeMinors`, an admission where the patient was under 18 (age from `dob`, see `ageInYears`)
/// is skipped. An admission with an empty code list is skipped but still serves as the "next" admission
/// of the one before it.
///
/// Deliberate difference: an admission discharged before it was admitted is excluded and counted as
/// `TaskExclusion.dischargeBeforeAdmission`, because its discharge time, which the label is measured
/// from, is wrong. PyHealth labels it like any other admission. It still serves as the "next" admission.
public struct ReadmissionPredictionMIMIC3: ClinicalTask {
    /// Readmission window in days; 15 by default, as in PyHealth.
    public var windowDays: Double
    /// Skip admissions of patients under 18 at admission; true by default, as in PyHealth.
    public var excludeMinors: Bool

    public init(windowDays: Double = 15, excludeMinors: Bool = true) {
        self.windowDays = windowDays
        self.excludeMinors = excludeMinors
    }

    public var name: String { "ReadmissionPredictionMIMIC3" }
    public var parameters: [String: String] {
        ["window_days": String(windowDays), "exclude_minors": String(excludeMinors)]
    }
    public var requiredTables: [String] { MIMIC3VisitCodes.tables }
    public var requiredColumns: [String: [String]] { MIMIC3VisitCodes.columns }
    public var inputFields: [String] { MIMIC3VisitCodes.fields }
    public var labelName: String { "readmission" }
    public var labelKind: LabelKind { .binary }

    public func samples(for patient: Patient, report: inout TaskReport) -> [Sample] {
        let admissions = patient.admissions
        guard admissions.count > 1 else { return [] }
        let visits = MIMIC3VisitCodes(patient: patient, admissions: admissions)
        let birth = patient.dateOfBirth
        let window = windowDays * 86_400

        var samples: [Sample] = []
        for position in 0..<(admissions.count - 1) {
            report.candidateVisits += 1
            let admission = admissions[position]
            if excludeMinors {
                guard let birth else {
                    report.exclude(.missingBirthDate)
                    continue
                }
                if ageInYears(birth: birth, at: admission.admissionTime) < 18 {
                    report.exclude(.minor)
                    continue
                }
            }
            guard let discharge = visits.usableDischargeTime(position, admission: admission, report: &report) else {
                continue
            }
            let gap = Double(admissions[position + 1].admissionTime - discharge)
            samples.append(Sample(
                patientID: String(patient.id), visitID: String(admission.hadmID),
                features: visits.features(position), label: gap < window ? 1 : 0))
        }
        return samples
    }
}
