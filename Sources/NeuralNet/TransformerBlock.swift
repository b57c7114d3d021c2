import Autograd

/// Two linear layers with GELU between, `w_2(dropout(gelu(w_1(x))))`, as PyHealth's `PositionwiseFeedForward`.
public final class PositionwiseFeedForward: Module {
    /// `w_1`, modelSize to hiddenSize.
    public let expand: Linear
    /// `w_2`, hiddenSize back to modelSize.
    public let contract: Linear
    /// Dropout after the GELU.
    public let dropout: Dropout
    public var isTraining = true

    /// Creates both layers from `generator`.
    public init(modelSize: Int, hiddenSize: Int, dropout: Float, generator: SeededGenerator) {
        expand = Linear(inputSize: modelSize, outputSize: hiddenSize, generator: generator)
        contract = Linear(inputSize: hiddenSize, outputSize: modelSize, generator: generator)
        self.dropout = Dropout(probability: dropout, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        [("w_1", expand), ("w_2", contract), ("dropout", dropout)]
    }

    /// Transforms `[..., modelSize]` position by position.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        contract(dropout(expand(input).gelu()))
    }
}

/// A pre-norm residual connection, `x + dropout(sublayer(norm(x)))`, as PyHealth's `SublayerConnection`.
public final class SublayerConnection: Module {
    /// Normalisation applied before the sublayer.
    public let norm: LayerNorm
    /// Dropout on the sublayer output.
    public let dropout: Dropout
    public var isTraining = true

    /// Creates the connection for `size` features.
    public init(size: Int, dropout: Float, generator: SeededGenerator) {
        norm = LayerNorm(size: size)
        self.dropout = Dropout(probability: dropout, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] { [("norm", norm), ("dropout", dropout)] }

    /// Returns `input + dropout(sublayer(norm(input)))`.
    public func callAsFunction(_ input: Tensor, _ sublayer: (Tensor) -> Tensor) -> Tensor {
        input + dropout(sublayer(norm(input)))
    }
}

/// A pre-norm Transformer encoder block laid out as PyHealth's `TransformerBlock`:
///
///     x = x + dropout(attention(norm₁(x)))
///     x = x + dropout(feedForward(norm₂(x)))     (zero at padding positions)
///     return dropout(x)
///
/// Children: `attention` (`MultiHeadAttention` with its own dropout of 0.1, as PyHealth leaves it),
/// `feed_forward` (hidden size 4·modelSize), `input_sublayer`, `output_sublayer`, `dropout`.
/// There is no positional encoding, as in PyHealth.
public final class TransformerBlock: Module {
    /// Self-attention, child `attention`.
    public let attention: MultiHeadAttention
    /// Feed-forward network, child `feed_forward`.
    public let feedForward: PositionwiseFeedForward
    /// Residual connection around attention, child `input_sublayer`.
    public let inputSublayer: SublayerConnection
    /// Residual connection around the feed-forward network, child `output_sublayer`.
    public let outputSublayer: SublayerConnection
    /// Dropout on the block output.
    public let dropout: Dropout
    public var isTraining = true

    /// Creates a block initialised from `generator`.
    ///
    /// - Parameters:
    ///   - dropout: for the sublayers, the feed-forward network and the block output; PyHealth's
    ///     Transformer default is 0.5.
    public init(modelSize: Int, headCount: Int, dropout: Float, generator: SeededGenerator) {
        attention = MultiHeadAttention(headCount: headCount, modelSize: modelSize, generator: generator)
        feedForward = PositionwiseFeedForward(
            modelSize: modelSize, hiddenSize: 4 * modelSize, dropout: dropout, generator: generator)
        inputSublayer = SublayerConnection(size: modelSize, dropout: dropout, generator: generator)
        outputSublayer = SublayerConnection(size: modelSize, dropout: dropout, generator: generator)
        self.dropout = Dropout(probability: dropout, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        [
            ("attention", attention), ("feed_forward", feedForward), ("input_sublayer", inputSublayer),
            ("output_sublayer", outputSublayer), ("dropout", dropout),
        ]
    }

    /// Encodes `input` `[batch, time, modelSize]`.
    ///
    /// - Parameters:
    ///   - mask: `[batch, time]`, 1 for a real position and 0 for padding. Padding positions are never
    ///     attended to, they attend to nothing, and their feed-forward output is zero (the residual path
    ///     still carries their input through), as in PyHealth 2.0's source.
    ///     NOTE: PyHealth 2.1.0 drops the step that zeroes a padding query's attention weights, so there a
    ///     padding position's output adds the average of all values. Outputs at real positions, the only
    ///     ones its Transformer reads, are the same in both versions.
    ///   - outputPositions: the positions whose outputs are needed, or nil for all. Keys and values still
    ///     come from every position, but attention scores and the feed-forward network run only for these
    ///     queries. PyHealth's Transformer reads only position 0 of its last block, so passing `0..<1` there
    ///     skips most of that block's work. In evaluation mode the result equals the same slice of the full
    ///     output. In training mode the dropout masks cover fewer elements, so the values differ.
    /// - Returns: `[batch, time, modelSize]`, or `[batch, outputPositions.count, modelSize]`.
    public func callAsFunction(_ input: Tensor, mask: Tensor? = nil, outputPositions: Range<Int>? = nil) -> Tensor {
        precondition(input.rank == 3, "TransformerBlock: input must be [batch, time, modelSize], got shape \(input.shape)")
        let time = input.shape[1]
        let positions = outputPositions ?? 0..<time
        precondition(
            positions.lowerBound >= 0 && positions.upperBound <= time && !positions.isEmpty,
            "TransformerBlock: output positions \(positions) are outside 0..<\(time)")
        let isPartial = positions.count != time
        let queryMask = isPartial ? mask?.slice(axis: 1, range: positions) : mask

        // Attention sublayer: queries from the selected positions, keys and values from all of them.
        let normalized = inputSublayer.norm(input)
        let queries = isPartial ? normalized.slice(axis: 1, range: positions) : normalized
        let residual = isPartial ? input.slice(axis: 1, range: positions) : input
        let attention = self.attention(query: queries, key: normalized, value: normalized, keyMask: mask, queryMask: queryMask)
        let attended = residual + inputSublayer.dropout(attention)

        // Feed-forward sublayer, zero at padding positions.
        let transformed = outputSublayer(attended) { normalized in
            let output = feedForward(normalized)
            guard let mask else { return output }
            let padding = Self.paddingRows(mask)
            return output.maskedFill(isPartial ? padding.slice(axis: 1, range: positions) : padding, with: 0)
        }
        return dropout(transformed)
    }

    /// Builds `[batch, time, 1]`, 1 where PyHealth zeroes the feed-forward output: a padding position, or any
    /// position of a row without a single real one (its `mask ⊗ mask` row sums to 0).
    static func paddingRows(_ mask: Tensor) -> Tensor {
        precondition(mask.rank == 2, "TransformerBlock: mask must be [batch, time], got shape \(mask.shape)")
        let batch = mask.shape[0]
        let time = mask.shape[1]
        var rows = [Float](repeating: 0, count: batch * time)
        mask.withUnsafeBufferPointer { values in
            for b in 0..<batch {
                let anyReal = (0..<time).contains { values[b * time + $0] != 0 }
                for t in 0..<time where !anyReal || values[b * time + t] == 0 {
                    rows[b * time + t] = 1
                }
            }
        }
        return Tensor(shape: [batch, time, 1], scalars: rows)
    }
}
