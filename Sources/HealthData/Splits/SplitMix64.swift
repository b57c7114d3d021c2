/// A small deterministic pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// Splits and batch shuffles use it, with this file's own bounded-integer and shuffle routines, so a
/// seed gives the same permutation on every platform and Swift version. The permutations differ from
/// numpy's `default_rng(seed)` (PCG64), so a seed does not reproduce PyHealth's split of the same data.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns a uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject method).
    public mutating func nextBounded(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// Shuffles `elements` in place with the Fisher-Yates algorithm.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            let other = Int(nextBounded(UInt64(index + 1)))
            elements.swapAt(index, other)
        }
    }
}
