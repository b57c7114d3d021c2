/// Predicts whether the patient dies during the next hospital admission (PyHealth 2.x `MortalityPredictionMIMIC3`).
///
/// Each admission except the last gives one sample, labelled with the next admission's
/// `hospital_expire_flag`. An admission with an empty conditions, procedures or drugs list is skipped
/// (see `MIMIC3VisitCodes`), and a patient with one admission gives nothing.
///
/// Deliberate difference: PyHealth maps a flag other than 0/1 to label 0. Here "1"/"1.0" and "0"/"0.0"
/// are parsed, and any other value (or a missing one) excludes the sample and is counted in
/// `TaskReport.exclusions[.invalidExpireFlag]`, because silently labelling it a survivor would bias the data.
/// An admission discharged before it was admitted is also excluded, as `TaskExclusion.dischargeBeforeAdmission`,
/// because its times are wrong and the other MIMIC-III tasks exclude it too. PyHealth gives it a label.
/// It still serves as the "next" admission that supplies the label.
public struct MortalityPredictionMIMIC3: ClinicalTask {
    public init() {}

    public var name: String { "MortalityPredictionMIMIC3" }
    public var parameters: [String: String] { [:] }
    public var requiredTables: [String] { MIMIC3VisitCodes.tables }
    public var requiredColumns: [String: [String]] { MIMIC3VisitCodes.columns }
    public var inputFields: [String] { MIMIC3VisitCodes.fields }
    public var labelName: String { "mortality" }
    public var labelKind: LabelKind { .binary }

    public func samples(for patient: Patient, report: inout TaskReport) -> [Sample] {
        let admissions = patient.admissions
        guard admissions.count > 1 else { return [] }
        let visits = MIMIC3VisitCodes(patient: patient, admissions: admissions)

        var samples: [Sample] = []
        for position in 0..<(admissions.count - 1) {
            report.candidateVisits += 1
            guard visits.isComplete(position) else {
                report.exclude(.emptyCodeList)
                continue
            }
            let admission = admissions[position]
            if let discharge = admission.dischargeTime, discharge < admission.admissionTime {
                report.exclude(.dischargeBeforeAdmission)
                continue
            }
            let flag = admissions[position + 1].hospitalExpireFlag
            guard let label = parseExpireFlag(flag) else {
                report.rejectFlag(flag)
                continue
            }
            samples.append(Sample(
                patientID: String(patient.id), visitID: String(admission.hadmID),
                features: visits.features(position), label: label))
        }
        return samples
    }
}
