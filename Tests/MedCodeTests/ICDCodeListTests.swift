import Foundation
import Testing
import TestSupport
@testable import MedCode

/// Returns the first space-separated field of every non-empty line, which is the code in the CMS and CDC lists.
private func firstFields(_ url: URL) throws -> [String] {
    let text = String(decoding: try readGzipFile(url), as: UTF8.self)
    return text.split(separator: "\n").compactMap { line in
        line.split(separator: " ", maxSplits: 1).first.map(String.init)
    }
}

// Every code in the official lists must pass the shape checks. Standardizing may only insert
// a dot, so removing the dot gives back the code as the file writes it.
@Test(.enabled(if: TestData.isAvailable("medcode"), "needs the medcode tables; set SWIFTHEALTH_TEST_DATA"),
      arguments: [
          ("icd9cm/CMS32_DESC_SHORT_DX.txt.gz", CodeSystem.icd9cm, 14_567),
          ("icd9cm/CMS32_DESC_SHORT_SG.txt.gz", CodeSystem.icd9proc, 3_882),
          ("icd10cm/icd10cm_codes_2024.txt.gz", CodeSystem.icd10cm, 74_044),
          ("icd10pcs/icd10pcs_codes_2024.txt.gz", CodeSystem.icd10proc, 78_603),
      ])
func officialCodeListsStandardize(file: String, system: CodeSystem, expectedCount: Int) throws {
    let root = try TestData.require("medcode")
    let codes = try firstFields(root.appendingPathComponent(file))
    #expect(codes.count == expectedCount)

    var rejected: [String] = []
    var changed: [String] = []
    for code in codes {
        guard let standard = try? system.standardize(code) else {
            rejected.append(code)
            continue
        }
        if standard.replacingOccurrences(of: ".", with: "") != code { changed.append(code) }
    }
    #expect(rejected.isEmpty, "rejected: \(rejected.prefix(10))")
    #expect(changed.isEmpty, "changed beyond the dot: \(changed.prefix(10))")
}
