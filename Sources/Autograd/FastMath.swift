/// Branch-free Float32 elementary functions that the compiler can vectorise.
///
/// glibc's expf is a scalar call (about 3.3 ns per value on the development machine), and tanhf is 4.5
/// times slower than that. These use only arithmetic, comparisons and bit operations, so loops over them
/// compile to SIMD code even for the baseline x86-64 target.

/// e^x with Cephes' polynomial after Cody-Waite range reduction; relative error about 2e-7.
///
/// Above 88.72 the result is +inf and below -87.3 it is 0 (the true value there is subnormal, under
/// 1.2e-38). NaN stays NaN.
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let clamped = x < -87.3 ? -87.3 : (x > 88.3 ? 88.3 : x)

    // n = round(x / ln 2) through the 1.5·2²³ trick: the addition rounds, and n sits in the low mantissa bits.
    let shifted = clamped * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    let exponentBits = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000

    // r = x - n·ln 2 in two parts, so that r keeps its low bits.
    let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4

    // e^r for |r| <= ln 2 / 2.
    var p: Float = 1.987_569_15e-4
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_6e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_1e-1
    let expR = p * r * r + r + 1

    // Scale by 2ⁿ, built directly as the exponent field; the clamp keeps n within a normal exponent.
    let scale = Float(bitPattern: UInt32(bitPattern: (exponentBits &+ 127) << 23))
    let result = expR * scale

    // Between 88.3 and ln(Float.greatestFiniteMagnitude) the clamp costs accuracy, so rescale there.
    let overflowed = x > 88.72 ? Float.infinity : result * fastExpTail(x - clamped)
    return x < -87.3 ? 0 : overflowed
}

/// e^d for 0 <= d < 0.42 by Taylor series to d⁶ (relative error below 1e-7); 1 for d = 0.
@inline(__always)
private func fastExpTail(_ d: Float) -> Float {
    1 + d * (1 + d * (0.5 + d * (0.166_666_67 + d * (0.041_666_668 + d * (0.008_333_334 + d * 0.001_388_889)))))
}

/// tanh: a Taylor polynomial below |x| = 0.25, where `1 - 2 / (e^2x + 1)` would cancel, and that
/// formula above; |error| below 2e-7 throughout. Saturates to exactly ±1 for |x| >= 10.
@inline(__always)
func fastTanh(_ x: Float) -> Float {
    let x2 = x * x
    // x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835; the next term is under 3e-9 at |x| = 0.25.
    let series = x * (1 + x2 * (-0.333_333_33 + x2 * (0.133_333_33 + x2 * (-0.053_968_254 + x2 * 0.021_869_489))))
    let clamped = x < -10 ? -10 : (x > 10 ? 10 : x)
    let viaExp = 1 - 2 / (fastExp(2 * clamped) + 1)
    return x2 < 0.0625 ? series : viaExp
}

/// Logistic sigmoid 1 / (1 + e^-x).
@inline(__always)
func fastSigmoid(_ x: Float) -> Float {
    1 / (1 + fastExp(-x))
}

/// Standard normal CDF Φ(x) and density φ(x) together, for GELU and its derivative.
///
/// Φ comes from erfc(|x|/√2) by Abramowitz and Stegun 7.1.26 (|error| <= 1.5e-7), whose e^(-x²/2)
/// factor is also the density's, so both cost one exponential.
@inline(__always)
func normalDistribution(_ x: Float) -> (cdf: Float, density: Float) {
    let gaussian = fastExp(-0.5 * x * x)
    let z = (x < 0 ? -x : x) * 0.707_106_78
    let t = 1 / (1 + 0.327_591_1 * z)
    var poly: Float = 1.061_405_429
    poly = poly * t - 1.453_152_027
    poly = poly * t + 1.421_413_741
    poly = poly * t - 0.284_496_736
    poly = poly * t + 0.254_829_592
    let upperTail = 0.5 * poly * t * gaussian
    let cdf = x < 0 ? upperTail : 1 - upperTail
    return (cdf, 0.398_942_28 * gaussian)
}
