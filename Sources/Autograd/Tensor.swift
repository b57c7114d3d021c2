import Foundation

/// Reference-counted Float32 buffer behind one or more tensors (a reshape shares it).
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    private let capacity: Int

    init(count: Int, zeroed: Bool) {
        capacity = BufferPool.shared.capacity(for: count)
        pointer = BufferPool.shared.take(capacity: capacity)
        self.count = count
        if zeroed {
            pointer.update(repeating: 0, count: count)
        }
    }

    init(copying source: UnsafePointer<Float>, count: Int) {
        capacity = BufferPool.shared.capacity(for: count)
        pointer = BufferPool.shared.take(capacity: capacity)
        self.count = count
        pointer.update(from: source, count: count)
    }

    deinit {
        BufferPool.shared.give(pointer, capacity: capacity)
    }
}

/// An n-dimensional array of Float32 values in contiguous row-major order, with an optional gradient.
///
/// A tensor is a reference: operations return new tensors, and the optimizer updates parameters in place.
/// When gradient recording is enabled (see `withNoGrad`) and an input has `requiresGrad`, every operation
/// records how to propagate gradients back to its inputs, and `backward()` runs those steps in reverse.
///
/// Tensors are not synchronised. `Sendable` lets a model move to a training thread, but one tensor must
/// be used from one thread at a time.
public final class Tensor: @unchecked Sendable {
    /// Size of each axis; `[]` is a scalar.
    public let shape: [Int]

    /// Number of elements, the product of `shape`.
    public let count: Int

    let storage: TensorStorage

    /// Gradient buffer, allocated on the first accumulation.
    var gradStorage: TensorStorage?

    /// The recorded operation that produced this tensor, while the graph is alive; nil for leaves and after
    /// `backward()`.
    var node: GradNode?

    var isLeafRequiringGrad: Bool

    /// Whether `backward()` freed this tensor's node; reaching it again in a later backward is an error.
    var isGraphReleased = false

    // MARK: - Creation

