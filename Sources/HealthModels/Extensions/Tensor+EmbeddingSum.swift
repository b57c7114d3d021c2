import Autograd

extension Tensor {
    /// Sums the embedding rows of each group of indices, like `torch.nn.EmbeddingBag(mode="sum")`: for
    /// `indices` `[groups, width]` (row-major) the result is `[groups, dimension]`, row g being
    /// Σ over w of `weight[indices[g, w]]`.
    ///
    /// It equals `embedding(weight, indices, [groups, width]).sum(axis: 1)` without the
    /// `[groups, width, dimension]` intermediate, which for the MLP's mean over 100 codes is 100 times
    /// the result's size. As with `embedding`, the padding row is added like any other but gets no
    /// gradient. Indices must already be checked to lie in `0..<vocabulary`.
    static func embeddingSum(_ weight: Tensor, indices: [Int32], groups: Int, width: Int, paddingIndex: Int?) -> Tensor {
        precondition(weight.rank == 2, "embeddingSum: weight must be [vocabulary, dimension], got shape \(weight.shape)")
        precondition(indices.count == groups * width, "embeddingSum: \(indices.count) indices for \(groups) groups of \(width)")
        let dimension = weight.shape[1]

        // Forward.
        let output = Tensor.zeros([groups, dimension])
        output.withUnsafeMutableBufferPointer { values in
            let table = weight.unsafeValues
            for group in 0..<groups {
                let target = values.baseAddress! + group * dimension
                for position in (group * width)..<((group + 1) * width) {
                    let source = table + Int(indices[position]) * dimension
                    for j in 0..<dimension { target[j] += source[j] }
                }
            }
        }

        // Local backward: every index of a group receives the group's gradient, except the padding row.
        let backward: BackwardFunction = { gradient in
            guard let weightGradient = weight.backwardBuffer() else { return }
            for group in 0..<groups {
                let source = gradient + group * dimension
                for position in (group * width)..<((group + 1) * width) where Int(indices[position]) != paddingIndex {
                    let target = weightGradient + Int(indices[position]) * dimension
                    for j in 0..<dimension { target[j] += source[j] }
                }
            }
        }

        // Attach.
        return record(output, operation: "embeddingSum", inputs: [weight], backward: backward)
    }
}
