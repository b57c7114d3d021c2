import Foundation
import Testing
@testable import MedCode

/// A tiny import folder with hand-written records, so the store's own rules can be checked without the official files.
private struct Fixture {
    let folder: URL
    let store: URL

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("medcode-store-\(UUID().uuidString)")
        folder = root.appendingPathComponent("files")
        store = root.appendingPathComponent("cache/medcode")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dx"), withIntermediateDirectories: true)
        try Data("one".utf8).write(to: folder.appendingPathComponent("dx/codes.txt"))
        try Data("two".utf8).write(to: folder.appendingPathComponent("dx/atc.txt"))
    }

    func remove() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    static let diagnoses = ImportSource(name: "diagnoses", requiredFiles: ["dx/codes.txt"]) { _ in
        let records = [
            CodeRecord(code: "390-459", name: "Diseases Of The Circulatory System"),
            CodeRecord(code: "420-429", name: "Other Forms Of Heart Disease", parent: "390-459"),
            CodeRecord(code: "428", name: "Heart failure", parent: "420-429"),
            CodeRecord(code: "428.0", name: "Congestive heart failure, unspecified", parent: "428", attributes: ["short name": "CHF NOS"]),
            CodeRecord(code: "428.1", name: "Left heart failure", parent: "428"),
            CodeRecord(code: "V70.0", name: "Routine general medical examination at a health care facility"),
        ]
        let ccs = [
            CodeRecord(code: "7", name: "Diseases of the circulatory system"),
            CodeRecord(code: "7.2", name: "Diseases of the heart", parent: "7"),
            CodeRecord(code: "7.2.11", name: "Congestive heart failure; nonhypertensive [108.]", parent: "7.2"),
        ]
        let gemFlags = GEMFlags(approximate: true, noMap: false, combination: false, scenario: 0, choiceList: 0)
        let noMap = GEMFlags(approximate: true, noMap: true, combination: false, scenario: 0, choiceList: 0)
        return (
            [ImportedSystem(system: .icd9cm, records: records, files: ["dx/codes.txt"]),
             ImportedSystem(system: .ccscmMultiLevel, records: ccs, files: ["dx/codes.txt"])],
            [ImportedMap(source: .icd9cm, target: .icd10cm, records: [
                MapRecord(source: "428.0", target: "I50.9", flags: gemFlags),
                MapRecord(source: "V70.0", target: nil, flags: noMap),
                MapRecord(source: "999.9", target: "T88.8", flags: gemFlags),
            ], files: ["dx/codes.txt"]),
             ImportedMap(source: .icd9cm, target: .ccscmMultiLevel, records: [
                MapRecord(source: "428.0", target: "7.2.11"), MapRecord(source: "428.1", target: "7.2.11"),
             ], files: ["dx/codes.txt"]),
             ImportedMap(source: .icd9cm, target: .atc, records: [
                MapRecord(source: "428.0", target: "C03CA01"), MapRecord(source: "428.0", target: "C03CA02"),
                MapRecord(source: "428.0", target: "C01AA05"),
             ], files: ["dx/codes.txt"])]
        )
    }

    static let missing = ImportSource(name: "procedures", requiredFiles: ["pr/absent.txt"]) { _ in
        Issue.record("an importer whose files are missing must not run")
        return ([], [])
    }

    @discardableResult
    func runImport(force: Bool = false, sources: [ImportSource] = [Fixture.diagnoses, Fixture.missing]) throws -> ImportSummary {
        try MedCodeImporter.run(from: folder, into: store, sources: sources, force: force)
    }
}

@Test func storeLookupAndHierarchy() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let summary = try fixture.runImport()
    #expect(!summary.upToDate)
    #expect(summary.skipped.map(\.name) == ["procedures"])
    #expect(summary.skipped.first?.missingFiles == ["pr/absent.txt"])

    let store = try MedCodeStore(directory: fixture.store)
    #expect(store.systems == [.icd9cm, .ccscmMultiLevel])
    #expect(store.codeCount(.icd9cm) == 6)

    let info = try store.lookup("4280", in: .icd9cm)
    #expect(info.code == "428.0")
    #expect(info.name == "Congestive heart failure, unspecified")
    #expect(info.parent == "428")
    #expect(info.attribute("short name") == "CHF NOS")
    #expect(try store.lookup(" 428.0 ", in: .icd9cm).code == "428.0")
    #expect(try store.lookup("390-459", in: .icd9cm).childCount == 1)

    #expect(try store.ancestors(of: "428.0", in: .icd9cm).map(\.code) == ["428", "420-429", "390-459"])
    #expect(try store.descendants(of: "390-459", in: .icd9cm).map(\.code) == ["420-429", "428", "428.0", "428.1"])
    #expect(try store.ancestors(of: "V70.0", in: .icd9cm).isEmpty)
}

@Test func storeUnknownAndInvalidCodes() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.runImport()
    let store = try MedCodeStore(directory: fixture.store)

    #expect(throws: MedCodeError.unknownCode(system: .icd9cm, code: "428.9")) { try store.lookup("428.9", in: .icd9cm) }
    #expect(throws: MedCodeError.invalidCode(system: .icd9cm, value: "heart", expected: ICDCode.icd9DiagnosisShape)) {
        try store.lookup("heart", in: .icd9cm)
    }
    #expect(throws: MedCodeError.systemNotImported(system: .atc, store: fixture.store.path)) { try store.lookup("N02BE01", in: .atc) }
}