    init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.count = Tensor.elementCount(of: shape)
        precondition(storage.count == count, "Tensor: storage of \(storage.count) elements for shape \(shape)")
        self.storage = storage
        self.isLeafRequiringGrad = false
    }

    /// Creates an uninitialised tensor, for operations that write every element.
    convenience init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: Tensor.elementCount(of: shape), zeroed: false))
    }

    /// Creates a tensor from row-major values; `scalars.count` must equal the product of `shape`.
    public convenience init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) {
        let count = Tensor.elementCount(of: shape)
        precondition(
            scalars.count == count,
            "Tensor(shape:scalars:): \(scalars.count) values for shape \(shape), which holds \(count)")
        let storage = scalars.withUnsafeBufferPointer { buffer in
            TensorStorage(copying: buffer.baseAddress!, count: count)
        }
        self.init(shape: shape, storage: storage)
        self.isLeafRequiringGrad = requiresGrad
    }

    /// Creates a rank-0 tensor holding one value.
    public convenience init(_ value: Float, requiresGrad: Bool = false) {
        self.init(shape: [], scalars: [value], requiresGrad: requiresGrad)
    }

    /// Returns a tensor of zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        let tensor = Tensor(shape: shape, storage: TensorStorage(count: elementCount(of: shape), zeroed: true))
        tensor.isLeafRequiringGrad = requiresGrad
        return tensor
    }

    /// Returns a tensor with every element equal to `value`.
    public static func full(_ shape: [Int], value: Float, requiresGrad: Bool = false) -> Tensor {
        let tensor = Tensor(uninitializedShape: shape)
        tensor.storage.pointer.update(repeating: value, count: tensor.count)
        tensor.isLeafRequiringGrad = requiresGrad
        return tensor
    }

    /// Returns a tensor of ones.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, value: 1, requiresGrad: requiresGrad)
    }

    /// Returns values drawn uniformly from `[low, high)` with `generator`.
    public static func uniform(
        _ shape: [Int], low: Float, high: Float, generator: SeededGenerator, requiresGrad: Bool = false
    ) -> Tensor {
        let tensor = Tensor(uninitializedShape: shape)
        let pointer = tensor.storage.pointer
        generator.fillUnitFloats(pointer, count: tensor.count)
        for index in 0..<tensor.count {
            pointer[index] = low + (high - low) * pointer[index]
        }
        tensor.isLeafRequiringGrad = requiresGrad
        return tensor
    }

    /// Returns values drawn from a normal distribution N(`mean`, `standardDeviation`²) with `generator`.
    public static func normal(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, generator: SeededGenerator,
        requiresGrad: Bool = false
    ) -> Tensor {
        let tensor = Tensor(uninitializedShape: shape)
        let pointer = tensor.storage.pointer
        for index in 0..<tensor.count {
            pointer[index] = mean + standardDeviation * generator.nextNormal()
        }
        tensor.isLeafRequiringGrad = requiresGrad
        return tensor
    }

    static func elementCount(of shape: [Int]) -> Int {
        var count = 1
        for size in shape {
            precondition(size >= 0, "Tensor: negative axis size in shape \(shape)")
            count *= size
        }
        return count
    }

    // MARK: - Reading and writing values

    /// Number of axes.
    public var rank: Int { shape.count }

    /// A copy of the values in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// The only value of a one-element tensor, such as a loss.
    public var scalar: Float {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements, expected 1")
        return storage.pointer[0]
    }

    /// Calls `body` with the values in row-major order.
    public func withUnsafeBufferPointer<Result>(
        _ body: (UnsafeBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Calls `body` with writable values, for initialisers and optimizers.
    ///
    /// Writing bypasses the graph: gradients already recorded from these values become stale.
    /// Tensors that share storage through `reshaped(_:)` see the change too.
    public func withUnsafeMutableBufferPointer<Result>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// Copies `other`'s values into this tensor in place; the shapes must match.
    public func assign(_ other: Tensor) {
        precondition(other.shape == shape, "Tensor.assign: shape \(other.shape) does not match \(shape)")
        storage.pointer.update(from: other.storage.pointer, count: count)
    }

    /// Returns a new leaf tensor with a copy of the values and no graph.
    public func copy() -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(copying: storage.pointer, count: count))
    }

    /// Returns a tensor that shares these values but not the graph, like PyTorch's `detach()`.
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage)
    }

    // MARK: - Gradient

    /// Whether gradients flow to this tensor: a leaf marked so, or a result recorded in the graph.
    ///
    /// Only leaves can be changed; a result's flag comes from its inputs.
    public var requiresGrad: Bool {
        get { isLeafRequiringGrad || node != nil || isGraphReleased }
        set {
            precondition(
                node == nil && !isGraphReleased,
                "Tensor.requiresGrad: can only be set on a leaf tensor, not on an operation result")
            isLeafRequiringGrad = newValue
        }
    }

    /// The accumulated gradient, the same shape as the tensor, or nil before any `backward()`.
    ///
    /// The returned tensor shares the gradient buffer, so scaling it in place (gradient clipping) works.
    public var grad: Tensor? {
        gradStorage.map { Tensor(shape: shape, storage: $0) }
    }

    /// Drops the accumulated gradient, like PyTorch's `zero_grad(set_to_none=True)`.
    public func zeroGrad() {
        gradStorage = nil
    }

    /// Returns the gradient buffer, zero-filled on first use, or nil if no gradient flows to this tensor.
    ///
    /// A backward step adds its contribution here, so an input used twice sums both.
    func gradientBuffer() -> UnsafeMutablePointer<Float>? {
        guard requiresGrad else { return nil }
        if let existing = gradStorage {
            return existing.pointer
        }
        let created = TensorStorage(count: count, zeroed: true)
        gradStorage = created
        return created.pointer
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        let more = count > 8 ? ", ..." : ""
        return "Tensor(shape: \(shape), [\(preview)\(more)]\(requiresGrad ? ", requiresGrad" : ""))"
    }
}
