/// The ten MIMIC-III tables of a synthetic cohort, filled patient by patient, with the headers of the
/// MIMIC-III v1.4 files (lower-case column names) and `row_id` counting from 1 in each table.
struct SyntheticTables {
    var patients = CSVTableBuffer(
        fileName: "PATIENTS.csv.gz", header: ["row_id", "subject_id", "gender", "dob", "dod", "dod_hosp", "dod_ssn", "expire_flag"])
    var admissions = CSVTableBuffer(
        fileName: "ADMISSIONS.csv.gz",
        header: [
            "row_id", "subject_id", "hadm_id", "admittime", "dischtime", "deathtime", "admission_type", "admission_location",
            "discharge_location", "insurance", "language", "religion", "marital_status", "ethnicity", "edregtime", "edouttime",
            "diagnosis", "hospital_expire_flag", "has_chartevents_data",
        ])
    var intensiveCareStays = CSVTableBuffer(
        fileName: "ICUSTAYS.csv.gz",
        header: [
            "row_id", "subject_id", "hadm_id", "icustay_id", "dbsource", "first_careunit", "last_careunit", "first_wardid",
            "last_wardid", "intime", "outtime", "los",
        ])
    var diagnoses = CSVTableBuffer(
        fileName: "DIAGNOSES_ICD.csv.gz", header: ["row_id", "subject_id", "hadm_id", "seq_num", "icd9_code"])
    var procedures = CSVTableBuffer(
        fileName: "PROCEDURES_ICD.csv.gz", header: ["row_id", "subject_id", "hadm_id", "seq_num", "icd9_code"])
    var prescriptions = CSVTableBuffer(
        fileName: "PRESCRIPTIONS.csv.gz",
        header: [
            "row_id", "subject_id", "hadm_id", "icustay_id", "startdate", "enddate", "drug_type", "drug", "drug_name_poe",
            "drug_name_generic", "formulary_drug_cd", "gsn", "ndc", "prod_strength", "dose_val_rx", "dose_unit_rx",
            "form_val_disp", "form_unit_disp", "route",
        ])
    var labEvents = CSVTableBuffer(
        fileName: "LABEVENTS.csv.gz",
        header: ["row_id", "subject_id", "hadm_id", "itemid", "charttime", "value", "valuenum", "valueuom", "flag"])

    /// Every table, the dictionaries last.
    var all: [CSVTableBuffer] {
        [patients, admissions, intensiveCareStays, diagnoses, procedures, prescriptions, labEvents]
            + Self.dictionaries()
    }

    mutating func append(_ patient: SyntheticPatient) {
        let subject = patient.subjectID
        patients.integer(patients.rowCount + 1)
        patients.integer(subject)
        patients.text(patient.gender)
        patients.timestamp(patient.birthTime)
        patients.timestamp(patient.deathDate)
        patients.timestamp(patient.diedInHospital ? patient.deathDate : nil)
        patients.timestamp(patient.deathInSocialSecurityRecords ? patient.deathDate : nil)
        patients.integer(patient.deathDate == nil ? 0 : 1)
        patients.endRow()

        for admission in patient.admissions {
            appendAdmission(admission, subject: subject)
            for stay in admission.intensiveCareStays { appendStay(stay, subject: subject, hadmID: admission.hadmID) }
            for (position, code) in admission.diagnoses.enumerated() {
                diagnoses.integer(diagnoses.rowCount + 1)
                diagnoses.integer(subject)
                diagnoses.integer(admission.hadmID)
                diagnoses.integer(position + 1)
                diagnoses.text(code)
                diagnoses.endRow()
            }
            for (position, code) in admission.procedures.enumerated() {
                procedures.integer(procedures.rowCount + 1)
                procedures.integer(subject)
                procedures.integer(admission.hadmID)
                procedures.integer(position + 1)
                procedures.text(code)
                procedures.endRow()
            }
            for prescription in admission.prescriptions { appendPrescription(prescription, subject: subject, hadmID: admission.hadmID) }
            for event in admission.labEvents { appendLabEvent(event, subject: subject, hadmID: admission.hadmID) }
        }
    }

    private mutating func appendAdmission(_ admission: SyntheticAdmission, subject: Int64) {
        admissions.integer(admissions.rowCount + 1)
        admissions.integer(subject)
        admissions.integer(admission.hadmID)
        admissions.timestamp(admission.admitTime)
        admissions.timestamp(admission.dischargeTime)
        admissions.timestamp(admission.died ? admission.dischargeTime : nil)
        admissions.text(admission.admissionType)
        admissions.text(admission.admissionLocation)
        admissions.text(admission.dischargeLocation)
        admissions.text(admission.insurance)
        admissions.text(admission.language)
        admissions.text(admission.religion)
        admissions.text(admission.maritalStatus)
        admissions.text(admission.ethnicity)
        admissions.timestamp(admission.emergencyRegistrationTime)
        admissions.timestamp(admission.emergencyDepartureTime)
        admissions.text(admission.admissionDiagnosis)
        admissions.integer(admission.died ? 1 : 0)
        admissions.integer(admission.intensiveCareStays.isEmpty ? 0 : 1)
        admissions.endRow()
    }

