import Foundation
import Testing
import TestSupport
@testable import MedCode

// Expected pairs are read by hand from the files under ddi-smiles/ (grep -n; line 1 is the header).

private let needsDDI = TestData.isAvailable("ddi-smiles")

@Test(.enabled(if: needsDDI, "needs the DDI files; set SWIFTHEALTH_TEST_DATA"))
func ddiSafeDrugPairsAndSymmetry() throws {
    let graph = try DrugInteractionGraph.load(from: try TestData.require("ddi-smiles"), source: .safeDrugATC3)

    // ddi_atc3_safedrug_vocab.csv: 112 codes; ddi_atc3_safedrug.csv: 337 pairs.
    #expect(graph.codes.count == 112)
    #expect(graph.codes == graph.codes.sorted())
    #expect(graph.pairCount == 337)
    #expect(graph.source.level == 3)

    // Lines 2, 3 and 5: N02B,M01A / N02B,C10A / A01A,M01A, in both orders.
    #expect(graph.interacts("N02B", "M01A"))
    #expect(graph.interacts("M01A", "N02B"))
    #expect(graph.interacts("C10A", "N02B"))
    #expect(graph.interacts("A01A", "M01A"))
    // N02B and A01A are both in the vocabulary (index 0 and 1) but never paired.
    #expect(!graph.interacts("N02B", "A01A"))
    #expect(!graph.interacts("N02B", "N02B"))
    #expect(!graph.interacts("N02B", "Z99Z"))

    #expect(graph.partners(of: "N02B").contains("M01A"))
    #expect(graph.partners(of: "N02B") == graph.partners(of: "N02B").sorted())
    #expect(graph.partners(of: "Z99Z") == [])
    for code in graph.codes {
        for partner in graph.partners(of: code) {
            #expect(graph.partners(of: partner).contains(code), "\(code) - \(partner) is one-sided")
        }
    }
}

@Test(.enabled(if: needsDDI, "needs the DDI files; set SWIFTHEALTH_TEST_DATA"))
func ddiTwosidesReproducesLevelFourFile() throws {
    let folder = try TestData.require("ddi-smiles")
    let graph = try DrugInteractionGraph.load(from: folder, source: .twosidesTop40(level: 4))

    // ddi_atc4_from_top40.csv lists 750 pairs, each with the smaller code first.
    var expected = Set<[String]>()
    var isHeader = true
    try DelimitedText.forEachRow(in: folder.appendingPathComponent("ddi_atc4_from_top40.csv")) { row in
        if isHeader {
            isHeader = false
            return
        }
        expected.insert(row.fields)
    }
    #expect(expected.count == 750)

    var derived = Set<[String]>()
    for code in graph.codes {
        for partner in graph.partners(of: code) where code < partner { derived.insert([code, partner]) }
    }
    #expect(derived.count == 750)
    #expect(derived == expected, "only derived: \(derived.subtracting(expected).prefix(3)), only in file: \(expected.subtracting(derived).prefix(3))")
    #expect(graph.pairCount == 750)
}

@Test(.enabled(if: needsDDI, "needs the DDI files; set SWIFTHEALTH_TEST_DATA"))
func ddiTwosidesLevels() throws {
    let folder = try TestData.require("ddi-smiles")

    // drug_ddi_top40_stitch.csv line 2: CID000002802,CID000003639, which stitch_cid_to_atc.csv maps to
    // N03AE01 (line 743) and C03AA03 (line 430).
    let expected = [2: ("C03", "N03"), 3: ("C03A", "N03A"), 4: ("C03AA", "N03AE"), 5: ("C03AA03", "N03AE01")]
    for (level, pair) in expected {
        let graph = try DrugInteractionGraph.load(from: folder, source: .twosidesTop40(level: level))
        #expect(graph.interacts(pair.0, pair.1), "level \(level)")
        #expect(graph.codes.allSatisfy { $0.count == ATCImport.levelLengths[level - 1] }, "level \(level)")
    }
    #expect(throws: MedCodeError.self) { try DrugInteractionGraph.load(from: folder, source: .twosidesTop40(level: 1)) }
}

