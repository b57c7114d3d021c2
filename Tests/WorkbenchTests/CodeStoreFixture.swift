import Foundation
import HealthData
import MedCode
import TestSupport

@testable import Workbench

/// A small code store built in a temporary folder from hand-made records, so the Codes pane can be tested without
/// the official files.
///
/// Codes, names and GEM rows are copied from the official files: the ICD-9-CM hierarchy and names from
/// icd9cm_dx_hierarchy_2015.csv, ICD-10-CM names from icd10cm_codes_2024.txt, the ICD-9-CM to ICD-10-CM rows from
/// 2018_gem_cm_I9I10.txt (4280 -> I509 and I50814 with flags 10000, 4281 -> I501 with 00000, 36570 -> NoDx with
/// 11000), ATC names from atc_codes_names.csv. Two choices are the fixture's own. First, 424.1 carries its short
/// description "Aortic valve disorder", which differs from the MIMIC dictionary's "Aortic valve disorders", so a
/// test can tell which source named it. Second, NDC 00677178110 (MIMIC's acetaminophen) maps to N02BE01.
enum CodeStoreFixture {
    static let diagnoses: [CodeRecord] = [
        CodeRecord(code: "320-389", name: "Diseases Of The Nervous System And Sense Organs"),
        CodeRecord(code: "360-379", name: "Disorders Of The Eye And Adnexa", parent: "320-389"),
        CodeRecord(code: "365", name: "Glaucoma", parent: "360-379"),
        CodeRecord(code: "365.7", name: "Glaucoma stage", parent: "365"),
        CodeRecord(code: "365.70", name: "Glaucoma stage, unspecified", parent: "365.7"),
        CodeRecord(code: "380-389", name: "Diseases Of The Ear And Mastoid Process", parent: "320-389"),
        CodeRecord(code: "386", name: "Vertiginous syndromes and other disorders of vestibular system", parent: "380-389"),
        CodeRecord(code: "386.0", name: "Meniere's disease", parent: "386"),
        CodeRecord(code: "386.00", name: "Ménière's disease, unspecified", parent: "386.0"),
        CodeRecord(code: "390-459", name: "Diseases Of The Circulatory System"),
        CodeRecord(code: "420-429", name: "Other Forms Of Heart Disease", parent: "390-459"),
        CodeRecord(code: "424", name: "Other diseases of endocardium", parent: "420-429"),
        CodeRecord(code: "424.1", name: "Aortic valve disorder", parent: "424"),
        CodeRecord(code: "428", name: "Heart failure", parent: "420-429"),
        CodeRecord(code: "428.0", name: "Congestive heart failure, unspecified", parent: "428"),
        CodeRecord(code: "428.1", name: "Left heart failure", parent: "428"),
    ]

    static let icd10: [CodeRecord] = [
        CodeRecord(code: "I50.1", name: "Left ventricular failure, unspecified"),
        CodeRecord(code: "I50.814", name: "Right heart failure due to left heart failure"),
        CodeRecord(code: "I50.9", name: "Heart failure, unspecified"),
    ]

    static let atc: [CodeRecord] = [
        CodeRecord(code: "N", name: "nervous system"),
        CodeRecord(code: "N02", name: "analgesics", parent: "N"),
        CodeRecord(code: "N02B", name: "other analgesics and antipyretics", parent: "N02"),
        CodeRecord(code: "N02BE", name: "anilides", parent: "N02B"),
        CodeRecord(code: "N02BE01", name: "paracetamol", parent: "N02BE"),
    ]

    static let approximate = GEMFlags(approximate: true, noMap: false, combination: false, scenario: 0, choiceList: 0)
    static let exact = GEMFlags(approximate: false, noMap: false, combination: false, scenario: 0, choiceList: 0)
    static let noMap = GEMFlags(approximate: true, noMap: true, combination: false, scenario: 0, choiceList: 0)

    static let source = ImportSource(name: "fixture", requiredFiles: ["codes.txt"]) { _ in
        let systems = [
            ImportedSystem(system: .icd9cm, records: diagnoses, files: ["codes.txt"]),
            ImportedSystem(system: .icd10cm, records: icd10, files: ["codes.txt"]),
            ImportedSystem(system: .atc, records: atc, files: ["codes.txt"]),
        ]
        let maps = [
            ImportedMap(source: .icd9cm, target: .icd10cm, records: [
                MapRecord(source: "428.0", target: "I50.814", flags: approximate),
                MapRecord(source: "428.0", target: "I50.9", flags: approximate),
                MapRecord(source: "428.1", target: "I50.1", flags: exact),
                MapRecord(source: "365.70", target: nil, flags: noMap),
            ], files: ["codes.txt"]),
            ImportedMap(source: .ndc, target: .atc, records: [MapRecord(source: "00677178110", target: "N02BE01")], files: ["codes.txt"]),
        ]
        return (systems, maps)
    }

    /// Imports the fixture into `<folder>/cache/medcode`, search index included, and returns that folder.
    static func makeStore() throws -> URL {
        let folder = try TestData.temporaryFolder("swifthealth-workbench-store")
        let files = folder.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try Data("fixture".utf8).write(to: files.appendingPathComponent("codes.txt"))
        let store = MedCodeStore.defaultDirectory(cacheBase: folder.appendingPathComponent("cache"))
        _ = try MedCodeImporter.run(from: files, into: store, sources: [source])

        return store
    }

    /// The store folder, built once per test process.
    static let directory: Result<URL, any Error> = Result { try makeStore() }

    /// Creates a workbench with the fixture store whose jobs run synchronously, opened, drained and rendered once.
    /// Without `dataset` the loader fails, which leaves the Codes pane to the store alone.
    static func app(
        dataset: EHRDataset? = nil, width: Int = 100, height: Int = 30, environment: [String: String] = ["TERM": "xterm-256color"]
    ) throws -> WorkbenchApp {
        let directory = try directory.get()
        let app = WorkbenchApp(
            title: "fixture", environment: environment, jobMode: .synchronous,
            codeStore: { try MedCodeStore(directory: directory) }
        ) { _ in
            guard let dataset else { throw HealthDataError(.invalidArgument, value: "none", message: "no dataset in this test", hint: "none") }
            return dataset
        }
        app.waitUntilIdle()
        _ = app.render(width: width, height: height)
        return app
    }
}
