import Foundation
import Testing
import TestSupport
@testable import HealthData

@Suite struct TaskTests {
    static let codeTables = ["diagnoses_icd", "procedures_icd", "prescriptions"]

    func fixtureDataset() throws -> (EHRDataset, FixtureFolder) {
        let folder = try FixtureFolder()
        try MiniMIMIC.write(into: folder)
        return (try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false), folder)
    }

    func labels(_ set: SampleSet) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: set.samples.map { ($0.visitID, $0.label) })
    }

    // MARK: - Fixture cases, worked out by hand from MiniMIMIC's rows

    @Test func mortalityUsesNextAdmissionFlag() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }

        let set = try dataset.setTask(MortalityPredictionMIMIC3())

        // 101 -> 102 ("1.0"), 102 -> 103 ("1"); patient 4 in order 400, 401, 402; 502 lacks procedures;
        // 302's flag "Y" excludes 301; the last admission of each patient is never a sample.
        #expect(labels(set) == ["101": 1, "102": 1, "201": 0, "202": 0, "400": 0, "401": 0, "501": 0])
        #expect(set.report.candidateVisits == 9)
        #expect(set.report.exclusions == [.invalidExpireFlag: 1, .emptyCodeList: 1])
        #expect(set.report.invalidFlagExamples == ["Y"])
        #expect(set.labelKind == .binary)
        #expect(set.labelName == "mortality")
    }

    @Test func featuresKeepOrderAndNonEmptyNDC() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }

        let sample = try #require(try dataset.setTask(MortalityPredictionMIMIC3()).samples.first { $0.visitID == "101" })

        #expect(sample.patientID == "1")
        #expect(sample.features["conditions"] == ["D101a", "D101b"])
        #expect(sample.features["procedures"] == ["P101"])
        // The prescription with an empty ndc is skipped; "0" is a non-empty code and stays.
        #expect(sample.features["drugs"] == ["N101", "0"])
    }

    @Test func readmissionWindowAndMinors() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }

        let set = try dataset.setTask(ReadmissionPredictionMIMIC3())

        // 101: next admission 9 d 23 h 59 min after discharge; 102: 39.5 days; 201 is excluded (age 17);
        // 202: 18 on the admission day, next admission 14 days later; 400 and 401: the next admission
        // starts before discharge; 501: 8 days, with 502 (no procedures) as the next admission.
        #expect(labels(set) == ["101": 1, "102": 0, "202": 1, "301": 0, "400": 1, "401": 1, "501": 1])
        #expect(set.report.exclusions == [.minor: 1, .emptyCodeList: 1])
    }

    @Test func readmissionWithMinorsIncluded() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }

        let set = try dataset.setTask(ReadmissionPredictionMIMIC3(excludeMinors: false))

        // 201 is discharged at 20:00 and readmitted 14 hours later.
        #expect(labels(set)["201"] == 1)
        #expect(set.count == 8)
        #expect(set.report.exclusions[.minor] == nil)
    }

    @Test func changedWindowIsNeverStale() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }

        let tenDays = try dataset.setTask(ReadmissionPredictionMIMIC3(windowDays: 10))
        let justUnderTenDays = try dataset.setTask(ReadmissionPredictionMIMIC3(windowDays: 9.999))
        let tenDaysAgain = try dataset.setTask(ReadmissionPredictionMIMIC3(windowDays: 10))

        // The 101 -> 102 gap is 9 d 23 h 59 min: inside 10 days, outside 9.999 days (9 d 23 h 58 min 34 s).
        #expect(labels(tenDays)["101"] == 1)
        #expect(labels(justUnderTenDays)["101"] == 0)
        #expect(tenDays.taskIdentity != justUnderTenDays.taskIdentity)
        #expect(labels(tenDaysAgain) == labels(tenDays))
    }

    @Test func lengthOfStayCoversEveryAdmission() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }

        let set = try dataset.setTask(LengthOfStayPredictionMIMIC3())

        // Stays: 101 4 d, 102 5 d 4.5 h, 103 1 d 10 h, 201 10 h, 202 1 d 14 h, 203 19 d, 301 and 302 2 d,
        // 400 and 401 14 h, 402 1 d 14 h, 501 1 d, 503 2 d, 601 29 d. Admission 502 has no procedures.
        #expect(labels(set) == [
            "101": 4, "102": 5, "103": 1, "201": 0, "202": 1, "203": 9, "301": 2, "302": 2, "400": 0, "401": 0,
            "402": 1, "501": 1, "503": 2, "601": 9,
        ])
        #expect(set.labelKind == .multiclass(classes: 10))
        #expect(set.report.exclusions == [.emptyCodeList: 1])
    }

    @Test func dischargeBeforeAdmissionIsExcluded() throws {
        // hadm_id 101 (line 2) is admitted 2150-01-01 08:00; field 4, its dischtime, moves a month earlier.
        let folder = try RowCheckTests.fixture(editing: "ADMISSIONS.csv") {
            RowCheckTests.setField(&$0, line: 2, field: 4, to: "2149-12-01 00:00:00")
        }
        defer { folder.remove() }
        let dataset = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false)

        // The labels of mortalityUsesNextAdmissionFlag, readmissionWindowAndMinors and
        // lengthOfStayCoversEveryAdmission without 101. 102 keeps its own labels, because 101 is not its next admission.
        let mortality = try dataset.setTask(MortalityPredictionMIMIC3())
        #expect(labels(mortality) == ["102": 1, "201": 0, "202": 0, "400": 0, "401": 0, "501": 0])
        #expect(mortality.report.exclusions == [.invalidExpireFlag: 1, .emptyCodeList: 1, .dischargeBeforeAdmission: 1])

        let readmission = try dataset.setTask(ReadmissionPredictionMIMIC3())
        #expect(labels(readmission) == ["102": 0, "202": 1, "301": 0, "400": 1, "401": 1, "501": 1])
        #expect(readmission.report.exclusions == [.minor: 1, .emptyCodeList: 1, .dischargeBeforeAdmission: 1])

        let lengthOfStay = try dataset.setTask(LengthOfStayPredictionMIMIC3())
        #expect(labels(lengthOfStay)["101"] == nil)
        #expect(lengthOfStay.count == 13)
        #expect(lengthOfStay.report.exclusions == [.emptyCodeList: 1, .dischargeBeforeAdmission: 1])
    }

    @Test func lengthOfStayBuckets() {
        let cases: [(days: Int, bucket: Int)] = [(-1, 0), (0, 0), (1, 1), (2, 2), (7, 7), (8, 8), (14, 8), (15, 9), (100, 9)]
        for (days, bucket) in cases {
            #expect(lengthOfStayCategory(days: days) == bucket, "\(days) days")
        }
    }

    @Test func expireFlagParsing() {
        #expect(parseExpireFlag("1") == 1)
        #expect(parseExpireFlag("1.0") == 1)
        #expect(parseExpireFlag("0") == 0)
        #expect(parseExpireFlag("0.0") == 0)
        for text in ["Y", "2", "", " 1", "true"] {
            #expect(parseExpireFlag(text) == nil, "\(text)")
        }
        #expect(parseExpireFlag(nil) == nil)
    }

    @Test func ageCountsBirthdays() {
        let birth = CivilTime.seconds(year: 2140, month: 6, day: 15)
        #expect(ageInYears(birth: birth, at: CivilTime.seconds(year: 2158, month: 6, day: 14, hour: 23)) == 17)
        #expect(ageInYears(birth: birth, at: CivilTime.seconds(year: 2158, month: 6, day: 15)) == 18)
        #expect(ageInYears(birth: birth, at: CivilTime.seconds(year: 2159, month: 1, day: 1)) == 18)
    }

    @Test func missingTableIsReported() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let dataset = try EHRDataset.mimic3(root: folder.url, tables: ["diagnoses_icd"], useCache: false)

        let error = try #require(throws: HealthDataError.self) { try dataset.setTask(MortalityPredictionMIMIC3()) }
        #expect(error.kind == .invalidArgument)
        #expect(error.value == "procedures_icd, prescriptions")
    }

    @Test func catalogFindsTasksByName() throws {
        #expect(try TaskCatalog.mimic3(named: "mortality").name == "MortalityPredictionMIMIC3")
        #expect(try TaskCatalog.mimic3(named: "LOS").name == "LengthOfStayPredictionMIMIC3")
        #expect(try TaskCatalog.mimic3(named: "ReadmissionPredictionMIMIC3").name == "ReadmissionPredictionMIMIC3")
        let readmission = try TaskCatalog.mimic3(named: "readmission", readmissionWindowDays: 30)
        #expect(readmission.identity == "ReadmissionPredictionMIMIC3(exclude_minors=true,window_days=30.0)")
        let error = try #require(throws: HealthDataError.self) { try TaskCatalog.mimic3(named: "drug_recommendation") }
        #expect(error.hint.contains("mortality, readmission, length_of_stay"))
    }

    @Test func catalogTaskRunsOnDataset() throws {
        let (dataset, folder) = try fixtureDataset()
        defer { folder.remove() }
        let task = try TaskCatalog.mimic3(named: "mortality")

        let set = try dataset.setTask(task)

        #expect(set.count == 7)
        #expect(set.taskName == "MortalityPredictionMIMIC3")
    }

    @Test func projectedLoadKeepsTaskColumnsOnly() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        try MiniMIMIC.write(into: folder)
        let full = try EHRDataset.mimic3(root: folder.url, tables: Self.codeTables, useCache: false)

        let projected = try EHRDataset.mimic3(root: folder.url, forTask: ReadmissionPredictionMIMIC3(), useCache: false)

        #expect(projected.table("prescriptions")?.data.columns.map(\.name) == ["subject_id", "hadm_id", "startdate", "ndc"])
        #expect(projected.table("diagnoses_icd")?.data.columns.map(\.name) == ["subject_id", "hadm_id", "icd9_code"])
        #expect(projected.table("patients")?.data.columns.map(\.name) == ["subject_id", "dob"])
        #expect(projected.table("admissions")?.data.columns.map(\.name) == [
            "subject_id", "hadm_id", "admittime", "dischtime", "admission_type", "discharge_location", "hospital_expire_flag",
        ])
        #expect(projected.patient(id: 4)?.admissions == full.patient(id: 4)?.admissions)
        for name in ["mortality", "readmission", "los"] {
            let task = try TaskCatalog.mimic3(named: name)
            #expect(try projected.setTask(task).samples == full.setTask(task).samples, "\(task.name)")
        }
    }

    // MARK: - MIMIC-III demo

    // Expected values come from a standalone Python script (csv and gzip modules only) that applies
    // PyHealth 2.x's task rules to the demo files. It orders admissions by admittime, selects codes by
    // hadm_id, drops empty NDCs, computes age from dob, compares timedeltas in exact seconds and uses the
    // categorize_los buckets. Patients 10059, 10088, 10117 and 41795 were also checked row by row.

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoCountsMatchPyHealth() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: Self.codeTables, useCache: false)

        let mortality = try dataset.setTask(MortalityPredictionMIMIC3())
        #expect(mortality.count == 26)
        #expect(mortality.patientIDs.count == 12)
        #expect(mortality.labelCounts() == [0: 21, 1: 5])

        let readmission = try dataset.setTask(ReadmissionPredictionMIMIC3())
        #expect(readmission.count == 26)
        #expect(readmission.patientIDs.count == 12)
        #expect(readmission.labelCounts() == [0: 19, 1: 7])

        let readmission30 = try dataset.setTask(ReadmissionPredictionMIMIC3(windowDays: 30))
        #expect(readmission30.count == 26)
        #expect(readmission30.labelCounts() == [0: 16, 1: 10])

        let lengthOfStay = try dataset.setTask(LengthOfStayPredictionMIMIC3())
        let projected = try EHRDataset.mimic3(root: root, forTask: LengthOfStayPredictionMIMIC3(), useCache: false)
        #expect(try projected.setTask(LengthOfStayPredictionMIMIC3()).samples == lengthOfStay.samples)
        #expect(lengthOfStay.count == 107)
        #expect(lengthOfStay.patientIDs.count == 82)
        #expect(lengthOfStay.labelCounts() == [0: 8, 1: 2, 2: 12, 3: 3, 4: 12, 5: 8, 6: 7, 7: 9, 8: 31, 9: 15])
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoPatient10088() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: Self.codeTables, useCache: false)
        func samples(_ set: SampleSet) -> [Sample] { set.samples.filter { $0.patientID == "10088" } }

        // Admissions 169938 (2107-01-04 11:59 to 01-11 15:45), 168233 (01-29 04:00 to 02-10 12:00) and
        // 149044 (05-12 18:00 to 05-18 13:30), all with hospital_expire_flag 0.
        let mortality = samples(try dataset.setTask(MortalityPredictionMIMIC3()))
        #expect(mortality.map(\.visitID) == ["169938", "168233"])
        #expect(mortality.map(\.label) == [0, 0])
        #expect(mortality.map { $0.features["conditions"]?.count } == [17, 23])
        #expect(mortality.map { $0.features["procedures"]?.count } == [5, 3])
        #expect(mortality.map { $0.features["drugs"]?.count } == [94, 71])
        #expect(mortality[0].features["procedures"] == ["9671", "966", "3891", "3893", "9904"])

        // Readmitted 17 d 12 h 15 min after the first discharge: outside 15 days, inside 30.
        let readmission = samples(try dataset.setTask(ReadmissionPredictionMIMIC3()))
        #expect(readmission.map(\.label) == [0, 0])
        let readmission30 = samples(try dataset.setTask(ReadmissionPredictionMIMIC3(windowDays: 30)))
        #expect(readmission30.map(\.label) == [1, 0])

        // Stays of 7 d 3 h, 12 d 8 h and 5 d 19 h.
        let lengthOfStay = samples(try dataset.setTask(LengthOfStayPredictionMIMIC3()))
        #expect(lengthOfStay.map(\.visitID) == ["169938", "168233", "149044"])
        #expect(lengthOfStay.map(\.label) == [7, 8, 5])
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoPatientsWithSkippedVisits() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: Self.codeTables, useCache: false)
        let mortality = try dataset.setTask(MortalityPredictionMIMIC3())
        let readmission = try dataset.setTask(ReadmissionPredictionMIMIC3())
        let lengthOfStay = try dataset.setTask(LengthOfStayPredictionMIMIC3())
        func visits(_ set: SampleSet, _ patient: String) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: set.samples.filter { $0.patientID == patient }.map { ($0.visitID, $0.label) })
        }

        // 10059: 142582 then 122098 (flag 1), readmitted after 9 d 6 h; stays of 5 d 14 h and 7 d 1 h.
        #expect(visits(mortality, "10059") == ["142582": 1])
        #expect(visits(readmission, "10059") == ["142582": 1])
        #expect(visits(lengthOfStay, "10059") == ["142582": 5, "122098": 7])
        let sample = try #require(mortality.samples.first { $0.visitID == "142582" })
        #expect(sample.features["conditions"] == ["5715", "5849", "07070", "2800", "2875", "7895", "45620", "5723", "4019"])
        #expect(sample.features["procedures"] == ["4233", "9904"])
        #expect(sample.features["drugs"]?.prefix(3) == ["0", "00088120806", "00641049125"])

        // 10117: admission 187023 has no procedures and no prescriptions; 105150 stayed 9 d 5 h.
        #expect(visits(mortality, "10117").isEmpty)
        #expect(visits(readmission, "10117").isEmpty)
        #expect(visits(lengthOfStay, "10117") == ["105150": 8])

        // 41795: the second admission (118192) has no procedures; 138132 stayed 13 d 18 h.
        #expect(visits(mortality, "41795") == ["138132": 0])
        #expect(visits(lengthOfStay, "41795") == ["138132": 8])
    }
}
