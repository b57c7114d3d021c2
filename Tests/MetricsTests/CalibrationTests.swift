import Testing

@testable import Metrics

@Test func equalWidthBinEdges() {
    // With 20 bins the edges are k/20; a value on an edge belongs to the bin it closes.
    #expect(equalWidthBin(of: 0.0, binCount: 20) == 0)
    #expect(equalWidthBin(of: 0.05, binCount: 20) == 0)
    #expect(equalWidthBin(of: 0.050000001, binCount: 20) == 1)
    #expect(equalWidthBin(of: 0.15, binCount: 20) == 2)
    #expect(equalWidthBin(of: 0.6, binCount: 20) == 11)
    #expect(equalWidthBin(of: 0.95, binCount: 20) == 18)
    #expect(equalWidthBin(of: 1.0, binCount: 20) == 19)

    // Scores outside [0, 1] fall into the outer bins.
    #expect(equalWidthBin(of: -3.0, binCount: 20) == 0)
    #expect(equalWidthBin(of: 7.5, binCount: 20) == 19)
}

@Test func equalWidthECETwoBins() throws {
    // Bins [0, 0.5] and (0.5, 1]. The first contains 0.49 with outcome 0, gap 0.49, weight 1/3.
    // The second contains 0.6 and 0.8 with outcomes 1 and 1: conf 0.7, acc 1, gap 0.3, weight 2/3.
    // ECE = 0.49/3 + 2·0.3/3 = 1.09/3
    let error = try #require(expectedCalibrationError(
        confidences: [0.6, 0.49, 0.8], outcomes: [1, 0, 1], binCount: 2, adaptive: false))

    expectClose(error, 1.09 / 3)
}

@Test func equalSizeECEUnevenBins() throws {
    // Seven samples in three bins: 7 / 3 = 2 rem 1, so sizes 2, 2, 3 (the extra goes last).
    // Sorted by confidence: 0.1 (0), 0.2 (0) | 0.35 (0), 0.4 (1) | 0.7 (1), 0.8 (1), 0.9 (0).
    // Bin 1: conf 0.15, acc 0, gap 0.15, weight 2/7.
    // Bin 2: conf 0.375, acc 1/2, gap 0.125, weight 2/7.
    // Bin 3: conf 0.8, acc 2/3, gap 2/15, weight 3/7.
    // ECE = (0.3 + 0.25 + 0.4) / 7 = 0.95 / 7
    let error = try #require(expectedCalibrationError(
        confidences: [0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9], outcomes: [0, 1, 0, 1, 1, 0, 0],
        binCount: 3, adaptive: true))

    expectClose(error, 0.95 / 7)
}

@Test func equalSizeECEKeepsTiesInInputOrder() throws {
    // Four samples tied at 0.5 in two bins of two. In input order the outcomes are 1, 1 | 0, 0,
    // so the bins have accuracy 1 and 0, gaps 0.5 and 0.5, and ECE 0.5. Any other split would
    // give a smaller value.
    let error = try #require(expectedCalibrationError(
        confidences: [0.5, 0.5, 0.5, 0.5], outcomes: [1, 1, 0, 0], binCount: 2, adaptive: true))

    expectClose(error, 0.5)
}

@Test func calibrationErrorOfNoSamples() {
    #expect(expectedCalibrationError(confidences: [], outcomes: [], binCount: 20, adaptive: false) == nil)
    #expect(expectedCalibrationError(confidences: [], outcomes: [], binCount: 20, adaptive: true) == nil)
}

@Test func argmaxTakesFirstMaximum() {
    #expect(argmax([0.2, 0.4, 0.4][...]) == 1)
    #expect(argmax([0.5, 0.5][...]) == 0)

    // A slice that does not start at index 0 still returns a column index.
    let flat = [0.9, 0.1, 0.3, 0.3, 0.4]
    #expect(argmax(flat[2..<5]) == 2)
}
