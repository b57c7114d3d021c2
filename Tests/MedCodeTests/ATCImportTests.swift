import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected values are read by hand from medcode/atc/atc_codes_names.csv.gz (zcat | grep -n); line numbers
// count the header as line 1.

private func atcRecords() throws -> [String: CodeRecord] {
    let root = try TestData.require("medcode")
    let systems = try ATCImport.systems(in: root)
    #expect(systems.count == 1)
    #expect(systems.first?.system == .atc)
    return Dictionary(uniqueKeysWithValues: (systems.first?.records ?? []).map { ($0.code, $0) })
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func atcParacetamolChain() throws {
    let records = try atcRecords()

    // Lines 5161-5162: N02BE01,paracetamol and N02BE01,paracetamol (acetaminophen).
    let paracetamol = try #require(records["N02BE01"])
    #expect(paracetamol.name == "paracetamol")
    #expect(paracetamol.attributes[ATCImport.otherNamesAttribute] == "paracetamol (acetaminophen)")
    #expect(paracetamol.attributes["level"] == "5")

    // Lines 1073, 319, 97 and 14.
    var chain: [String] = []
    var code: String? = "N02BE01"
    while let current = code {
        chain.append(current)
        code = records[current]?.parent
    }
    #expect(chain == ["N02BE01", "N02BE", "N02B", "N02", "N"])
    #expect(records["N02BE"]?.name == "anilides")
    #expect(records["N02B"]?.name == "other analgesics and antipyretics")
    #expect(records["N02"]?.name == "analgesics")
    #expect(records["N"]?.name == "nervous system")
    #expect(records["N"]?.attributes["level"] == "1")
    #expect(records["N02B"]?.attributes["level"] == "3")
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func atcRepeatedCodesKeepFirstName() throws {
    let records = try atcRecords()

    // Lines 6-7: G,genito urinary system and sex hormones / G,genito-urinary system and sex hormones.
    #expect(records["G"]?.name == "genito urinary system and sex hormones")
    #expect(records["G"]?.attributes[ATCImport.otherNamesAttribute] == "genito-urinary system and sex hormones")
    // Lines 152-154: A11A three times, the last two quoted because of their commas.
    #expect(records["A11A"]?.name == "multivitamins")
    #expect(records["A11A"]?.attributes[ATCImport.otherNamesAttribute] == "multivitamins, combinations; multivitamins, other combinations")
    // A code listed once has no other names.
    #expect(records["N02"]?.attributes[ATCImport.otherNamesAttribute] == nil)
}

@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"))
func atcCountsParentsAndOrphans() throws {
    let records = try atcRecords()

    // 6,782 data rows, 6,598 distinct codes: 15 at level 1, 94 at level 2, 269, 912 and 5,308 below.
    #expect(records.count == 6_598)
    let levels = Dictionary(grouping: records.values, by: { $0.attributes["level"] ?? "" }).mapValues(\.count)
    #expect(levels == ["1": 15, "2": 94, "3": 269, "4": 912, "5": 5_308])

    for record in records.values {
        if let parent = record.parent {
            #expect(records[parent] != nil, "\(record.code) has parent \(parent) outside ATC")
            #expect(record.code.hasPrefix(parent))
        } else {
            #expect(record.code.count == 1, "\(record.code) has no parent")
        }
    }

    // Line 4444: L01FC02,isatuximab. Neither L01FC nor L01F is listed, so it hangs under L01 (line 83).
    #expect(records["L01FC02"]?.parent == "L01")
    #expect(records["L01FC02"]?.attributes["level"] == "5")
    let orphans = records.values.filter { record in
        guard let parent = record.parent else { return false }
        return parent.count != ATCImport.levelLengths[Int(record.attributes["level"]!)! - 2]
    }
    #expect(orphans.map(\.code).sorted() == [
        "J06BD03", "L01EN01", "L01FC02", "L01FD04", "L01FF04", "L01FF05", "L01FF06", "L01FX13", "L01FX14", "L01FX17",
    ])
}

@Test func atcTruncateMatchesPyHealthConvert() throws {
    #expect(try ATCImport.truncate("N02BE01", toLevel: 1) == "N")
    #expect(try ATCImport.truncate("N02BE01", toLevel: 2) == "N02")
    #expect(try ATCImport.truncate("N02BE01", toLevel: 3) == "N02B")
    #expect(try ATCImport.truncate("N02BE01", toLevel: 4) == "N02BE")
    #expect(try ATCImport.truncate("n02be01", toLevel: 5) == "N02BE01")
    // Python's "N02"[:5] is "N02".
    #expect(try ATCImport.truncate("N02", toLevel: 4) == "N02")
    #expect(throws: MedCodeError.self) { try ATCImport.truncate("N02BE01", toLevel: 6) }
    #expect(throws: MedCodeError.self) { try ATCImport.truncate("N2BE01", toLevel: 3) }
}

@Test func atcStandardizeChecksShape() throws {
    #expect(try CodeSystem.atc.standardize(" n02be01 ") == "N02BE01")
    #expect(try CodeSystem.atc.standardize("A") == "A")
    for bad in ["", "N0", "N02BE0", "N02BE011", "T103", "0N2", "N02B1"] {
        #expect(throws: MedCodeError.self, "\(bad)") { try CodeSystem.atc.standardize(bad) }
    }
}

@Test func atcMalformedLineNamesFileLineAndColumn() throws {
    let folder = try TestData.temporaryFolder("medcode-atc")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("atc"), withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(ATCImport.codesFile)
    try Data("atc_code,atc_name\nN,nervous system\nN2B,bad code\n".utf8).write(to: url)

    #expect {
        try ATCImport.systems(in: folder)
    } throws: { error in
        guard case let .invalidField(path, line, column, field, value, _) = error as? MedCodeError else { return false }
        return path == url.path && line == 3 && column == 1 && field == "atc_code" && value == "N2B"
    }
}
