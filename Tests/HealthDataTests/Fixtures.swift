import CZlib
import Foundation
import TestSupport

/// Writes small CSV fixtures into a fresh temporary folder.
struct FixtureFolder {
    let url: URL

    init(_ label: String = "healthdata-fixture") throws {
        url = try TestData.temporaryFolder(label)
    }

    /// Writes `bytes` as `name`; a name ending in `.gz` is gzip-compressed.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        if name.hasSuffix(".gz") {
            guard let handle = gzopen(file.path, "wb") else { throw CocoaError(.fileWriteUnknown) }
            let written = bytes.withUnsafeBytes { gzwrite(handle, $0.baseAddress, UInt32($0.count)) }
            gzclose(handle)
            guard written == Int32(bytes.count) else { throw CocoaError(.fileWriteUnknown) }
        } else {
            try Data(bytes).write(to: file)
        }
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A tiny MIMIC-III-shaped dataset with the edge cases the demo lacks, written as CSV files.
///
/// Patients (subject_id: what it exercises):
/// - 1: three admissions; 101 -> 102 is a 9 d 23 h 59 min gap; 102 has flag "1.0".
/// - 2: born 2140-06-15; admission 201 is the day before the 18th birthday, 202 on it.
/// - 3: the next admission's flag is "Y", which is neither 0 nor 1.
/// - 4: admissions 402, 401, 400 in file order, all admitted at the same time; 400 and 401 also
///   share the discharge time, so the order is 400, 401, 402.
/// - 5: admission 502 has no procedures, between two complete admissions.
/// - 6: one admission; a diagnosis row points at hadm_id 999, which does not exist.
/// - 7: born 2010-01-01, appears only in PATIENTS.
struct MiniMIMIC {
    struct Visit {
        var subject: Int
        var hadm: Int
        var admit: String
        var discharge: String
        var flag: String
        var procedures = true
    }

    static let visits: [Visit] = [
        Visit(subject: 1, hadm: 101, admit: "2150-01-01 08:00:00", discharge: "2150-01-05 08:00:00", flag: "0"),
        Visit(subject: 1, hadm: 102, admit: "2150-01-15 07:59:00", discharge: "2150-01-20 12:00:00", flag: "1.0"),
        Visit(subject: 1, hadm: 103, admit: "2150-03-01 00:00:00", discharge: "2150-03-02 10:00:00", flag: "1"),
        Visit(subject: 2, hadm: 201, admit: "2158-06-14 10:00:00", discharge: "2158-06-14 20:00:00", flag: "0"),
        Visit(subject: 2, hadm: 202, admit: "2158-06-15 10:00:00", discharge: "2158-06-17 00:00:00", flag: "0"),
        Visit(subject: 2, hadm: 203, admit: "2158-07-01 00:00:00", discharge: "2158-07-20 00:00:00", flag: "0"),
        Visit(subject: 3, hadm: 301, admit: "2120-05-01 00:00:00", discharge: "2120-05-03 00:00:00", flag: "0"),
        Visit(subject: 3, hadm: 302, admit: "2120-09-01 00:00:00", discharge: "2120-09-03 00:00:00", flag: "Y"),
        Visit(subject: 4, hadm: 402, admit: "2150-01-01 10:00:00", discharge: "2150-01-03 00:00:00", flag: "0"),
        Visit(subject: 4, hadm: 401, admit: "2150-01-01 10:00:00", discharge: "2150-01-02 00:00:00", flag: "0"),
        Visit(subject: 4, hadm: 400, admit: "2150-01-01 10:00:00", discharge: "2150-01-02 00:00:00", flag: "1"),
        Visit(subject: 5, hadm: 501, admit: "2130-01-01 00:00:00", discharge: "2130-01-02 00:00:00", flag: "0"),
        Visit(subject: 5, hadm: 502, admit: "2130-01-10 00:00:00", discharge: "2130-01-12 00:00:00", flag: "0", procedures: false),
        Visit(subject: 5, hadm: 503, admit: "2130-02-10 00:00:00", discharge: "2130-02-12 00:00:00", flag: "1"),
        Visit(subject: 6, hadm: 601, admit: "2140-01-01 00:00:00", discharge: "2140-01-30 00:00:00", flag: "0"),
    ]

