import Foundation
import Testing
import TestSupport
@testable import HealthData

/// Rows that the loader drops or flags, each counted with the file, line and key of the first one.
///
/// Every case edits one line of `MiniMIMIC`. Its ADMISSIONS.csv has the header on line 1 and the visits
/// in `MiniMIMIC.visits` order from line 2, so hadm_id 102 is on line 3 and 601 on line 16. PATIENTS has
/// subjects 1...7 on lines 2...8, and DIAGNOSES_ICD has two rows per visit from line 2, then hadm_id 999 on line 32.
@Suite struct RowCheckTests {
    /// Writes MiniMIMIC, then applies `edit` to the lines of the plain-text table `file`.
    static func fixture(editing file: String? = nil, _ edit: (inout [String]) -> Void = { _ in }) throws -> FixtureFolder {
        let folder = try FixtureFolder()
        try MiniMIMIC.write(into: folder)
        if let file {
            let url = folder.url.appendingPathComponent(file)
            var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            edit(&lines)
            try folder.write(file, lines.joined(separator: "\n") + "\n")
        }
        return folder
    }

    /// Replaces field `field` (0-based) of line `line` (1-based).
    static func setField(_ lines: inout [String], line: Int, field: Int, to value: String) {
        var fields = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[field] = value
        lines[line - 1] = fields.joined(separator: ",")
    }

    static func table(_ dataset: EHRDataset, _ name: String) throws -> DatasetStats.Table {
        try #require(dataset.stats().tables.first { $0.name == name })
    }

    @Test func emptyAdmittimeDropsAdmission() throws {
        // Field 3 of ADMISSIONS is admittime; line 3 is hadm_id 102 of subject 1.
        let folder = try Self.fixture(editing: "ADMISSIONS.csv") { Self.setField(&$0, line: 3, field: 3, to: "") }
        defer { folder.remove() }

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, useCache: false)

