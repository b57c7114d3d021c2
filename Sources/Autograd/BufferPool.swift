import Synchronization

/// Recycles large Float32 buffers between training steps.
///
/// Each step allocates buffers of the same sizes again. glibc serves large requests with fresh mmap
/// pages and trims freed memory, so every step paid for page faults and zero-filling of new pages (about
/// a fifth of a Transformer block's forward and backward time in a profile). Buffers of at least
/// `minimumPooledCount` elements are rounded up to one of four size classes per power of two, which
/// wastes at most 25%. Freed buffers are kept for reuse up to `maximumPooledBytes` in total, and smaller
/// buffers go to malloc.
final class BufferPool: Sendable {
    static let shared = BufferPool()

    /// 16 KiB: below this, malloc's own free lists are fast enough.
    let minimumPooledCount = 4096
    let maximumPooledBytes = 256 << 20

    private struct State {
        /// Free buffers by capacity, stored as addresses because pointers are not Sendable.
        var free: [Int: [UInt]] = [:]
        var pooledBytes = 0
    }

    private let state = Mutex(State())

    /// Returns the capacity to allocate for `count` elements.
    func capacity(for count: Int) -> Int {
        guard count >= minimumPooledCount else { return Swift.max(count, 1) }
        // Round up to 1, 1.25, 1.5 or 1.75 times the largest power of two not above count.
        let power = 1 << (Int.bitWidth - 1 - count.leadingZeroBitCount)
        let step = power / 4
        return (count + step - 1) / step * step
    }

    /// Takes a buffer of `capacity` elements (from `capacity(for:)`), uninitialised or with old values.
    func take(capacity: Int) -> UnsafeMutablePointer<Float> {
        if capacity >= minimumPooledCount {
            let reused: UInt? = state.withLock { state in
                guard let address = state.free[capacity]?.popLast() else { return nil }
                state.pooledBytes -= capacity * MemoryLayout<Float>.stride
                return address
            }
            if let reused, let pointer = UnsafeMutablePointer<Float>(bitPattern: reused) {
                return pointer
            }
        }
        return UnsafeMutablePointer<Float>.allocate(capacity: capacity)
    }

    /// Returns a buffer from `take(capacity:)`; it is kept for reuse or freed when the pool is full.
    func give(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        if capacity >= minimumPooledCount {
            let bytes = capacity * MemoryLayout<Float>.stride
            let kept = state.withLock { state in
                guard state.pooledBytes + bytes <= maximumPooledBytes else { return false }
                state.free[capacity, default: []].append(UInt(bitPattern: pointer))
                state.pooledBytes += bytes
                return true
            }
            if kept { return }
        }
        pointer.deallocate()
    }
}
