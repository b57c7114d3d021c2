extension Tensor {
    /// Normalises a possibly negative axis (-1 is the last) and checks it, naming `operation` on failure.
    func resolvedAxis(_ axis: Int, operation: String, rank: Int? = nil) -> Int {
        let rank = rank ?? self.rank
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < rank, "\(operation): axis \(axis) is out of range for shape \(shape)")
        return resolved
    }

    // MARK: - Reshape

    /// Returns the same values with a new shape of the same element count; one axis may be -1 to infer it.
    ///
    /// The result shares storage with this tensor (no copy).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolvedShape = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().reduce(1) { $1.offset == inferred ? $0 : $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshaped: cannot reshape \(shape) to \(newShape)")
            resolvedShape[inferred] = count / known
        }
        precondition(
            Tensor.elementCount(of: resolvedShape) == count,
            "reshaped: cannot reshape \(shape) (\(count) elements) to \(newShape)")

        // Forward: a view on the same storage.
        let output = Tensor(shape: resolvedShape, storage: storage)

        // Local backward: the layout is unchanged, so the gradient adds element by element.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for i in 0..<count {
                inputGradient[i] += gradient[i]
            }
        }

        // Attach.
        return Tensor.record(output, operation: "reshape", inputs: [self], backward: backward)
    }

    /// Inserts an axis of size 1 at `axis`.
    public func unsqueezed(axis: Int) -> Tensor {
        let position = axis < 0 ? axis + rank + 1 : axis
        precondition(position >= 0 && position <= rank, "unsqueezed: axis \(axis) is out of range for shape \(shape)")
        var newShape = shape
        newShape.insert(1, at: position)
        return reshaped(newShape)
    }

    /// Removes the axis `axis`, which must have size 1.
    public func squeezed(axis: Int) -> Tensor {
        let position = resolvedAxis(axis, operation: "squeezed")
        precondition(shape[position] == 1, "squeezed: axis \(axis) of shape \(shape) has size \(shape[position]), not 1")
        var newShape = shape
        newShape.remove(at: position)
        return reshaped(newShape)
    }

    // MARK: - Permute

    /// Swaps the last two axes: `[..., m, n]` becomes `[..., n, m]` (a copy).
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed: needs at least 2 axes, got shape \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Reorders the axes so that output axis i is input axis `axes[i]`, like `torch.permute` (a copy).
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(
            axes.count == rank && Set(axes) == Set(0..<rank),
            "permuted: \(axes) is not a permutation of the \(rank) axes of shape \(shape)")
        let outputShape = axes.map { shape[$0] }

        // Input strides read in output axis order; the output is written sequentially.
        var inputStrides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1]
        }
        let gatherStrides = axes.map { inputStrides[$0] }

        // Forward.
        let output = Tensor(uninitializedShape: outputShape)
        let input = storage.pointer
        let values = output.storage.pointer
        Tensor.forEachStridedOffset(shape: outputShape, strides: gatherStrides) { outputIndex, inputIndex in
            values[outputIndex] = input[inputIndex]
        }

        // Local backward: send each output gradient back to the input position it was read from.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            Tensor.forEachStridedOffset(shape: outputShape, strides: gatherStrides) { outputIndex, inputIndex in
                inputGradient[inputIndex] += gradient[outputIndex]
            }
        }

        // Attach.
        return Tensor.record(output, operation: "permute", inputs: [self], backward: backward)
    }

    /// Calls `body(sequentialIndex, stridedOffset)` for every position of `shape` in row-major order.
    @inline(__always)
    static func forEachStridedOffset(shape: [Int], strides: [Int], _ body: (Int, Int) -> Void) {
        let total = elementCount(of: shape)
        guard total > 0 else { return }
        guard let innerSize = shape.last else {
            body(0, 0)
            return
        }
        let innerStride = strides[strides.count - 1]
        let outerRank = shape.count - 1
        var index = [Int](repeating: 0, count: outerRank)
        var offset = 0
        var sequential = 0
        while sequential < total {
            for i in 0..<innerSize {
                body(sequential + i, offset + i * innerStride)
            }
            sequential += innerSize
            var axis = outerRank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    // MARK: - Concatenate, slice and split

    /// Joins tensors along `axis`; all other axes must match.
    public static func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concat: needs at least one tensor")
        let first = tensors[0]
        let resolved = first.resolvedAxis(axis, operation: "concat")
        for tensor in tensors {
            var expected = first.shape
            expected[resolved] = tensor.rank == first.rank ? tensor.shape[resolved] : -1
            precondition(
                tensor.shape == expected,
                "concat: shape \(tensor.shape) does not match \(first.shape) outside axis \(axis)")
        }

        let outer = elementCount(of: Array(first.shape[..<resolved]))
        let inner = elementCount(of: Array(first.shape[(resolved + 1)...]))
        let blockSizes = tensors.map { $0.shape[resolved] * inner }
        let outputBlock = blockSizes.reduce(0, +)
        var outputShape = first.shape
        outputShape[resolved] = tensors.reduce(0) { $0 + $1.shape[resolved] }

        // Forward: for each outer index, copy each input's block side by side.
        let output = Tensor(uninitializedShape: outputShape)
        let values = output.storage.pointer
        var blockOffset = 0
        for (tensor, blockSize) in zip(tensors, blockSizes) {
            let input = tensor.storage.pointer
            for o in 0..<outer {
                (values + o * outputBlock + blockOffset).update(from: input + o * blockSize, count: blockSize)
            }
            blockOffset += blockSize
        }

        // Local backward: each input receives its block of the gradient.
        let backward: BackwardFunction = { gradient in
            var blockOffset = 0
            for (tensor, blockSize) in zip(tensors, blockSizes) {
                if let inputGradient = tensor.gradientBuffer() {
                    for o in 0..<outer {
                        let source = gradient + o * outputBlock + blockOffset
                        let target = inputGradient + o * blockSize
                        for i in 0..<blockSize { target[i] += source[i] }
                    }
                }
                blockOffset += blockSize
            }
        }

        // Attach.
        return record(output, operation: "concat", inputs: tensors, backward: backward)
    }

    /// Copies the elements at positions `range` along `axis`, like `torch.narrow`.
    public func slice(axis: Int, range: Range<Int>) -> Tensor {
        let resolved = resolvedAxis(axis, operation: "slice")
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[resolved],
            "slice: range \(range) is out of bounds for axis \(axis) of shape \(shape)")
        let outer = Tensor.elementCount(of: Array(shape[..<resolved]))
        let inner = Tensor.elementCount(of: Array(shape[(resolved + 1)...]))
        let inputBlock = shape[resolved] * inner
        let outputBlock = range.count * inner
        let start = range.lowerBound * inner
        var outputShape = shape
        outputShape[resolved] = range.count

        // Forward.
        let output = Tensor(uninitializedShape: outputShape)
        let input = storage.pointer
        let values = output.storage.pointer
        for o in 0..<outer {
            (values + o * outputBlock).update(from: input + o * inputBlock + start, count: outputBlock)
        }

        // Local backward.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for o in 0..<outer {
                let source = gradient + o * outputBlock
                let target = inputGradient + o * inputBlock + start
                for i in 0..<outputBlock { target[i] += source[i] }
            }
        }

        // Attach.
        return Tensor.record(output, operation: "slice", inputs: [self], backward: backward)
    }

    /// Splits along `axis` into consecutive pieces of the given sizes, which must add up to the axis size.
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        let resolved = resolvedAxis(axis, operation: "split")
        precondition(
            sizes.reduce(0, +) == shape[resolved],
            "split: sizes \(sizes) do not add up to axis \(axis) of shape \(shape)")
        var pieces: [Tensor] = []
        var start = 0
        for size in sizes {
            pieces.append(slice(axis: resolved, range: start..<(start + size)))
            start += size
        }
        return pieces
    }

    /// Returns the sub-tensor at `index` along `axis`, with that axis removed, like `x[:, index]`.
    public func select(axis: Int, index: Int) -> Tensor {
        let resolved = resolvedAxis(axis, operation: "select")
        precondition(index >= 0 && index < shape[resolved], "select: index \(index) is out of bounds for axis \(axis) of shape \(shape)")
        var outputShape = shape
        outputShape.remove(at: resolved)
        return slice(axis: resolved, range: index..<(index + 1)).reshaped(outputShape)
    }
}
