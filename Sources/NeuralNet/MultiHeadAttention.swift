import Autograd

/// Multi-head scaled dot-product attention laid out as PyHealth's `MultiHeadedAttention`
/// (Vaswani et al., "Attention Is All You Need", 2017).
///
/// Children: `linear_layers.0`, `.1`, `.2` (query, key and value projections) and `output_linear`, each a
/// `[modelSize, modelSize]` Linear without bias, as in PyHealth. Dropout applies to the attention weights.
public final class MultiHeadAttention: Module {
    /// Number of attention heads.
    public let headCount: Int
    /// Feature size of queries, keys, values and output.
    public let modelSize: Int
    /// Query, key and value projections, in that order.
    public let projections: ModuleList<Linear>
    /// Projection of the merged heads.
    public let outputLinear: Linear
    /// Dropout on the attention weights.
    public let attentionDropout: Dropout
    public var isTraining = true

    /// Creates the four projections from `generator`.
    ///
    /// - Parameters:
    ///   - modelSize: feature size; must be divisible by `headCount`.
    ///   - dropout: on the attention weights; PyHealth's default 0.1 (its Transformer block keeps it).
    public init(headCount: Int, modelSize: Int, dropout: Float = 0.1, generator: SeededGenerator) {
        precondition(
            headCount > 0 && modelSize % headCount == 0,
            "MultiHeadAttention: model size \(modelSize) is not divisible by \(headCount) heads")
        self.headCount = headCount
        self.modelSize = modelSize
        projections = ModuleList((0..<3).map { _ in
            Linear(inputSize: modelSize, outputSize: modelSize, bias: false, generator: generator)
        })
        outputLinear = Linear(inputSize: modelSize, outputSize: modelSize, bias: false, generator: generator)
        attentionDropout = Dropout(probability: dropout, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        [("linear_layers", projections), ("output_linear", outputLinear), ("dropout", attentionDropout)]
    }

    /// Attends from `query` `[batch, queries, modelSize]` over `key` and `value` `[batch, keys, modelSize]`.
    ///
    /// - Parameters:
    ///   - keyMask: `[batch, keys]`, 1 for a real key and 0 for padding; padding keys get weight 0.
    ///   - queryMask: `[batch, queries]`; when given, a padding query attends to nothing and its output is
    ///     zero. Passing the same mask for both reproduces PyHealth's `mask ⊗ mask` attention mask.
    /// - Returns: `[batch, queries, modelSize]`.
    public func callAsFunction(
        query: Tensor, key: Tensor, value: Tensor, keyMask: Tensor? = nil, queryMask: Tensor? = nil
    ) -> Tensor {
        precondition(
            query.rank == 3 && key.rank == 3 && value.rank == 3 && query.shape[2] == modelSize
                && key.shape == value.shape && key.shape[0] == query.shape[0] && key.shape[2] == modelSize,
            "MultiHeadAttention: query \(query.shape), key \(key.shape) and value \(value.shape) must be [batch, length, \(modelSize)] with matching batch and key/value lengths")
        let batch = query.shape[0]
        let queries = query.shape[1]
        let keys = key.shape[1]
        let headSize = modelSize / headCount

        // Project, then split heads: [batch, length, modelSize] -> [batch, heads, length, headSize].
        func heads(_ projected: Tensor, length: Int) -> Tensor {
            if headCount == 1 {
                return projected.reshaped([batch, 1, length, headSize])
            }
            return projected.reshaped([batch, length, headCount, headSize]).permuted([0, 2, 1, 3])
        }
        let q = heads(projections[0](query), length: queries)
        let k = heads(projections[1](key), length: keys)
        let v = heads(projections[2](value), length: keys)

        // Scale q rather than the scores: [batch, heads, queries, headSize] is smaller than queries × keys.
        let scaledQ = q * (1 / Float(headSize).squareRoot())
        let scores = Tensor.matmul(scaledQ, k, transposeB: true)
        let mask = attentionMask(keyMask: keyMask, queryMask: queryMask, batch: batch, queries: queries, keys: keys)
        let weights = attentionDropout(scores.softmax(mask: mask))
        let attended = Tensor.matmul(weights, v)

        // Merge heads back: [batch, heads, queries, headSize] -> [batch, queries, modelSize].
        let merged = headCount == 1
            ? attended.reshaped([batch, queries, modelSize])
            : attended.permuted([0, 2, 1, 3]).reshaped([batch, queries, modelSize])
        return outputLinear(merged)
    }

    /// Builds the softmax mask that broadcasts to `[batch, heads, queries, keys]`, without recording a graph.
    private func attentionMask(keyMask: Tensor?, queryMask: Tensor?, batch: Int, queries: Int, keys: Int) -> Tensor? {
        if let keyMask {
            precondition(keyMask.shape == [batch, keys], "MultiHeadAttention: key mask shape \(keyMask.shape) is not [\(batch), \(keys)]")
        }
        if let queryMask {
            precondition(queryMask.shape == [batch, queries], "MultiHeadAttention: query mask shape \(queryMask.shape) is not [\(batch), \(queries)]")
        }
        return withNoGrad {
            switch (keyMask, queryMask) {
            case (nil, nil):
                return nil
            case (let keyMask?, nil):
                return keyMask.reshaped([batch, 1, 1, keys])
            case (nil, let queryMask?):
                return queryMask.reshaped([batch, 1, queries, 1])
            case (let keyMask?, let queryMask?):
                return queryMask.reshaped([batch, 1, queries, 1]) * keyMask.reshaped([batch, 1, 1, keys])
            }
        }
    }
}
