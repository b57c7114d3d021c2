import Foundation

/// Yields batches of encoded samples (PyHealth's `get_dataloader`), optionally shuffled and prefetched.
///
/// The order of epoch `e` comes from a `SplitMix64` seeded with `seed` and `e`, so every epoch has its own
/// order and a rerun with the same seed repeats it. The last batch may be smaller than `batchSize`.
public final class BatchLoader: Sendable {
    public let samples: EncodedSamples
    /// Sample indices this loader draws from, in their unshuffled order.
    public let indices: [Int]
    public let batchSize: Int
    public let shuffle: Bool
    public let seed: UInt64
    /// Builds the next batch on a background thread while the caller works on the current one.
    public let prefetch: Bool

    /// - Throws: `invalidArgument` for a batch size below 1 or an index outside `samples`.
    public init(samples: EncodedSamples, indices: [Int], batchSize: Int, shuffle: Bool = false, seed: UInt64 = 0, prefetch: Bool = false) throws {
        guard batchSize >= 1 else {
            throw HealthDataError(
                .invalidArgument, value: String(batchSize), message: "the batch size must be at least 1",
                hint: "Pass a positive batch size, for example 32.")
        }
        if let bad = indices.first(where: { !(0..<samples.count).contains($0) }) {
            throw HealthDataError(
                .invalidArgument, value: String(bad), message: "sample index outside 0..<\(samples.count)",
                hint: "Pass indices from a split of the same sample set.")
        }
        self.samples = samples
        self.indices = indices
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.prefetch = prefetch
    }

    /// Number of batches per epoch, the last one possibly smaller.
    public var batchCount: Int { (indices.count + batchSize - 1) / batchSize }

    /// Returns the sample order of `epoch`: `indices` as given, or shuffled when `shuffle` is on.
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return indices }
        var generator = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: epoch) &* 0xD1B5_4A32_D192_ED03)
        var order = indices
        generator.shuffle(&order)
        return order
    }

    /// Returns the batches of one epoch.
    public func batches(epoch: Int = 0) -> BatchSequence {
        BatchSequence(loader: self, order: order(epoch: epoch))
    }

    func batch(_ number: Int, of order: [Int]) -> Batch {
        let start = number * batchSize
        return samples.batch(Array(order[start..<min(start + batchSize, order.count)]))
    }
}

/// One epoch of batches.
public struct BatchSequence: Sequence {
    let loader: BatchLoader
    let order: [Int]

    public func makeIterator() -> BatchIterator {
        BatchIterator(loader: loader, order: order)
    }
}

/// Iterates one epoch; with prefetching, a background thread keeps up to two batches ready.
public final class BatchIterator: IteratorProtocol {
    private let loader: BatchLoader
    private let order: [Int]
    private var nextNumber = 0
    private let queue: PrefetchQueue?

    init(loader: BatchLoader, order: [Int]) {
        self.loader = loader
        self.order = order
        let count = (order.count + loader.batchSize - 1) / loader.batchSize
        if loader.prefetch, count > 0 {
            let queue = PrefetchQueue(capacity: 2)
            self.queue = queue
            let thread = Thread { [loader, order] in
                for number in 0..<count {
                    guard queue.push(loader.batch(number, of: order)) else { return }
                }
                queue.finish()
            }
            thread.name = "swifthealth.batch-prefetch"
            thread.start()
        } else {
            queue = nil
        }
    }

    deinit {
        queue?.cancel()
    }

    public func next() -> Batch? {
        if let queue { return queue.pop() }
        guard nextNumber * loader.batchSize < order.count else { return nil }
        defer { nextNumber += 1 }
        return loader.batch(nextNumber, of: order)
    }
}

/// A bounded hand-over between the prefetch thread and the consumer, guarded by one condition variable.
private final class PrefetchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Batch] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits for room and appends; returns false once the consumer has gone away.
    func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(batch)
        condition.broadcast()
        return true
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for a batch; nil once the producer has finished and everything was taken.
    func pop() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if items.isEmpty { return nil }
        let batch = items.removeFirst()
        condition.broadcast()
        return batch
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
