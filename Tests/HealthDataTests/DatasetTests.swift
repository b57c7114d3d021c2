import Foundation
import Synchronization
import Testing
import TestSupport
@testable import HealthData

@Suite struct DatasetTests {
    static let codeTables = ["diagnoses_icd", "procedures_icd", "prescriptions"]

    @Test func fixtureLoadsOnlyRequestedTables() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: ["PRESCRIPTIONS"], useCache: false)

        #expect(dataset.tableNames == ["patients", "admissions", "icustays", "prescriptions"])
        #expect(!dataset.hasTable("diagnoses_icd"))
        #expect(dataset.patientCount == 7)
    }

    @Test func unknownTableIsRejected() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)

        let error = try #require(throws: HealthDataError.self) {
            try EHRDataset.mimic3(root: folder.url, tables: ["chartevent"], useCache: false)
        }
        #expect(error.kind == .invalidArgument)
        #expect(error.hint.contains("prescriptions"))
        #expect(error.description.components(separatedBy: "chartevent").count == 2)
    }

    @Test func errorValueIsNotRepeated() {
        let quoted = HealthDataError(.invalidArgument, value: "x1", message: "unknown name 'x1'", hint: "Fix it.")
        let unquoted = HealthDataError(.invalidArgument, value: " 1", message: "the value is not an integer", hint: "Fix it.")

        #expect(quoted.description == "unknown name 'x1'. Fix it.")
        #expect(unquoted.description == "the value is not an integer (value: \" 1\"). Fix it.")
    }

    @Test func bothFileFormsGiveWarning() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        // A header-only plain copy next to the full PRESCRIPTIONS.csv.gz.
        try folder.write("PRESCRIPTIONS.csv", "row_id,subject_id\n")

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false)

        #expect(dataset.table("prescriptions")?.data.source.hasSuffix("PRESCRIPTIONS.csv.gz") == true)
        #expect(dataset.loadReport.diagnostics.contains(LoadDiagnostic(
            .warning,
            "both PRESCRIPTIONS.csv.gz and PRESCRIPTIONS.csv exist, so PRESCRIPTIONS.csv.gz is read and PRESCRIPTIONS.csv is ignored. "
                + "Remove or rename the file that should not be read")))
    }

    @Test func admissionsOrderBreaksTies() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)

        let dataset = try EHRDataset.mimic3(root: folder.url, useCache: false)
        let patient = try #require(dataset.patient(id: 4))

        // Same admit time for all three; 400 and 401 also share the discharge time, so hadm_id decides.
        #expect(patient.admissions.map(\.hadmID) == [400, 401, 402])
        #expect(patient.admissions[0].hospitalExpireFlag == "1")
        #expect(patient.admissions[2].dischargeTime == CivilTime.seconds(year: 2150, month: 1, day: 3))
    }

    @Test func joinStampsDiagnosesAtDischarge() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false)
        let patient = try #require(dataset.patient(id: 1))
        let discharge = CivilTime.seconds(year: 2150, month: 1, day: 5, hour: 8)

        let diagnoses = patient.events("diagnoses_icd", visitID: 101)
        #expect(diagnoses.map { $0.text("icd9_code") } == ["D101a", "D101b"])
        #expect(diagnoses.map(\.time) == [discharge, discharge])

        // The diagnosis pointing at hadm_id 999 has no admission, so the inner join drops it.
        #expect(dataset.patient(id: 6)?.events("diagnoses_icd").count == 2)
        #expect(dataset.stats().tables.first { $0.name == "diagnoses_icd" }?.droppedRows == ["no matching hadm_id in admissions": 1])
        #expect(dataset.loadReport.diagnostics.contains(LoadDiagnostic(.warning, "diagnoses_icd: dropped 1 rows (no matching hadm_id in admissions), first at DIAGNOSES_ICD.csv line 32, hadm_id 999")))
        #expect(dataset.loadReport.diagnostics.contains(LoadDiagnostic(.warning, "prescriptions: dropped 1 rows (missing subject_id), first at PRESCRIPTIONS.csv.gz line 47")))
    }

    @Test func timeWindowBoundsAreInclusive() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false)
        let patient = try #require(dataset.patient(id: 1))
        let firstDay = CivilTime.seconds(year: 2150, month: 1, day: 1)
        let secondVisitDay = CivilTime.seconds(year: 2150, month: 1, day: 15)

        // Three prescriptions start on each admission day at 00:00.
        #expect(patient.events("prescriptions", from: firstDay, to: firstDay).count == 3)
        #expect(patient.events("prescriptions", from: firstDay, to: secondVisitDay).count == 6)
        #expect(patient.events("prescriptions", from: firstDay + 1, to: secondVisitDay - 1).count == 0)
        #expect(patient.events("prescriptions", from: secondVisitDay).count == 6)
        #expect(patient.events("prescriptions").count == 9)
        #expect(patient.events("labevents").isEmpty)
    }

    @Test func attributesByColumnName() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false)
        let patient = try #require(dataset.patient(id: 2))

        #expect(patient.attribute("GENDER") == .text("F"))
        #expect(patient.attribute("dod") == nil)
        #expect(patient.dateOfBirth == CivilTime.seconds(year: 2140, month: 6, day: 15))
        let prescription = try #require(patient.events("prescriptions", visitID: 201).last)
        #expect(prescription["icustay_id"] == .integer(7))
        #expect(prescription.text("dose_val_rx") == "1-2")
        #expect(prescription.text("ndc") == "0")
        #expect(patient.events("prescriptions", visitID: 201)[1].text("ndc") == nil)
        #expect(dataset.patient(id: 7)?.admissions.isEmpty == true)
    }

    @Test func progressReachesTheEnd() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let seen = Mutex<[String: Double]>([:])
        let overall = Mutex<Double>(0)

        _ = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false) { progress in
            seen.withLock { $0[progress.table] = max($0[progress.table] ?? 0, progress.fraction) }
            overall.withLock { $0 = max($0, progress.overallFraction) }
        }

        let fractions = seen.withLock { $0 }
        #expect(Set(fractions.keys) == ["patients", "admissions", "icustays", "diagnoses_icd", "procedures_icd", "prescriptions"])
        #expect(fractions.values.allSatisfy { $0 == 1 })
        #expect(abs(overall.withLock { $0 } - 1) < 1e-9)
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoStatsMatchSource() throws {
        let root = try TestData.require("mimic3-demo")

        let dataset = try EHRDataset.mimic3(root: root, tables: Self.codeTables + ["labevents"], useCache: false)
        let stats = dataset.stats()

        // Row counts from SOURCE.md; every diagnosis, procedure and prescription matches an admission.
        #expect(stats.patients == 100)
        #expect(stats.admissions == 129)
        #expect(stats.eventsPerTable == [
            "patients": 100, "admissions": 129, "icustays": 136, "diagnoses_icd": 1761, "procedures_icd": 506,
            "prescriptions": 10398, "labevents": 76074,
        ])
        // Patients with rows, counted with Python's csv module over the demo files.
        let patientsPerTable = Dictionary(uniqueKeysWithValues: stats.tables.map { ($0.name, $0.patients) })
        #expect(patientsPerTable["prescriptions"] == 94)
        #expect(patientsPerTable["procedures_icd"] == 88)
        #expect(patientsPerTable["labevents"] == 100)
        #expect(dataset.loadReport.diagnostics.filter { $0.severity == .warning }.isEmpty)
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoPatientHandChecked() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: Self.codeTables, useCache: false)

        // Patient 10088 has three ADMISSIONS rows, all EMERGENCY, discharged to SNF, flag 0.
        let patient = try #require(dataset.patient(id: 10088))
        let admissions = patient.admissions
        #expect(admissions.map(\.hadmID) == [169938, 168233, 149044])
        #expect(admissions[0].admissionTime == CivilTime.seconds(year: 2107, month: 1, day: 4, hour: 11, minute: 59))
        #expect(admissions[0].dischargeTime == CivilTime.seconds(year: 2107, month: 1, day: 11, hour: 15, minute: 45))
        #expect(admissions.map(\.hospitalExpireFlag) == ["0", "0", "0"])
        #expect(admissions.map(\.admissionType) == ["EMERGENCY", "EMERGENCY", "EMERGENCY"])
        #expect(admissions.map(\.dischargeLocation) == ["SNF", "SNF", "SNF"])
        #expect(patient.attribute("gender") == .text("M"))
        #expect(patient.attribute("dod_hosp") == nil)

        // DIAGNOSES_ICD rows of hadm 149044 in file order (seq_num 1...17).
        let diagnoses = patient.events("diagnoses_icd", visitID: 149044).compactMap { $0.text("icd9_code") }
        #expect(diagnoses == ["0389", "99591", "78552", "5990", "4280", "V090", "3320", "29041", "4370", "V441", "41400", "28529", "V4582", "V4581", "4439", "V1079", "V1201"])
        #expect(patient.events("prescriptions", visitID: 169938).count == 94)
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoWindowAndDescriptions() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: Self.codeTables, useCache: false)
        let patient = try #require(dataset.patient(id: 10006))
        let admission = try #require(patient.admissions.first)

        // Patient 10006 has 54 prescriptions; 17 start on 2164-10-23 00:00, before the 21:09 admission time,
        // which is why the tasks select codes by hadm_id and not by time window.
        #expect(patient.events("prescriptions", visitID: admission.hadmID).count == 54)
        #expect(patient.events("prescriptions", from: admission.admissionTime, to: admission.dischargeTime).count == 37)
        // 7 start on 2164-10-25 and 7 on 2164-10-26: both bounds inclusive.
        let day25 = CivilTime.seconds(year: 2164, month: 10, day: 25)
        #expect(patient.events("prescriptions", from: day25, to: day25 + 86_400).count == 14)

        // D_ICD_DIAGNOSES, D_ICD_PROCEDURES and D_LABITEMS rows for these codes.
        #expect(dataset.descriptions.diagnosisName("4280") == "Congestive heart failure, unspecified")
        #expect(dataset.descriptions.diagnosisShortName("4280") == "CHF NOS")
        #expect(dataset.descriptions.procedureName("3893") == "Venous catheterization, not elsewhere classified")
        #expect(dataset.descriptions.labItem(50801)?.label == "Alveolar-arterial Gradient")
        #expect(dataset.descriptions.labItem(50801)?.loincCode == "19991-9")
        #expect(dataset.descriptions.labItem(1) == nil)
        #expect(dataset.descriptions.count(.diagnosis) == 14567)
        // Without LABEVENTS there is no unit to report.
        #expect(dataset.labItem(50912)?.label == "Creatinine")
        #expect(dataset.labItem(50912)?.unit == nil)
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoLabUnitsFromLabEvents() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: ["labevents"], useCache: false)

        // Most frequent valueuom per itemid in LABEVENTS: 50912 (Creatinine) 2175 rows in mg/dL,
        // 51221 (Hematocrit) 2317 rows in %, 50801 (Alveolar-arterial Gradient) 59 rows in mm Hg.
        #expect(dataset.labItem(50912)?.unit == "mg/dL")
        #expect(dataset.labItem(51221)?.unit == "%")
        #expect(dataset.labItem(51221)?.category == "Hematology")
        #expect(dataset.labItem(50801)?.unit == "mm Hg")
        #expect(dataset.labItem(1) == nil)
    }
}
