/// Bins per expected calibration error, PyHealth's `bins=20` for `ECE`, `ECE_adapt` and the
/// classwise variants.
let calibrationBinCount = 20

/// Expected calibration error, ECE = Σₘ (|Bₘ| / n) · |conf(Bₘ) − acc(Bₘ)|, the definition of
/// Guo et al., "On calibration of modern neural networks" (ICML 2017), binned as PyHealth's
/// `pyhealth/metrics/calibration.py` does.
///
/// - Parameters:
///   - confidences: the predicted probability per sample, any finite value.
///   - outcomes: 1 where the predicted event happened, else 0.
///   - binCount: number of bins. Empty bins contribute nothing.
///   - adaptive: false for equal-width bins (0, 1/m], (1/m, 2/m], …, (1 − 1/m, 1], with values
///     at or below 0 in the first bin and above 1 in the last. True for equal-size bins over the
///     samples sorted by confidence, where the last `n % binCount` bins get one extra sample.
/// - Returns: nil when `confidences` is empty.
func expectedCalibrationError(
    confidences: [Double], outcomes: [Double], binCount: Int, adaptive: Bool
) -> Double? {
    let sampleCount = confidences.count
    guard sampleCount > 0 else { return nil }

    var confidenceSums = [Double](repeating: 0, count: binCount)
    var outcomeSums = [Double](repeating: 0, count: binCount)
    var binSizes = [Int](repeating: 0, count: binCount)

    if adaptive {
        // NOTE: pandas' default sort is not stable beyond 16 rows, so where tied confidences
        // straddle a bin edge PyHealth may split them differently. Ties here keep input order.
        var sorted = confidences.indices.map { (confidence: confidences[$0], index: $0) }
        sorted.sort { $0.confidence < $1.confidence || ($0.confidence == $1.confidence && $0.index < $1.index) }

        let baseSize = sampleCount / binCount
        let largerBins = sampleCount % binCount
        var position = 0
        for bin in 0..<binCount {
            let size = baseSize + (bin >= binCount - largerBins ? 1 : 0)
            for sample in sorted[position..<(position + size)] {
                confidenceSums[bin] += sample.confidence
                outcomeSums[bin] += outcomes[sample.index]
            }
            binSizes[bin] = size
            position += size
        }
    } else {
        for (confidence, outcome) in zip(confidences, outcomes) {
            let bin = equalWidthBin(of: confidence, binCount: binCount)
            confidenceSums[bin] += confidence
            outcomeSums[bin] += outcome
            binSizes[bin] += 1
        }
    }

    var error = 0.0
    for bin in 0..<binCount where binSizes[bin] > 0 {
        let size = Double(binSizes[bin])
        let gap = abs(confidenceSums[bin] / size - outcomeSums[bin] / size)
        error += size / Double(sampleCount) * gap
    }
    return error
}

/// Returns the equal-width bin of `value`: the number of inner edges k/m (k = 1…m−1) strictly
/// below it, so each bin is closed on the right.
///
/// The edges are computed as `Double(k) / Double(m)`, the same correctly rounded quotients as
/// NumPy's `np.arange(m + 1) / m`, so a value equal to an edge lands in the same bin as in PyHealth.
func equalWidthBin(of value: Double, binCount: Int) -> Int {
    func edge(_ k: Int) -> Double { Double(k) / Double(binCount) }

    // Start from the arithmetic guess, which rounding can put one bin off, then correct it
    // against the exact edges.
    let scaled = value * Double(binCount)
    var bin = scaled.isFinite ? Int(max(0, min(Double(binCount - 1), scaled))) : 0
    while bin > 0 && !(edge(bin) < value) {
        bin -= 1
    }
    while bin < binCount - 1 && edge(bin + 1) < value {
        bin += 1
    }
    return bin
}

/// Returns the index of the largest entry in `row`, the first one on a tie as NumPy's `argmax` does.
func argmax(_ row: ArraySlice<Double>) -> Int {
    var best = row.startIndex
    for index in row.indices where row[index] > row[best] {
        best = index
    }
    return best - row.startIndex
}