    private mutating func appendStay(_ stay: SyntheticICUStay, subject: Int64, hadmID: Int64) {
        intensiveCareStays.integer(intensiveCareStays.rowCount + 1)
        intensiveCareStays.integer(subject)
        intensiveCareStays.integer(hadmID)
        intensiveCareStays.integer(stay.icustayID)
        intensiveCareStays.text(stay.databaseSource)
        intensiveCareStays.text(stay.careUnit)
        intensiveCareStays.text(stay.careUnit)
        intensiveCareStays.integer(stay.wardID)
        intensiveCareStays.integer(stay.wardID)
        intensiveCareStays.timestamp(stay.inTime)
        intensiveCareStays.timestamp(stay.outTime)
        intensiveCareStays.decimal(Double(stay.outTime - stay.inTime) / 86_400, places: 4)
        intensiveCareStays.endRow()
    }

    private mutating func appendPrescription(_ prescription: SyntheticPrescription, subject: Int64, hadmID: Int64) {
        let drug = SyntheticCatalog.drugs[prescription.drug]
        prescriptions.integer(prescriptions.rowCount + 1)
        prescriptions.integer(subject)
        prescriptions.integer(hadmID)
        if let stay = prescription.icustayID { prescriptions.integer(stay) } else { prescriptions.empty() }
        prescriptions.timestamp(prescription.startDate)
        prescriptions.timestamp(prescription.endDate)
        prescriptions.text(drug.drugType)
        prescriptions.text(drug.drug)
        prescriptions.text(drug.orderName)
        prescriptions.text(drug.orderName)
        prescriptions.text(drug.formularyCode)
        prescriptions.text(drug.gsn)
        prescriptions.text(drug.ndc)
        prescriptions.text(drug.strength)
        prescriptions.text(drug.dose)
        prescriptions.text(drug.doseUnit)
        prescriptions.text(drug.formAmount)
        prescriptions.text(drug.formUnit)
        prescriptions.text(drug.route)
        prescriptions.endRow()
    }

    private mutating func appendLabEvent(_ event: SyntheticLabEvent, subject: Int64, hadmID: Int64) {
        let item = SyntheticCatalog.labItems[event.item]
        labEvents.integer(labEvents.rowCount + 1)
        labEvents.integer(subject)
        labEvents.integer(hadmID)
        labEvents.integer(item.itemID)
        labEvents.timestamp(event.chartTime)
        labEvents.decimal(event.value, places: item.places)
        labEvents.decimal(event.value, places: item.places)
        labEvents.text(item.unit)
        labEvents.text(event.value < item.low || event.value > item.high ? "abnormal" : "")
        labEvents.endRow()
    }

    /// D_ICD_DIAGNOSES, D_ICD_PROCEDURES and D_LABITEMS, listing exactly the built-in codes and items.
    static func dictionaries() -> [CSVTableBuffer] {
        let diagnoses = codeDictionary("D_ICD_DIAGNOSES.csv.gz", SyntheticCatalog.diagnoses)
        let procedures = codeDictionary("D_ICD_PROCEDURES.csv.gz", SyntheticCatalog.procedures)

        var labItems = CSVTableBuffer(fileName: "D_LABITEMS.csv.gz", header: ["row_id", "itemid", "label", "fluid", "category", "loinc_code"])
        for (position, item) in SyntheticCatalog.labItems.enumerated() {
            labItems.integer(position + 1)
            labItems.integer(item.itemID)
            labItems.text(item.label)
            labItems.text(item.fluid)
            labItems.text(item.category)
            labItems.text(item.loincCode)
            labItems.endRow()
        }
        return [diagnoses, procedures, labItems]
    }

    private static func codeDictionary(_ fileName: String, _ entries: [ICD9Entry]) -> CSVTableBuffer {
        var table = CSVTableBuffer(fileName: fileName, header: ["row_id", "icd9_code", "short_title", "long_title"])
        for (position, entry) in entries.enumerated() {
            table.integer(position + 1)
            table.text(entry.code)
            table.text(entry.shortTitle)
            table.text(entry.longTitle)
            table.endRow()
        }
        return table
    }
}
