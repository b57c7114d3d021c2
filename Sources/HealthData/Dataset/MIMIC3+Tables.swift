extension DatasetConfig {
    /// MIMIC-III v1.4 (and its 100-patient demo), following PyHealth's `pyhealth/datasets/configs/mimic3.yaml`.
    ///
    /// Differences from that file, on purpose: `icustays` also keeps `hadm_id`, and `labevents` does not
    /// join `D_LABITEMS` row by row, because `CodeDescriptions.labItem(_:)` gives the label, fluid and
    /// category per item. NOTEEVENTS is not configured yet.
    public static let mimic3 = DatasetConfig(
        name: "mimic3",
        tables: [
            TableSchema(
                name: "patients", fileName: "PATIENTS", patientIDColumn: "subject_id", timestampColumn: nil,
                columns: [
                    .init("gender", .text), .init("dob", .timestamp), .init("dod", .timestamp),
                    .init("dod_hosp", .timestamp), .init("dod_ssn", .timestamp), .init("expire_flag", .text),
                ]),
            TableSchema(
                name: "admissions", fileName: "ADMISSIONS", patientIDColumn: "subject_id", timestampColumn: "admittime",
                columns: [
                    .init("hadm_id", .integer), .init("admittime", .timestamp), .init("dischtime", .timestamp),
                    .init("admission_type", .text), .init("admission_location", .text), .init("insurance", .text),
                    .init("language", .text), .init("religion", .text), .init("marital_status", .text),
                    .init("ethnicity", .text), .init("edregtime", .timestamp), .init("edouttime", .timestamp),
                    .init("diagnosis", .text), .init("discharge_location", .text),
                    // Kept as raw text: tasks parse it and report values that are not 0 or 1.
                    .init("hospital_expire_flag", .text),
                ],
                tieBreakColumns: ["dischtime", "hadm_id"]),
            TableSchema(
                name: "icustays", fileName: "ICUSTAYS", patientIDColumn: "subject_id", timestampColumn: "intime",
                columns: [
                    .init("hadm_id", .integer), .init("icustay_id", .integer), .init("intime", .timestamp),
                    .init("first_careunit", .text), .init("dbsource", .text), .init("last_careunit", .text),
                    .init("outtime", .timestamp),
                ]),
            TableSchema(
                name: "diagnoses_icd", fileName: "DIAGNOSES_ICD", patientIDColumn: "subject_id", timestampColumn: nil,
                columns: [.init("hadm_id", .integer), .init("icd9_code", .text), .init("seq_num", .integer)],
                join: TableJoin(table: "admissions", key: "hadm_id", timestampColumn: "dischtime")),
            TableSchema(
                name: "procedures_icd", fileName: "PROCEDURES_ICD", patientIDColumn: "subject_id", timestampColumn: nil,
                columns: [.init("hadm_id", .integer), .init("icd9_code", .text), .init("seq_num", .integer)],
                join: TableJoin(table: "admissions", key: "hadm_id", timestampColumn: "dischtime")),
            TableSchema(
                name: "prescriptions", fileName: "PRESCRIPTIONS", patientIDColumn: "subject_id", timestampColumn: "startdate",
                columns: [
                    .init("hadm_id", .integer), .init("icustay_id", .integer), .init("startdate", .timestamp),
                    .init("enddate", .timestamp), .init("drug_type", .text), .init("drug", .text),
                    .init("drug_name_poe", .text), .init("drug_name_generic", .text), .init("formulary_drug_cd", .text),
                    // Codes with leading zeros and free-text doses stay text.
                    .init("gsn", .text), .init("ndc", .text), .init("prod_strength", .text), .init("dose_val_rx", .text),
                    .init("dose_unit_rx", .text), .init("form_val_disp", .text), .init("form_unit_disp", .text),
                    .init("route", .text),
                ]),
            TableSchema(
                name: "labevents", fileName: "LABEVENTS", patientIDColumn: "subject_id", timestampColumn: "charttime",
                columns: [
                    .init("hadm_id", .integer), .init("itemid", .integer), .init("charttime", .timestamp),
                    .init("value", .text), .init("valuenum", .double), .init("valueuom", .text), .init("flag", .text),
                ]),
        ],
        alwaysLoaded: ["patients", "admissions", "icustays"],
        patientTable: "patients",
        birthDateColumn: "dob",
        visits: VisitSchema(
            table: "admissions", idColumn: "hadm_id", startColumn: "admittime", endColumn: "dischtime",
            expireFlagColumn: "hospital_expire_flag", typeColumn: "admission_type",
            dischargeLocationColumn: "discharge_location"),
        descriptions: [
            DescriptionSchema(
                kind: .diagnosis, fileName: "D_ICD_DIAGNOSES", codeColumn: "icd9_code",
                columns: [.init("icd9_code", .text), .init("short_title", .text), .init("long_title", .text)]),
            DescriptionSchema(
                kind: .procedure, fileName: "D_ICD_PROCEDURES", codeColumn: "icd9_code",
                columns: [.init("icd9_code", .text), .init("short_title", .text), .init("long_title", .text)]),
            DescriptionSchema(
                kind: .labItem, fileName: "D_LABITEMS", codeColumn: "itemid",
                columns: [
                    .init("itemid", .text), .init("label", .text), .init("fluid", .text), .init("category", .text),
                    .init("loinc_code", .text),
                ]),
        ])
}
