import Autograd
import NeuralNet

extension TransformerBlock {
    /// The block's output at position 0 alone, `[batch, 1, size]`, equal to `self(input, mask: mask)` at
    /// that position but without the work for the others.
    ///
    /// Only position 0 of a model's last block reaches its output, and position 0 needs every position's
    /// normalised input but only its own query, residual and feed-forward network. The key and value
    /// projections are folded into the single query (see `attendFromFirstPosition`). The work over all
    /// positions then shrinks to the layer norm and two products with the sequence, with nothing of size
    /// time × modelSize² or time × feed-forward size left.
    ///
    /// - Parameters:
    ///   - input: `[batch, time, size]`.
    ///   - mask: `[batch, time]`, 1 at a real position. Position 0 must be real in every row (the model
    ///     marks it real in rows without any, as PyHealth does), so neither its query nor its feed-forward
    ///     output is masked.
    func firstPositionOutput(_ input: Tensor, mask: Tensor) -> Tensor {
        let normalized = inputSublayer.norm(input)
        let attended = attention.attendFromFirstPosition(over: normalized, keyMask: mask)
        let first = input.slice(axis: 1, range: 0..<1) + inputSublayer.dropout(attended)
        let transformed = outputSublayer(first) { normalizedFirst in feedForward(normalizedFirst) }
        return dropout(transformed)
    }
}
