// Draws for the synthetic cohort. They use only integer arithmetic, IEEE addition, multiplication and
// `squareRoot()`, which are exactly rounded everywhere, and no libm function such as `log` or `cos`,
// whose last bit may differ between C libraries. So a seed gives the same cohort on every platform.

extension SplitMix64 {
    /// Returns a uniform double in `0..<1` with 53 random bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Returns true with probability `probability` (clamped to 0...1).
    mutating func chance(_ probability: Double) -> Bool {
        nextUnit() < probability
    }

    /// Returns a uniform integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(nextBounded(UInt64(range.upperBound - range.lowerBound + 1)))
    }

    /// Returns a uniform double in `range`.
    mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// Returns an approximately standard normal value: the Irwin-Hall sum of six uniforms, centred and
    /// scaled to variance 1. Values are bounded by ±√18 ≈ ±4.24, which suits lab noise.
    mutating func standardNormal() -> Double {
        var sum = 0.0
        for _ in 0..<6 { sum += nextUnit() }
        return (sum - 3) * 2.0.squareRoot()
    }

    /// Returns one element of `options` chosen with probability proportional to its weight.
    mutating func weighted<T>(_ options: [(T, Double)]) -> T {
        precondition(!options.isEmpty, "weighted choice needs at least one option")
        let total = options.reduce(0) { $0 + $1.1 }
        var target = nextUnit() * total
        for (value, weight) in options {
            if target < weight { return value }
            target -= weight
        }
        return options[options.count - 1].0
    }

    /// Returns a uniform element of a non-empty array.
    mutating func element<T>(of options: [T]) -> T {
        options[Int(nextBounded(UInt64(options.count)))]
    }
}
