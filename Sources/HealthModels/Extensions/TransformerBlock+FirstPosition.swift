import Autograd
import NeuralNet

extension TransformerBlock {
    /// The block's output at position 0 alone, `[batch, 1, size]`, equal to `self(input, mask: mask)` at
    /// that position but without the work for the others.
    ///
    /// Only position 0 of a model's last block reaches its output, and position 0 needs every position's
    /// keys and values but only its own query, residual and feed-forward network. At 100 steps this skips
    /// 99 % of the feed-forward work, the largest cost of the block.
    ///
    /// - Parameters:
    ///   - input: `[batch, time, size]`.
    ///   - mask: `[batch, time]`, 1 at a real position. Position 0 must be real in every row (the model
    ///     marks it real in rows without any, as PyHealth does), so neither its query nor its feed-forward
    ///     output is masked.
    func firstPositionOutput(_ input: Tensor, mask: Tensor) -> Tensor {
        let normalized = inputSublayer.norm(input)
        let firstQuery = normalized.slice(axis: 1, range: 0..<1)
        let attended = attention(query: firstQuery, key: normalized, value: normalized, keyMask: mask)
        let first = input.slice(axis: 1, range: 0..<1) + inputSublayer.dropout(attended)
        let transformed = outputSublayer(first) { normalizedFirst in feedForward(normalizedFirst) }
        return dropout(transformed)
    }
}
