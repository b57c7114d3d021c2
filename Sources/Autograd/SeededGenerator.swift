import Foundation

/// A deterministic random generator (xoshiro256**, seeded through SplitMix64): the same seed gives the
/// same parameters and dropout masks on every platform.
///
/// It is a class so that layers built from one generator share its stream. It is not synchronised, so
/// use one generator from one thread at a time. It does not reproduce
/// PyTorch's Mersenne Twister, so a model built here never has PyTorch's initial values.
public final class SeededGenerator: RandomNumberGenerator, @unchecked Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Float?

    /// Creates a generator whose sequence depends only on `seed`.
    public init(seed: UInt64) {
        state = (0, 0, 0, 0)
        reseed(seed)
    }

    /// Restarts the sequence as if the generator had just been created with `seed`.
    public func reseed(_ seed: UInt64) {
        spareNormal = nil
        // SplitMix64 spreads any seed, including 0, over the full 256-bit state.
        var mixer = seed
        func nextMixed() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var value = mixer
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
        state = (nextMixed(), nextMixed(), nextMixed(), nextMixed())
    }

    /// Returns the next 64 random bits.
    public func next() -> UInt64 {
        SeededGenerator.advance(&state)
    }

    /// Fills `target` with values uniform in `[0, 1)` with 24 random bits each, for dropout masks and
    /// initialisers.
    ///
    /// Each 64-bit draw gives two values (its top two 24-bit fields), and the loop works on a local copy of
    /// the state, which avoids an exclusivity check per class property access. The sequence therefore
    /// differs from repeated `nextUnitFloat()` calls.
    func fillUnitFloats(_ target: UnsafeMutablePointer<Float>, count: Int) {
        var local = state
        var index = 0
        while index + 1 < count {
            let bits = SeededGenerator.advance(&local)
            target[index] = Float(bits >> 40) * 0x1p-24
            target[index + 1] = Float((bits >> 16) & 0xFF_FFFF) * 0x1p-24
            index += 2
        }
        if index < count {
            target[index] = Float(SeededGenerator.advance(&local) >> 40) * 0x1p-24
        }
        state = local
    }

    /// Advances `state` by one xoshiro256** step and returns 64 random bits.
    @inline(__always)
    private static func advance(_ state: inout (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// Returns a value uniform in `[0, 1)` with 24 random bits, the precision of a Float32.
    public func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Returns a value uniform in `[low, high)`.
    public func nextUniform(low: Float, high: Float) -> Float {
        low + (high - low) * nextUnitFloat()
    }

    /// Returns a standard normal value (Box-Muller transform; every second call uses the spare value).
    public func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u keeps the logarithm's argument in (0, 1].
        let u1 = 1 - Double(next() >> 11) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = Float(radius * Foundation.sin(angle))
        return Float(radius * Foundation.cos(angle))
    }

    @inline(__always)
    private static func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
