import Autograd
import NeuralNet

extension MultiHeadAttention {
    /// Self-attention from position 0 alone, `[batch, 1, modelSize]`: equal to
    /// `self(query: x[:, 0:1], key: x, value: x, keyMask: keyMask)` for `sequence` x `[batch, time, modelSize]`.
    ///
    /// With a single query the key and value projections can be folded into it, because per head
    ///
    ///     q · (x W_kᵀ)ᵀ = (q W_k) · xᵀ     and     softmax(…) · (x W_vᵀ) = (softmax(…) · x) W_vᵀ
    ///
    /// so the cost is O(batch · time · modelSize) instead of the O(batch · time · modelSize²) of projecting
    /// every position. The results differ from the unfolded order of operations only by Float32 rounding.
    func attendFromFirstPosition(over sequence: Tensor, keyMask: Tensor) -> Tensor {
        let batch = sequence.shape[0]
        let time = sequence.shape[1]
        let headSize = modelSize / headCount
        precondition(keyMask.shape == [batch, time], "attendFromFirstPosition: key mask shape \(keyMask.shape) is not [\(batch), \(time)]")

        let query = projections[0](sequence.slice(axis: 1, range: 0..<1)) * (1 / Float(headSize).squareRoot())
        let keyWeight = projections[1].weight
        let valueWeight = projections[2].weight

        // foldedQuery [batch, heads, modelSize]: each head's query times that head's rows of W_k.
        let foldedQuery: Tensor
        if headCount == 1 {
            foldedQuery = Tensor.matmul(query, keyWeight)
        } else {
            let headQueries = query.reshaped([batch, headCount, headSize]).permuted([1, 0, 2])
            foldedQuery = Tensor.matmul(headQueries, keyWeight.reshaped([headCount, headSize, modelSize])).permuted([1, 0, 2])
        }

        let scores = Tensor.matmul(foldedQuery, sequence, transposeB: true)
        let weights = attentionDropout(scores.softmax(mask: keyMask.reshaped([batch, 1, time])))
        let context = Tensor.matmul(weights, sequence)

        // attended [batch, 1, modelSize]: each head's context times that head's rows of W_v, heads side by side.
        let attended: Tensor
        if headCount == 1 {
            attended = Tensor.matmul(context, valueWeight, transposeB: true)
        } else {
            attended = Tensor.matmul(
                context.permuted([1, 0, 2]), valueWeight.reshaped([headCount, headSize, modelSize]), transposeB: true
            ).permuted([1, 0, 2]).reshaped([batch, 1, modelSize])
        }
        return outputLinear(attended)
    }
}