@Test func storeMapsKeepFlagsAndTellNoMappingFromUnknown() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.runImport()
    let store = try MedCodeStore(directory: fixture.store)

    let approximate = GEMFlags(approximate: true, noMap: false, combination: false, scenario: 0, choiceList: 0)
    #expect(try store.map("4280", from: .icd9cm, to: .icd10cm) == .mapped([MapTarget(code: "I50.9", flags: approximate)]))

    // V70.0 has an explicit no-map row; 428.1 is a known code without any row; 999.9 is only in the map.
    let noMap = GEMFlags(approximate: true, noMap: true, combination: false, scenario: 0, choiceList: 0)
    #expect(try store.map("V700", from: .icd9cm, to: .icd10cm) == .noMapping(flags: noMap))
    #expect(try store.map("428.1", from: .icd9cm, to: .icd10cm) == .noMapping(flags: nil))
    #expect(try store.map("9999", from: .icd9cm, to: .icd10cm) == .mapped([MapTarget(code: "T88.8", flags: approximate)]))
    #expect(throws: MedCodeError.unknownCode(system: .icd9cm, code: "428.9")) { try store.map("428.9", from: .icd9cm, to: .icd10cm) }
    #expect(throws: MedCodeError.noSuchMap(source: .icd9cm, target: .ccsproc, available: [.icd10cm, .ccscmMultiLevel, .atc])) {
        try store.map("428.0", from: .icd9cm, to: .ccsproc)
    }
}

@Test func storeMapLevels() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.runImport()
    let store = try MedCodeStore(directory: fixture.store)

    // Level 4 of C03CA01 and C03CA02 is C03CA, kept once; C01AA05 becomes C01AA.
    #expect(try store.map("428.0", from: .icd9cm, to: .atc, level: 4) == .mapped([MapTarget(code: "C03CA"), MapTarget(code: "C01AA")]))
    #expect(try store.map("428.0", from: .icd9cm, to: .atc, level: 1) == .mapped([MapTarget(code: "C")]))
    #expect(try store.map("428.0", from: .icd9cm, to: .atc) == .mapped([MapTarget(code: "C03CA01"), MapTarget(code: "C03CA02"), MapTarget(code: "C01AA05")]))
    #expect(throws: MedCodeError.self) { try store.map("428.0", from: .icd9cm, to: .atc, level: 6) }

    // A level on CCSCM reads the multi-level map; level 2 of 7.2.11 is 7.2. The fixture's hierarchy has three
    // levels, so level 3 keeps 7.2.11 and level 9 is rejected.
    #expect(try store.map("428.0", from: .icd9cm, to: .ccscm, level: 2) == .mapped([MapTarget(code: "7.2")]))
    #expect(try store.map("428.0", from: .icd9cm, to: .ccscmMultiLevel, level: 1) == .mapped([MapTarget(code: "7")]))
    #expect(try store.map("428.0", from: .icd9cm, to: .ccscmMultiLevel, level: 3) == .mapped([MapTarget(code: "7.2.11")]))
    #expect(throws: MedCodeError.invalidRequest(reason: "CCSCM_MULTI has levels 1 to 3, not 9")) {
        try store.map("428.0", from: .icd9cm, to: .ccscmMultiLevel, level: 9)
    }
    #expect(store.level(of: "7.2", in: .ccscmMultiLevel) == 2)
    #expect(store.level(of: "C03CA", in: .atc) == 4)
    #expect(throws: MedCodeError.self) { try store.map("428.0", from: .icd9cm, to: .icd10cm, level: 2) }
}

@Test func importReusesStoreUntilFilesChange() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.runImport()
    #expect(try fixture.runImport().upToDate)
    #expect(try !fixture.runImport(force: true).upToDate)

    // A store file that went missing rebuilds the store instead of reusing it.
    try FileManager.default.removeItem(at: fixture.store.appendingPathComponent("tables/ICD9CM.bin"))
    #expect(try !fixture.runImport().upToDate)
    #expect(try fixture.runImport().upToDate)

    // A changed source file, detected by its size, rebuilds the store.
    try Data("changed".utf8).write(to: fixture.folder.appendingPathComponent("dx/codes.txt"))
    #expect(try !fixture.runImport().upToDate)
    #expect(try fixture.runImport().upToDate)
}

@Test func importNoticesSameSizeEditsAndExtraInputs() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    try fixture.runImport()

    // Same size and the same whole-second modification time: only the checksum differs.
    let file = fixture.folder.appendingPathComponent("dx/codes.txt")
    let modified = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
    try Data("owe".utf8).write(to: file)
    try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
    #expect(try !fixture.runImport().upToDate)

    // A file outside the import folder that the extras read counts as an input too.
    let extra = fixture.folder.deletingLastPathComponent().appendingPathComponent("pairs.csv")
    try Data("a,b".utf8).write(to: extra)
    let withExtra = { try MedCodeImporter.run(from: fixture.folder, into: fixture.store, sources: [Fixture.diagnoses], extraInputs: [extra]) }
    #expect(try !withExtra().upToDate)
    #expect(try withExtra().upToDate)
    try Data("a,c,d".utf8).write(to: extra)
    #expect(try !withExtra().upToDate)
}

