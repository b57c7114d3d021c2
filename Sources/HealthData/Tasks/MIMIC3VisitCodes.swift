/// The conditions, procedures and drugs of each admission of a patient, as the MIMIC-III tasks use them.
///
/// Codes are selected by `hadm_id`, as PyHealth 2.x's MIMIC-III tasks filter them:
/// - conditions: `icd9_code` of DIAGNOSES_ICD;
/// - procedures: `icd9_code` of PROCEDURES_ICD;
/// - drugs: `ndc` of PRESCRIPTIONS, skipping empty values (`"0"` is kept, as a non-empty string).
///
/// Codes keep event order and duplicates. A missing `icd9_code` is skipped.
/// NOTE: PyHealth keeps a missing `icd9_code` as `None` in the list, so such a row makes a list non-empty
/// there but not here. The MIMIC-III demo has no such row.
struct MIMIC3VisitCodes {
    static let tables = ["diagnoses_icd", "procedures_icd", "prescriptions"]
    static let fields = ["conditions", "procedures", "drugs"]
    /// The columns the three tasks read; the store keeps the time and visit columns it needs on its own.
    static let columns = [
        "diagnoses_icd": ["hadm_id", "icd9_code"], "procedures_icd": ["hadm_id", "icd9_code"],
        "prescriptions": ["hadm_id", "ndc"], "patients": ["dob"], "admissions": ["hadm_id"], "icustays": [],
    ]

    /// Codes per admission, in the order of `admissions`: `codes[admission][field]`.
    let codes: [[[String]]]

    init(patient: Patient, admissions: [Admission]) {
        var codes = Array(repeating: Array(repeating: [String](), count: 3), count: admissions.count)
        let visitIDs = admissions.map(\.hadmID)
        let codeColumns = ["icd9_code", "icd9_code", "ndc"]
        for field in 0..<3 {
            guard let table = patient.store.tables[Self.tables[field]],
                  let visitColumn = table.data.column(patient.store.config.visits.idColumn),
                  let codeColumn = table.data.column(codeColumns[field])
            else { continue }
            for row in table.rows(forPatient: patient.index) {
                guard let visitID = visitColumn.integer(at: row), let position = visitIDs.firstIndex(of: visitID) else { continue }
                let code = codeColumn.codes[row]
                if code >= 0 { codes[position][field].append(codeColumn.dictionary[Int(code)]) }
            }
        }
        self.codes = codes
    }

    /// True when none of the three lists of admission `position` is empty.
    func isComplete(_ position: Int) -> Bool {
        codes[position].allSatisfy { !$0.isEmpty }
    }

    func features(_ position: Int) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: zip(Self.fields, codes[position]))
    }

    /// Returns the discharge time of `admission`, at `position`, when it has codes in all three lists and a
    /// discharge no earlier than its admission. Otherwise records the first failed check in `report` and
    /// returns nil.
    func usableDischargeTime(_ position: Int, admission: Admission, report: inout TaskReport) -> Int64? {
        guard isComplete(position) else {
            report.exclude(.emptyCodeList)
            return nil
        }
        guard let discharge = admission.dischargeTime else {
            report.exclude(.missingDischargeTime)
            return nil
        }
        guard discharge >= admission.admissionTime else {
            report.exclude(.dischargeBeforeAdmission)
            return nil
        }
        return discharge
    }
}

/// Parses `hospital_expire_flag`: "1" and "1.0" give 1, "0" and "0.0" give 0, anything else nil.
func parseExpireFlag(_ text: String?) -> Int? {
    switch text {
    case "1", "1.0": return 1
    case "0", "0.0": return 0
    default: return nil
    }
}

/// Age in whole years at `time`, counted as PyHealth does: the year difference, minus one before the birthday.
func ageInYears(birth: Int64, at time: Int64) -> Int {
    let born = CivilTime.date(ofSeconds: birth)
    let now = CivilTime.date(ofSeconds: time)
    var age = now.year - born.year
    if (now.month, now.day) < (born.month, born.day) { age -= 1 }
    return age
}
