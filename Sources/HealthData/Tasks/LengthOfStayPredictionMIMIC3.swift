/// Predicts the length-of-stay bucket of an admission (PyHealth 2.x `LengthOfStayPredictionMIMIC3`).
///
/// Every admission, the last included, gives a sample unless a code list is empty. The stay in whole
/// days is `floor((dischtime - admittime) / 1 day)`, as Python's `timedelta.days`, and
/// `lengthOfStayCategory` maps it to one of 10 classes.
///
/// Deliberate differences: an admission discharged before it was admitted is excluded and counted as
/// `TaskExclusion.dischargeBeforeAdmission`, where PyHealth puts the negative stay in class 0. The label
/// is always one of the fixed classes 0...9. PyHealth's multiclass
/// processor re-indexes the classes it observes, so there a class missing from the data shifts the indices.
/// NOTE: PyHealth's version of this task does not drop empty NDC values, so a visit whose prescriptions all
/// lack an NDC gives a sample there and not here. The MIMIC-III demo has no such visit.
public struct LengthOfStayPredictionMIMIC3: ClinicalTask {
    /// Number of `lengthOfStayCategory` buckets.
    public static let classCount = 10

    public init() {}

    public var name: String { "LengthOfStayPredictionMIMIC3" }
    public var parameters: [String: String] { [:] }
    public var requiredTables: [String] { MIMIC3VisitCodes.tables }
    public var requiredColumns: [String: [String]] { MIMIC3VisitCodes.columns }
    public var inputFields: [String] { MIMIC3VisitCodes.fields }
    public var labelName: String { "los" }
    public var labelKind: LabelKind { .multiclass(classes: Self.classCount) }

    public func samples(for patient: Patient, report: inout TaskReport) -> [Sample] {
        let admissions = patient.admissions
        guard !admissions.isEmpty else { return [] }
        let visits = MIMIC3VisitCodes(patient: patient, admissions: admissions)

        var samples: [Sample] = []
        for (position, admission) in admissions.enumerated() {
            report.candidateVisits += 1
            guard let discharge = visits.usableDischargeTime(position, admission: admission, report: &report) else {
                continue
            }
            let days = CivilTime.floorDivide(discharge - admission.admissionTime, 86_400)
            samples.append(Sample(
                patientID: String(patient.id), visitID: String(admission.hadmID),
                features: visits.features(position), label: lengthOfStayCategory(days: Int(days))))
        }
        return samples
    }
}

/// PyHealth's `categorize_los`: under 1 day gives 0, days 1 to 7 give the day number, 8 to 14 days give 8,
/// and more than 14 days give 9.
public func lengthOfStayCategory(days: Int) -> Int {
    if days < 1 { return 0 }
    if days <= 7 { return days }
    if days <= 14 { return 8 }
    return 9
}