@Test func importRejectsBrokenLinks() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let file = fixture.folder.appendingPathComponent("dx/codes.txt")
    try FileManager.default.removeItem(at: file)
    try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/nonexistent/codes.txt")
    #expect(throws: MedCodeError.invalidTable(
        path: file.path, line: 0, reason: "the symbolic link points to /nonexistent/codes.txt, which does not exist. Fix the link or copy the file")) {
        try fixture.runImport()
    }
}

@Test func importRemovesAbandonedBuildFolders() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let parent = fixture.store.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)

    // Process ids above the kernel's maximum (4,194,304) never run, while the parent of this process does.
    let abandoned = parent.appendingPathComponent(".medcode.building-99999999")
    let retired = parent.appendingPathComponent(".medcode.old-99999998")
    let running = parent.appendingPathComponent(".medcode.building-\(getppid())")
    for folder in [abandoned, retired, running] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    try fixture.runImport()
    #expect(!FileManager.default.fileExists(atPath: abandoned.path))
    #expect(!FileManager.default.fileExists(atPath: retired.path))
    #expect(FileManager.default.fileExists(atPath: running.path))
}

@Test func importRejectsEmptyResults() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let emptyTable = ImportSource(name: "empty", requiredFiles: ["dx/atc.txt"]) { _ in
        ([ImportedSystem(system: .atc, records: [], files: ["dx/atc.txt"])], [])
    }
    let emptyMap = ImportSource(name: "empty map", requiredFiles: ["dx/atc.txt"]) { _ in
        ([], [ImportedMap(source: .ndc, target: .atc, records: [], files: ["dx/atc.txt"])])
    }
    let path = fixture.folder.appendingPathComponent("dx/atc.txt").path
    #expect(throws: MedCodeError.invalidTable(path: path, line: 0, reason: "no ATC codes were read. Check that the files are complete")) {
        try fixture.runImport(sources: [emptyTable])
    }
    #expect(throws: MedCodeError.invalidTable(path: path, line: 0, reason: "no NDC -> ATC rows were read. Check that the files are complete")) {
        try fixture.runImport(sources: [emptyMap])
    }
}

@Test func storeRejectsMissingAndDamagedFiles() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    #expect(throws: MedCodeError.storeMissing(path: fixture.store.path)) { try MedCodeStore(directory: fixture.store) }

    try fixture.runImport()
    let tableFile = fixture.store.appendingPathComponent("tables/ICD9CM.bin")
    var bytes = [UInt8](try Data(contentsOf: tableFile))
    bytes[bytes.count / 2] ^= 0x55
    try Data(bytes).write(to: tableFile)
    let store = try MedCodeStore(directory: fixture.store)
    #expect(throws: MedCodeError.self) { try store.lookup("428.0", in: .icd9cm) }

    // No store folder is left half-built by the imports above.
    let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.store.deletingLastPathComponent().path)
    #expect(siblings == ["medcode"])
}

@Test func importRejectsBadRecords() throws {
    let fixture = try Fixture()
    defer { fixture.remove() }
    let duplicate = ImportSource(name: "dup", requiredFiles: ["dx/codes.txt"]) { _ in
        ([ImportedSystem(system: .atc, records: [CodeRecord(code: "N", name: "a"), CodeRecord(code: "N", name: "b")], files: ["dx/atc.txt"])], [])
    }
    let orphan = ImportSource(name: "orphan", requiredFiles: ["dx/codes.txt"]) { _ in
        ([ImportedSystem(system: .atc, records: [CodeRecord(code: "N02", name: "analgesics", parent: "N")], files: ["dx/atc.txt"])], [])
    }
    let cycle = ImportSource(name: "cycle", requiredFiles: ["dx/codes.txt"]) { _ in
        ([ImportedSystem(system: .atc, records: [CodeRecord(code: "N", name: "a", parent: "N02"), CodeRecord(code: "N02", name: "b", parent: "N")], files: ["dx/atc.txt"])], [])
    }
    let atcPath = fixture.folder.appendingPathComponent("dx/atc.txt").path
    #expect(throws: MedCodeError.invalidTable(path: atcPath, line: 0, reason: "ATC code \"N\" appears twice")) {
        try fixture.runImport(sources: [duplicate])
    }
    #expect(throws: MedCodeError.invalidTable(path: atcPath, line: 0, reason: "ATC code \"N02\" names parent \"N\", which is not a code of the table")) {
        try fixture.runImport(sources: [orphan])
    }
    #expect(throws: MedCodeError.self) { try fixture.runImport(sources: [cycle]) }
    #expect(throws: MedCodeError.self) { try fixture.runImport(sources: [Fixture.missing]) }
    #expect(!FileManager.default.fileExists(atPath: fixture.store.path))
}
