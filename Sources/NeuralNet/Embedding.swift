import Autograd

/// A lookup table of code vectors, like `torch.nn.Embedding` as PyHealth creates it.
///
/// Parameter `weight` `[count, dimension]` is drawn from N(0, 1), with the padding row set to zero. The
/// padding row gets no gradient, so it stays zero during training.
public final class Embedding: Module {
    /// `[count, dimension]`.
    public let weight: Tensor
    /// Row that stays zero and gets no gradient; PyHealth uses 0, its `<pad>` index.
    public let paddingIndex: Int?
    public var isTraining = true

    /// Number of rows (vocabulary size).
    public var count: Int { weight.shape[0] }
    /// Size of each vector.
    public var dimension: Int { weight.shape[1] }

    /// Creates a table of `count` vectors of size `dimension` drawn from `generator`.
    public init(count: Int, dimension: Int, paddingIndex: Int? = 0, generator: SeededGenerator) {
        precondition(count > 0 && dimension > 0, "Embedding: sizes must be positive, got \(count) x \(dimension)")
        if let paddingIndex {
            precondition(paddingIndex >= 0 && paddingIndex < count, "Embedding: padding index \(paddingIndex) is outside 0..<\(count)")
        }
        weight = Tensor.normal([count, dimension], generator: generator, requiresGrad: true)
        self.paddingIndex = paddingIndex
        if let paddingIndex {
            weight.withUnsafeMutableBufferPointer { values in
                for j in 0..<dimension { values[paddingIndex * dimension + j] = 0 }
            }
        }
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight)] }

    public var children: [(name: String, module: any Module)] { [] }

    /// Looks up `indices` of shape `shape`, giving `shape + [dimension]`.
    public func callAsFunction(_ indices: [Int32], shape: [Int]) -> Tensor {
        Tensor.embedding(weight, indices: indices, indexShape: shape, paddingIndex: paddingIndex)
    }
}
