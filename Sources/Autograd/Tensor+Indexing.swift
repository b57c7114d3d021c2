extension Tensor {
    /// Looks up rows of `weight` `[vocabulary, dimension]`, like `torch.nn.functional.embedding`.
    ///
    /// - Parameters:
    ///   - indices: row-major indices, each in `0..<vocabulary`.
    ///   - indexShape: shape of `indices`; the result is `indexShape + [dimension]`.
    ///   - paddingIndex: a row that never receives a gradient (PyTorch's `padding_idx`), or nil.
    public static func embedding(
        _ weight: Tensor, indices: [Int32], indexShape: [Int], paddingIndex: Int? = 0
    ) -> Tensor {
        precondition(weight.rank == 2, "embedding: weight must be [vocabulary, dimension], got shape \(weight.shape)")
        precondition(
            indices.count == elementCount(of: indexShape),
            "embedding: \(indices.count) indices for index shape \(indexShape)")
        let vocabulary = weight.shape[0]
        let dimension = weight.shape[1]
        for (position, index) in indices.enumerated() where index < 0 || Int(index) >= vocabulary {
            preconditionFailure(
                "embedding: index \(index) at position \(position) is outside the vocabulary of \(vocabulary) rows")
        }

        // Forward: copy one weight row per index.
        let output = Tensor(uninitializedShape: indexShape + [dimension])
        let table = weight.storage.pointer
        let values = output.storage.pointer
        for (position, index) in indices.enumerated() {
            (values + position * dimension).update(from: table + Int(index) * dimension, count: dimension)
        }

        // Local backward: scatter-add each output row into its weight row, except the padding row.
        let backward: BackwardFunction = { gradient in
            guard let weightGradient = weight.gradientBuffer() else { return }
            for (position, index) in indices.enumerated() where Int(index) != paddingIndex {
                let source = gradient + position * dimension
                let target = weightGradient + Int(index) * dimension
                for j in 0..<dimension { target[j] += source[j] }
            }
        }

        // Attach.
        return record(output, operation: "embedding", inputs: [weight], backward: backward)
    }

    /// Picks time steps per row: for input `[batch, time, ...]` and `indices` `[batch, steps]` (row-major),
    /// returns `[batch, steps, ...]` where step s of row b is input step `indices[b * steps + s]`.
    /// An index of -1 gives a zero step.
    public func gatherSteps(_ indices: [Int], steps: Int) -> Tensor {
        precondition(rank >= 2, "gatherSteps: input must be [batch, time, ...], got shape \(shape)")
        let batch = shape[0]
        let time = shape[1]
        precondition(
            indices.count == batch * steps,
            "gatherSteps: \(indices.count) indices for \(batch) rows of \(steps) steps (input shape \(shape))")
        for (position, index) in indices.enumerated() where index < -1 || index >= time {
            preconditionFailure("gatherSteps: index \(index) at position \(position) is outside 0..<\(time) (input shape \(shape))")
        }
        let stepSize = Tensor.elementCount(of: Array(shape[2...]))

        // Forward.
        let output = Tensor(uninitializedShape: [batch, steps] + Array(shape[2...]))
        let input = storage.pointer
        let values = output.storage.pointer
        for b in 0..<batch {
            for s in 0..<steps {
                let target = values + (b * steps + s) * stepSize
                let index = indices[b * steps + s]
                if index < 0 {
                    target.update(repeating: 0, count: stepSize)
                } else {
                    target.update(from: input + (b * time + index) * stepSize, count: stepSize)
                }
            }
        }

        // Local backward: add each output step's gradient to the step it came from.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for b in 0..<batch {
                for s in 0..<steps {
                    let index = indices[b * steps + s]
                    guard index >= 0 else { continue }
                    let source = gradient + (b * steps + s) * stepSize
                    let target = inputGradient + (b * time + index) * stepSize
                    for j in 0..<stepSize { target[j] += source[j] }
                }
            }
        }

        // Attach.
        return Tensor.record(output, operation: "gatherSteps", inputs: [self], backward: backward)
    }

    /// Selects the last valid step of each row: input `[batch, time, ...]`, `lengths[b]` valid steps in row b,
    /// result `[batch, ...]`. A row of length 0 gives zeros.
    ///
    /// This is PyTorch's `outputs[arange(batch), lengths - 1]` after a packed RNN, except that PyTorch
    /// would wrap a length of 0 to the last step.
    public func lastValidSteps(lengths: [Int]) -> Tensor {
        precondition(rank >= 2 && lengths.count == shape[0], "lastValidSteps: \(lengths.count) lengths for input shape \(shape)")
        let indices = lengths.map { length in
            precondition(length >= 0 && length <= shape[1], "lastValidSteps: length \(length) is outside 0...\(shape[1]) (input shape \(shape))")
            return length - 1
        }
        var outputShape = shape
        outputShape.remove(at: 1)
        return gatherSteps(indices, steps: 1).reshaped(outputShape)
    }

    /// Reverses the first `lengths[b]` steps of each row and leaves the padding steps after them zero,
    /// for input `[batch, time, ...]` (RETAIN's reversed visit order).
    public func reversedSteps(lengths: [Int]) -> Tensor {
        precondition(rank >= 2 && lengths.count == shape[0], "reversedSteps: \(lengths.count) lengths for input shape \(shape)")
        let time = shape[1]
        var indices: [Int] = []
        indices.reserveCapacity(lengths.count * time)
        for length in lengths {
            precondition(length >= 0 && length <= time, "reversedSteps: length \(length) is outside 0...\(time) (input shape \(shape))")
            for step in 0..<time {
                indices.append(step < length ? length - 1 - step : -1)
            }
        }
        return gatherSteps(indices, steps: time)
    }

    /// Replaces elements with `value` where `mask` is non-zero, like PyTorch's `masked_fill`.
    /// The mask broadcasts to this shape; filled positions get no gradient.
    public func maskedFill(_ mask: Tensor, with value: Float) -> Tensor {
        let layout = BroadcastLayout(operand: mask.shape, target: shape, operation: "maskedFill")
        let input = storage.pointer
        let maskValues = mask.storage.pointer
        let inner = layout.innerCount
        let maskStride = layout.innerStrideB

        // Forward.
        let output = Tensor(uninitializedShape: shape)
        let values = output.storage.pointer
        layout.forEachRun { offset, _, maskOffset in
            for i in 0..<inner {
                values[offset + i] = maskValues[maskOffset + i * maskStride] != 0 ? value : input[offset + i]
            }
        }

        // Local backward: the gradient passes only where the input was kept.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            withExtendedLifetime(mask) {
                layout.forEachRun { offset, _, maskOffset in
                    for i in 0..<inner where maskValues[maskOffset + i * maskStride] == 0 {
                        inputGradient[offset + i] += gradient[offset + i]
                    }
                }
            }
        }

        // Attach.
        return Tensor.record(output, operation: "maskedFill", inputs: [self], backward: backward)
    }
}
