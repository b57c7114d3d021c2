import Autograd

/// Returns a leaf with values uniform in `range`, the same for the same seed.
func leaf(_ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -1...1) -> Tensor {
    Tensor.uniform(shape, low: range.lowerBound, high: range.upperBound, generator: SeededGenerator(seed: seed), requiresGrad: true)
}

/// Returns whether every element of `a` is within `tolerance` of `b`.
func isClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance }
}
