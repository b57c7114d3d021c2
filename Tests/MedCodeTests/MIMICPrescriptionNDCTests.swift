import Foundation
import Testing
import TestSupport
@testable import MedCode

/// Splits one CSV line into fields, honouring double quotes, because drug names contain commas.
private func csvFields(_ line: Substring) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var previous: Character?
    for character in line {
        if character == "\"" {
            // A doubled quote inside a quoted field is a literal quote.
            if quoted == false && previous == "\"" { field.append("\"") }
            quoted.toggle()
        } else if character == "," && !quoted {
            fields.append(field)
            field = ""
        } else {
            field.append(character)
        }
        previous = character
    }
    fields.append(field)
    return fields
}

// Counts from Python's csv module over the same file: 10,398 rows, 8,920 eleven-digit NDCs,
// 1,477 "0" placeholders and 1 empty value.
@Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
func mimicPrescriptionNDCColumn() throws {
    let root = try TestData.require("mimic3-demo")
    let bytes = try readGzipFile(root.appendingPathComponent("PRESCRIPTIONS.csv.gz"))
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    let header = csvFields(lines[0])
    let column = try #require(header.firstIndex(of: "ndc"))

    var parsed = 0
    var zeroPlaceholders = 0
    var empty = 0
    var unchanged = true
    for line in lines.dropFirst() {
        let value = csvFields(line)[column]
        do {
            let code = try NationalDrugCode(value)
            parsed += 1
            unchanged = unchanged && code.digits == value
        } catch MedCodeError.invalidNDC(let rejected, _) {
            if rejected == "0" { zeroPlaceholders += 1 }
            if rejected.isEmpty { empty += 1 }
        }
    }

    #expect(lines.count - 1 == 10_398)
    #expect(parsed == 8_920)
    #expect(zeroPlaceholders == 1_477)
    #expect(empty == 1)
    // MIMIC's 11-digit values are already in the 5-4-2 form, so normalisation keeps them as they are.
    #expect(unchanged)
}