        #expect(dataset.patient(id: 1)?.admissions.map(\.hadmID) == [101, 103])
        #expect(dataset.stats().admissions == MiniMIMIC.visits.count - 1)
        #expect(try Self.table(dataset, "admissions").droppedRows == ["missing admittime": 1])
        #expect(dataset.loadReport.diagnostics.contains(
            LoadDiagnostic(.warning, "admissions: dropped 1 rows (missing admittime), first at ADMISSIONS.csv line 3, hadm_id 102")))

        // The two diagnoses of 102 (lines 4 and 5) now have no admission, like the one of hadm_id 999.
        #expect(try Self.table(dataset, "diagnoses_icd").droppedRows == ["no matching hadm_id in admissions": 3])
        #expect(dataset.loadReport.diagnostics.contains(
            LoadDiagnostic(.warning, "diagnoses_icd: dropped 3 rows (no matching hadm_id in admissions), first at DIAGNOSES_ICD.csv line 4, hadm_id 102")))
    }

    @Test func cacheKeepsDropExamples() throws {
        let folder = try Self.fixture(editing: "ADMISSIONS.csv") { Self.setField(&$0, line: 3, field: 3, to: "") }
        defer { folder.remove() }
        let cache = folder.url.appendingPathComponent("cache")

        let built = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, cacheDirectory: cache)
        let cached = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, cacheDirectory: cache)

        #expect(cached.loadReport.fromCache)
        let warnings = { (dataset: EHRDataset) in dataset.loadReport.diagnostics.filter { $0.severity == .warning } }
        #expect(!warnings(built).isEmpty)
        #expect(warnings(cached) == warnings(built))
    }

    @Test func unknownSubjectIsDropped() throws {
        // Field 1 is subject_id; line 16 is hadm_id 601 of subject 6, moved to subject 99, which PATIENTS lacks.
        let folder = try Self.fixture(editing: "ADMISSIONS.csv") { Self.setField(&$0, line: 16, field: 1, to: "99") }
        defer { folder.remove() }

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, useCache: false)

        #expect(dataset.patientCount == 7)
        #expect(dataset.patient(id: 99) == nil)
        #expect(try Self.table(dataset, "admissions").droppedRows == ["subject_id not in patients": 1])
        #expect(dataset.loadReport.diagnostics.contains(
            LoadDiagnostic(.warning, "admissions: dropped 1 rows (subject_id not in patients), first at ADMISSIONS.csv line 16, subject_id 99")))
        // The diagnoses of 601 (lines 30 and 31) lose their admission, and the one of hadm_id 999 stays dropped.
        #expect(try Self.table(dataset, "diagnoses_icd").droppedRows == ["no matching hadm_id in admissions": 3])
    }

    @Test func unknownSubjectInEventTable() throws {
        // Line 33, after the last diagnosis, names an existing admission but a subject PATIENTS lacks.
        let folder = try Self.fixture(editing: "DIAGNOSES_ICD.csv") { $0.append("902,88,101,3,DUNKNOWN") }
        defer { folder.remove() }

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, useCache: false)

        #expect(dataset.patientCount == 7)
        #expect(try Self.table(dataset, "diagnoses_icd").droppedRows == ["no matching hadm_id in admissions": 1, "subject_id not in patients": 1])
        #expect(dataset.loadReport.diagnostics.contains(
            LoadDiagnostic(.warning, "diagnoses_icd: dropped 1 rows (subject_id not in patients), first at DIAGNOSES_ICD.csv line 33, subject_id 88")))
    }

    @Test func duplicateHadmKeepsFirst() throws {
        // Line 17 repeats line 2 (hadm_id 101) with another discharge time.
        let folder = try Self.fixture(editing: "ADMISSIONS.csv") { lines in
            lines.append(lines[1])
            Self.setField(&lines, line: 17, field: 4, to: "2150-02-01 00:00:00")
        }
        defer { folder.remove() }

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, useCache: false)
        let admissions = try #require(dataset.patient(id: 1)).admissions

        #expect(admissions.map(\.hadmID) == [101, 102, 103])
        #expect(admissions[0].dischargeTime == CivilTime.seconds(year: 2150, month: 1, day: 5, hour: 8))
        #expect(dataset.stats().admissions == MiniMIMIC.visits.count)
        #expect(dataset.loadReport.diagnostics.contains(
            LoadDiagnostic(.warning, "admissions: dropped 1 rows (duplicate hadm_id), first at ADMISSIONS.csv line 17, hadm_id 101")))
    }

    @Test func duplicatePatientKeepsFirst() throws {
        // PATIENTS.csv replaces the gzip file; line 9 repeats subject 1 as female (line 2 has M).
        let folder = try Self.fixture()
        defer { folder.remove() }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("PATIENTS.csv.gz"))
        var patients = "row_id,subject_id,gender,dob,dod,dod_hosp,dod_ssn,expire_flag\n"
        for subject in 1...7 { patients += "\(subject),\(subject),M,2000-01-01 00:00:00,,,,0\n" }
        patients += "8,1,F,1990-01-01 00:00:00,,,,0\n"
        try folder.write("PATIENTS.csv", patients)

        let dataset = try EHRDataset.mimic3(root: folder.url, useCache: false)

        #expect(dataset.patientCount == 7)
        #expect(dataset.patient(id: 1)?.attribute("gender") == .text("M"))
        #expect(try Self.table(dataset, "patients").rows == 7)
        #expect(dataset.loadReport.diagnostics.contains(
            LoadDiagnostic(.warning, "patients: dropped 1 rows (duplicate subject_id), first at PATIENTS.csv line 9, subject_id 1")))
    }

    @Test func dischargeBeforeAdmissionIsFlagged() throws {
        // Line 16 is hadm_id 601, admitted 2140-01-01; field 4 is dischtime.
        let folder = try Self.fixture(editing: "ADMISSIONS.csv") { Self.setField(&$0, line: 16, field: 4, to: "2139-12-01 00:00:00") }
        defer { folder.remove() }

        let dataset = try EHRDataset.mimic3(root: folder.url, tables: DatasetTests.codeTables, useCache: false)

        #expect(dataset.patient(id: 6)?.admissions.map(\.hadmID) == [601])
        #expect(dataset.table("admissions")?.flaggedRows == ["dischtime before admittime": 1])
        #expect(dataset.loadReport.diagnostics.contains(LoadDiagnostic(
            .warning, "admissions: 1 rows have dischtime before admittime, first at ADMISSIONS.csv line 16, hadm_id 601. Tasks leave these visits out")))
    }
}
