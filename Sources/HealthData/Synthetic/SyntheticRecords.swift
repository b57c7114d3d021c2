// One generated patient as plain records, before they are written as MIMIC-III table rows.
// Times are seconds since 1970 (UTC), on MIMIC-III's shifted calendar.

struct SyntheticPatient {
    var subjectID: Int64
    /// `M` or `F`.
    var gender: String
    var birthTime: Int64
    /// Date of death (midnight), in hospital or later, or nil for a patient not known to have died.
    var deathDate: Int64?
    var diedInHospital: Bool
    /// Whether the death also appears in the social security records (`dod_ssn`).
    var deathInSocialSecurityRecords: Bool
    var admissions: [SyntheticAdmission]
}

struct SyntheticAdmission {
    var hadmID: Int64
    var admitTime: Int64
    var dischargeTime: Int64
    var died: Bool
    var admissionType: String
    var admissionLocation: String
    var dischargeLocation: String
    var insurance: String
    var language: String
    var religion: String
    var maritalStatus: String
    var ethnicity: String
    var emergencyRegistrationTime: Int64?
    var emergencyDepartureTime: Int64?
    var admissionDiagnosis: String
    var intensiveCareStays: [SyntheticICUStay]
    /// ICD-9 diagnosis codes in `seq_num` order.
    var diagnoses: [String]
    /// ICD-9 procedure codes in `seq_num` order.
    var procedures: [String]
    var prescriptions: [SyntheticPrescription]
    var labEvents: [SyntheticLabEvent]
}

struct SyntheticICUStay {
    var icustayID: Int64
    /// `carevue` or `metavision`, the bedside system that recorded the stay.
    var databaseSource: String
    var careUnit: String
    var wardID: Int
    var inTime: Int64
    var outTime: Int64
}

struct SyntheticPrescription {
    /// Position in `SyntheticCatalog.drugs`.
    var drug: Int
    /// Start and end dates at midnight, as MIMIC-III records them.
    var startDate: Int64
    var endDate: Int64
    var icustayID: Int64?
}

struct SyntheticLabEvent {
    /// Position in `SyntheticCatalog.labItems`.
    var item: Int
    var chartTime: Int64
    /// Already rounded to the item's decimals, so the `abnormal` flag agrees with the written value.
    var value: Double
}