@Test(.enabled(if: needsDDI, "needs the DDI files; set SWIFTHEALTH_TEST_DATA"))
func ddiRateByHand() throws {
    let graph = try DrugInteractionGraph.load(from: try TestData.require("ddi-smiles"), source: .safeDrugATC3)

    // [N02B, M01A, A01A]: N02B-M01A and M01A-A01A interact, N02B-A01A does not: 2 of 3 pairs.
    #expect(graph.ddiRate([["N02B", "M01A", "A01A"]]) == 2.0 / 3.0)
    // Adding [C10A, N02B] (1 of 1 pair) gives 3 of 4.
    #expect(graph.ddiRate([["N02B", "M01A", "A01A"], ["C10A", "N02B"]]) == 0.75)
    // A single drug adds no pair; a repeated code and an unknown code add 3 pairs, none interacting: 3 of 7.
    #expect(graph.ddiRate([["N02B", "M01A", "A01A"], ["C10A", "N02B"], ["N02B"], ["N02B", "N02B", "Z99Z"]]) == 3.0 / 7.0)
    #expect(graph.ddiRate([]) == 0)
    #expect(graph.ddiRate([["N02B"]]) == 0)
}

@Test func ddiAdjacencyMatrixOverVocabulary() {
    let graph = DrugInteractionGraph(source: .safeDrugATC3, pairs: [("A01A", "B01A"), ("B01A", "C01A")], vocabulary: ["D01A"])
    #expect(graph.codes == ["A01A", "B01A", "C01A", "D01A"])
    #expect(graph.pairCount == 2)
    // Vocabulary order is the caller's; "Z99Z" is outside the graph and gets a zero row.
    let matrix = graph.adjacencyMatrix(vocabulary: ["C01A", "B01A", "A01A", "Z99Z"])
    #expect(matrix == [
        0, 1, 0, 0,
        1, 0, 1, 0,
        0, 1, 0, 0,
        0, 0, 0, 0,
    ])
}

@Test func ddiBinaryRoundTrip() throws {
    let graph = DrugInteractionGraph(
        source: .twosidesTop40(level: 4), pairs: [("C03AA", "N03AE"), ("A01AB", "D10AD"), ("A01AB", "C03AA")])
    var writer = BinaryWriter()
    graph.write(to: &writer)
    var reader = BinaryReader(bytes: writer.bytes, path: "graph.bin")
    let copy = try DrugInteractionGraph.read(from: &reader)
    #expect(copy == graph)
    #expect(reader.isAtEnd)
    #expect(copy.interacts("N03AE", "C03AA"))
    #expect(copy.source == .twosidesTop40(level: 4))

    // A pair index past the codes is rejected.
    var damaged = BinaryWriter()
    damaged.write(UInt32(1))
    damaged.write(UInt32(0))
    damaged.write(UInt32(3))
    damaged.write(StringColumn(["A01A", "B01A"]))
    damaged.write([UInt32(0)])
    damaged.write([UInt32(5)])
    var damagedReader = BinaryReader(bytes: damaged.bytes, path: "graph.bin")
    #expect(throws: MedCodeError.self) { try DrugInteractionGraph.read(from: &damagedReader) }
}

@Test func ddiMalformedLineNamesFileLineAndColumn() throws {
    let folder = try TestData.temporaryFolder("medcode-ddi")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("index,atc3\n0,N02B\n1,M01A\n".utf8).write(to: folder.appendingPathComponent("ddi_atc3_safedrug_vocab.csv"))
    let pairs = folder.appendingPathComponent("ddi_atc3_safedrug.csv")
    try Data("atc3_a,atc3_b\nN02B,M01A\nN02B,M1A\n".utf8).write(to: pairs)

    #expect {
        try DrugInteractionGraph.load(from: folder, source: .safeDrugATC3)
    } throws: { error in
        guard case let .invalidField(path, line, column, field, value, _) = error as? MedCodeError else { return false }
        return path == pairs.path && line == 3 && column == 2 && field == "atc3_b" && value == "M1A"
    }

    let stitch = folder.appendingPathComponent("stitch_cid_to_atc.csv")
    try Data("CID000003639,C03AA03\n2802,N03AE01\n".utf8).write(to: stitch)
    try Data("STITCH 1,STITCH 2\nCID000002802,CID000003639\n".utf8).write(to: folder.appendingPathComponent("drug_ddi_top40_stitch.csv"))
    #expect {
        try DrugInteractionGraph.load(from: folder, source: .twosidesTop40(level: 4))
    } throws: { error in
        guard case let .invalidField(path, line, column, field, value, _) = error as? MedCodeError else { return false }
        return path == stitch.path && line == 2 && column == 1 && field == "STITCH id" && value == "2802"
    }
}
