import CZlib
import Foundation
import Testing
import TestSupport
@testable import HealthData

@Suite struct SyntheticCohortTests {
    static let allTables = ["patients", "admissions", "icustays", "diagnoses_icd", "procedures_icd", "prescriptions", "labevents"]

    /// Writes `cohort` into a fresh temporary folder and returns the folder and the summary.
    func generate(_ cohort: SyntheticCohort = SyntheticCohort()) throws -> (URL, SyntheticCohort.Summary) {
        let folder = try TestData.temporaryFolder("synthetic-cohort").appendingPathComponent("cohort", isDirectory: true)
        return (folder, try cohort.write(to: folder))
    }

    func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }

    // MARK: - Writing

    @Test func tableBufferFormatsFields() {
        var table = CSVTableBuffer(fileName: "T.csv.gz", header: ["a", "b"])
        table.text("25,000")
        table.text("say \"hi\"")
        table.endRow()
        table.decimal(1.25, places: 1)
        table.decimal(-1.5, places: 0)
        table.endRow()
        table.decimal(0.04, places: 1)
        table.decimal(1, places: 4)
        table.endRow()
        table.timestamp(CivilTime.seconds(year: 2101, month: 3, day: 4, hour: 5, minute: 6, second: 7))
        table.empty()
        table.endRow()
        table.integer(-42)
        table.timestamp(nil)
        table.endRow()

        // Worked by hand: the comma and the doubled quote need quotes. 1.25 and -1.5 are exact binary
        // numbers, so rounding half away from zero gives 1.3 and -2.
        let expected = "a,b\n\"25,000\",\"say \"\"hi\"\"\"\n1.3,-2\n0.0,1.0000\n2101-03-04 05:06:07,\n-42,\n"
        #expect(String(decoding: table.bytes, as: UTF8.self) == expected)
        #expect(table.rowCount == 5)
    }

    @Test func writesEveryFileAndMarker() throws {
        let (folder, summary) = try generate(SyntheticCohort(patients: 20, seed: 7))
        defer { remove(folder) }

        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == (SyntheticCohort.fileNames + [SyntheticCohort.markerFileName]).sorted())
        #expect(summary.patients == 20)
        #expect(summary.rows["PATIENTS.csv.gz"] == 20)
        #expect(summary.rows["D_LABITEMS.csv.gz"] == SyntheticCatalog.labItems.count)
        #expect(SyntheticCohort(patients: 20, seed: 7).isComplete(at: folder))
        #expect(!SyntheticCohort(patients: 20, seed: 8).isComplete(at: folder))
        // Nothing of the temporary folder is left beside the cohort.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path) == ["cohort"])
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func headersMatchDemo() throws {
        let demo = try TestData.require("mimic3-demo")
        let (folder, _) = try generate(SyntheticCohort(patients: 5, seed: 1))
        defer { remove(folder) }

        for name in SyntheticCohort.fileNames {
            let ours = try firstLine(ofGzip: folder.appendingPathComponent(name))
            let real = try firstLine(ofGzip: demo.appendingPathComponent(name))
            #expect(ours == real, "\(name)")
        }
    }

    @Test func sameSeedGivesIdenticalFiles() throws {
        let (first, _) = try generate()
        defer { remove(first) }
        let (second, _) = try generate()
        defer { remove(second) }
        let (other, _) = try generate(SyntheticCohort(seed: SyntheticCohort.defaultSeed + 1))
        defer { remove(other) }

        for name in SyntheticCohort.fileNames {
            let digest = try fileDigest(first.appendingPathComponent(name))
            #expect(digest == (try fileDigest(second.appendingPathComponent(name))), "\(name)")
        }
        for name in ["ADMISSIONS.csv.gz", "LABEVENTS.csv.gz"] {
            let digest = try fileDigest(first.appendingPathComponent(name))
            #expect(digest != (try fileDigest(other.appendingPathComponent(name))), "\(name)")
        }
    }

    @Test func ensureReusesCompleteFolder() throws {
        let base = try TestData.temporaryFolder("synthetic-cache")
        defer { try? FileManager.default.removeItem(at: base) }

        let folder = try SyntheticCohort.ensure(in: base, patients: 10, seed: 3)
        #expect(folder.lastPathComponent == "synthetic-mimic3-v1-10p-seed3")
        let marker = folder.appendingPathComponent(SyntheticCohort.markerFileName)
        let written = try FileManager.default.attributesOfItem(atPath: marker.path)[.systemFileNumber] as? Int

        // A complete folder is returned as it is: the marker is the same file.
        #expect(try SyntheticCohort.ensure(in: base, patients: 10, seed: 3) == folder)
        #expect(try FileManager.default.attributesOfItem(atPath: marker.path)[.systemFileNumber] as? Int == written)

        // A missing file makes the folder incomplete, so it is generated again.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("LABEVENTS.csv.gz"))
        #expect(!SyntheticCohort(patients: 10, seed: 3).isComplete(at: folder))
        #expect(try SyntheticCohort.ensure(in: base, patients: 10, seed: 3) == folder)
        #expect(SyntheticCohort(patients: 10, seed: 3).isComplete(at: folder))
        #expect(SyntheticCohort().folderName == "synthetic-mimic3-v1")
    }

    @Test func writeKeepsForeignFolder() throws {
        let base = try TestData.temporaryFolder("synthetic-foreign")
        defer { try? FileManager.default.removeItem(at: base) }
        let notes = base.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: notes)

        let error = try #require(throws: HealthDataError.self) { try SyntheticCohort(patients: 2).write(to: base) }
        #expect(error.kind == .invalidArgument)
        #expect(FileManager.default.fileExists(atPath: notes.path))
    }

    @Test func ensureReportsUnwritableBase() throws {
        let base = try TestData.temporaryFolder("synthetic-unwritable")
        defer { try? FileManager.default.removeItem(at: base) }
        let file = base.appendingPathComponent("cache")
        try Data("not a folder".utf8).write(to: file)

        let error = try #require(throws: HealthDataError.self) { try SyntheticCohort.ensure(in: file, patients: 2) }
        #expect(error.kind == .ioFailure)
        #expect(error.file == file.path)
    }

    @Test func rejectsZeroPatients() throws {
        let base = try TestData.temporaryFolder("synthetic-empty")
        defer { try? FileManager.default.removeItem(at: base) }

        let error = try #require(throws: HealthDataError.self) {
            try SyntheticCohort(patients: 0).write(to: base.appendingPathComponent("cohort"))
        }
        #expect(error.kind == .invalidArgument)
        #expect(error.value == "0")
    }

    // MARK: - Loading and tasks

    @Test func loadsAllTablesWithoutWarnings() throws {
        let (folder, summary) = try generate()
        defer { remove(folder) }

        let dataset = try EHRDataset.mimic3(root: folder, tables: Self.allTables, useCache: false)

        #expect(dataset.tableNames == Self.allTables)
        #expect(dataset.patientCount == 300)
        #expect(dataset.stats().admissions == summary.admissions)
        #expect(dataset.loadReport.diagnostics.filter { $0.severity == .warning }.isEmpty)
        #expect(dataset.loadReport.diagnostics.isEmpty, "\(dataset.loadReport.diagnostics)")
        let fileOfTable = [
            "patients": "PATIENTS", "admissions": "ADMISSIONS", "icustays": "ICUSTAYS", "diagnoses_icd": "DIAGNOSES_ICD",
            "procedures_icd": "PROCEDURES_ICD", "prescriptions": "PRESCRIPTIONS", "labevents": "LABEVENTS",
        ]
        for table in dataset.stats().tables {
            #expect(table.droppedRows.isEmpty, "\(table.name)")
            #expect(table.rows == summary.rows["\(fileOfTable[table.name]!).csv.gz"], "\(table.name)")
            #expect(table.rows > 0, "\(table.name)")
        }
    }

    @Test func tasksHaveBothLabels() throws {
        let (folder, _) = try generate()
        defer { remove(folder) }
        let dataset = try EHRDataset.mimic3(root: folder, tables: Self.allTables, useCache: false)

        for task in [MortalityPredictionMIMIC3(), ReadmissionPredictionMIMIC3()] as [any ClinicalTask] {
            let counts = try dataset.setTask(task).labelCounts()
            #expect(counts.keys.sorted() == [0, 1], "\(task.name)")
            // At least 20 of the rarer label, so that an 80/10/10 split is likely to give each part some.
            #expect(counts.values.min()! >= 20, "\(task.name): \(counts)")
        }
        let stays = try dataset.setTask(LengthOfStayPredictionMIMIC3()).labelCounts()
        #expect(stays.count >= 8, "\(stays)")
    }

    // MARK: - Content

    @Test func contentIsPlausible() throws {
        let (folder, _) = try generate()
        defer { remove(folder) }
        let dataset = try EHRDataset.mimic3(root: folder, tables: Self.allTables, useCache: false)
        let earliest = CivilTime.seconds(year: 2100, month: 1, day: 1)
        let latest = CivilTime.seconds(year: 2200, month: 1, day: 1)
        var deaths = 0

        for patient in dataset.patients {
            let admissions = patient.admissions
            let birth = try #require(patient.dateOfBirth)
            #expect((1...6).contains(admissions.count))
            for (position, admission) in admissions.enumerated() {
                let discharge = try #require(admission.dischargeTime)
                #expect(admission.admissionTime >= earliest)
                #expect(discharge < latest)
                #expect(discharge > admission.admissionTime)
                #expect((18...90).contains(ageInYears(birth: birth, at: admission.admissionTime)), "patient \(patient.id)")
                if admission.hospitalExpireFlag == "1" {
                    deaths += 1
                    #expect(position == admissions.count - 1, "death before the last admission of patient \(patient.id)")
                } else {
                    #expect(admission.hospitalExpireFlag == "0")
                }

                #expect((3...15).contains(patient.events("diagnoses_icd", visitID: admission.hadmID).count))
                #expect((0...5).contains(patient.events("procedures_icd", visitID: admission.hadmID).count))
                #expect((5...60).contains(patient.events("prescriptions", visitID: admission.hadmID).count))
                for stay in patient.events("icustays", visitID: admission.hadmID) {
                    let inTime = try #require(stay.timestamp("intime"))
                    let outTime = try #require(stay.timestamp("outtime"))
                    #expect(admission.admissionTime <= inTime)
                    #expect(inTime < outTime)
                    #expect(outTime <= discharge)
                }
            }
        }
        // Mostly survivors, some deaths.
        #expect(deaths > 20)
        #expect(deaths < dataset.stats().admissions / 5)
    }

    @Test func codesHaveDictionaryEntries() throws {
        let (folder, _) = try generate()
        defer { remove(folder) }
        let dataset = try EHRDataset.mimic3(root: folder, tables: Self.allTables, useCache: false)

        for (table, column) in [("diagnoses_icd", "icd9_code"), ("procedures_icd", "icd9_code")] {
            let codes = try #require(dataset.table(table)?.data.column(column))
            for code in codes.dictionary {
                let name = table == "diagnoses_icd" ? dataset.descriptions.diagnosisName(code) : dataset.descriptions.procedureName(code)
                #expect(name != nil, "\(table) \(code)")
            }
        }
        let items = try #require(dataset.table("labevents")?.data.column("itemid"))
        for row in 0..<items.count {
            let itemID = try #require(items.integer(at: row))
            #expect(dataset.descriptions.labItem(itemID) != nil, "itemid \(itemID)")
        }
        #expect(dataset.labItem(50912)?.label == "Creatinine")
        #expect(dataset.labItem(50912)?.unit == "mg/dL")
        #expect(dataset.descriptions.diagnosisName("4280") == "Congestive heart failure, unspecified")

        let ndcs = try #require(dataset.table("prescriptions")?.data.column("ndc"))
        for ndc in ndcs.dictionary {
            #expect(ndc.count == 11, "ndc \(ndc)")
            #expect(ndc.allSatisfy { $0.isNumber }, "ndc \(ndc)")
        }
    }

    @Test func labFlagsMatchRanges() throws {
        let (folder, _) = try generate(SyntheticCohort(patients: 40, seed: 11))
        defer { remove(folder) }
        let dataset = try EHRDataset.mimic3(root: folder, tables: ["labevents"], useCache: false)
        let table = try #require(dataset.table("labevents"))
        let items = try #require(table.data.column("itemid"))
        let values = try #require(table.data.column("valuenum"))
        let flags = try #require(table.data.column("flag"))
        let ranges = Dictionary(uniqueKeysWithValues: SyntheticCatalog.labItems.map { ($0.itemID, ($0.low, $0.high)) })
        var abnormal = 0

        for row in 0..<table.rowCount {
            let itemID = try #require(items.integer(at: row))
            let range = try #require(ranges[itemID])
            let value = try #require(values.double(at: row))
            let outside = value < range.0 || value > range.1
            #expect(flags.text(at: row) == (outside ? "abnormal" : nil), "row \(row): \(value)")
            if outside { abnormal += 1 }
        }
        #expect(abnormal > 0)
        #expect(abnormal < table.rowCount)
    }

    @Test func outcomesFollowCodes() throws {
        let (folder, _) = try generate()
        defer { remove(folder) }
        let dataset = try EHRDataset.mimic3(root: folder, tables: ["diagnoses_icd"], useCache: false)

        // Septicemia and heart failure add to the risk of dying, so their admissions die more often than the rest.
        let cases: [(name: String, codes: Set<String>)] = [("septicemia", ["0389"]), ("heart failure", ["4280", "42832", "42833"])]
        for (name, codes) in cases {
            var coded = (admissions: 0, deaths: 0)
            var others = (admissions: 0, deaths: 0)
            for patient in dataset.patients {
                for admission in patient.admissions {
                    let died = admission.hospitalExpireFlag == "1" ? 1 : 0
                    let events = patient.events("diagnoses_icd", visitID: admission.hadmID)
                    if events.contains(where: { codes.contains($0.text("icd9_code") ?? "") }) {
                        coded.admissions += 1
                        coded.deaths += died
                    } else {
                        others.admissions += 1
                        others.deaths += died
                    }
                }
            }
            #expect(coded.admissions > 30, "\(name)")
            #expect(Double(coded.deaths) / Double(coded.admissions) > Double(others.deaths) / Double(others.admissions), "\(name)")
        }
    }

    // MARK: - Helpers

    func firstLine(ofGzip url: URL) throws -> String {
        guard let file = gzopen(url.path, "rb") else { throw CocoaError(.fileReadNoSuchFile) }
        defer { gzclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard gzgets(file, &buffer, Int32(buffer.count)) != nil else { throw CocoaError(.fileReadCorruptFile) }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return line.hasSuffix("\n") ? String(line.dropLast()) : line
    }

    /// FNV-1a, 64-bit, of the file's bytes.
    func fileDigest(_ url: URL) throws -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try Data(contentsOf: url) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