    /// Writes the tables into `folder`, PATIENTS and PRESCRIPTIONS gzip-compressed, the rest plain.
    static func write(into folder: FixtureFolder) throws {
        var patients = "row_id,subject_id,gender,dob,dod,dod_hosp,dod_ssn,expire_flag\n"
        let births = [1: "2100-01-01 00:00:00", 2: "2140-06-15 00:00:00", 3: "2080-01-01 00:00:00", 4: "2090-01-01 00:00:00",
                      5: "2070-01-01 00:00:00", 6: "2100-01-01 00:00:00", 7: "2010-01-01 00:00:00"]
        for subject in 1...7 {
            patients += "\(subject),\(subject),\(subject % 2 == 0 ? "F" : "M"),\(births[subject]!),,,,0\n"
        }
        try folder.write("PATIENTS.csv.gz", patients)

        var admissions = "row_id,subject_id,hadm_id,admittime,dischtime,deathtime,admission_type,admission_location,discharge_location,insurance,language,religion,marital_status,ethnicity,edregtime,edouttime,diagnosis,hospital_expire_flag,has_chartevents_data\n"
        var diagnoses = "row_id,subject_id,hadm_id,seq_num,icd9_code\n"
        var procedures = "row_id,subject_id,hadm_id,seq_num,icd9_code\n"
        var prescriptions = "row_id,subject_id,hadm_id,icustay_id,startdate,enddate,drug_type,drug,drug_name_poe,drug_name_generic,formulary_drug_cd,gsn,ndc,prod_strength,dose_val_rx,dose_unit_rx,form_val_disp,form_unit_disp,route\n"
        for (row, visit) in visits.enumerated() {
            admissions += "\(row),\(visit.subject),\(visit.hadm),\(visit.admit),\(visit.discharge),,EMERGENCY,ER,HOME,Medicare,,,,,,,\"FEVER, UNSPECIFIED\",\(visit.flag),1\n"
            diagnoses += "\(row * 2),\(visit.subject),\(visit.hadm),1,D\(visit.hadm)a\n"
            diagnoses += "\(row * 2 + 1),\(visit.subject),\(visit.hadm),2,D\(visit.hadm)b\n"
            if visit.procedures { procedures += "\(row),\(visit.subject),\(visit.hadm),1,P\(visit.hadm)\n" }
            let day = visit.admit.prefix(10)
            prescriptions += "\(row * 3),\(visit.subject),\(visit.hadm),,\(day) 00:00:00,\(day) 00:00:00,MAIN,Drug,,,,,N\(visit.hadm),,1,mg,1,TAB,PO\n"
            prescriptions += "\(row * 3 + 1),\(visit.subject),\(visit.hadm),,\(day) 00:00:00,,MAIN,NoCode,,,,,,,1,mg,1,TAB,PO\n"
            prescriptions += "\(row * 3 + 2),\(visit.subject),\(visit.hadm),7,\(day) 00:00:00,,MAIN,Zero,,,,,0,,\"1-2\",mg,1,TAB,PO\n"
        }
        diagnoses += "900,6,999,1,DORPHAN\n"
        prescriptions += "901,,601,,2140-01-02 00:00:00,,MAIN,NoPatient,,,,,N601x,,1,mg,1,TAB,PO\n"
        try folder.write("ADMISSIONS.csv", admissions)
        try folder.write("DIAGNOSES_ICD.csv", diagnoses)
        try folder.write("procedures_icd.csv", procedures)
        try folder.write("PRESCRIPTIONS.csv.gz", prescriptions)
        try folder.write("ICUSTAYS.csv", "row_id,subject_id,hadm_id,icustay_id,dbsource,first_careunit,last_careunit,first_wardid,last_wardid,intime,outtime,los\n1,1,101,11,carevue,MICU,MICU,1,1,2150-01-01 09:00:00,2150-01-02 09:00:00,1.0\n")
    }
}
