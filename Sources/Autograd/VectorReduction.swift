/// Float32 reductions over contiguous buffers with eight SIMD accumulators.
///
/// A plain `for` loop that adds into one Float cannot vectorise, because Swift keeps the order of
/// floating-point additions. These sum in eight interleaved partial sums instead, so the result can
/// differ from the sequential sum in the last bits.

/// Returns Σ x[i] for i in 0..<count.
@inline(__always)
func vectorSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    let raw = UnsafeRawPointer(x)
    var partial = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        partial += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    var total = partial.sum()
    while i < count {
        total += x[i]
        i += 1
    }
    return total
}

/// Returns Σ a[i] · b[i] for i in 0..<count.
@inline(__always)
func vectorDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    var partial = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        partial += rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            * rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    var total = partial.sum()
    while i < count {
        total += a[i] * b[i]
        i += 1
    }
    return total
}

/// Returns Σ (x[i] - center)² for i in 0..<count.
@inline(__always)
func vectorSquaredDeviationSum(_ x: UnsafePointer<Float>, center: Float, count: Int) -> Float {
    let raw = UnsafeRawPointer(x)
    let centerVector = SIMD8<Float>(repeating: center)
    var partial = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let centered = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - centerVector
        partial += centered * centered
        i += 8
    }
    var total = partial.sum()
    while i < count {
        let centered = x[i] - center
        total += centered * centered
        i += 1
    }
    return total
}
