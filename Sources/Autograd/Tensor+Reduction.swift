extension Tensor {
    /// Sizes around `axis`: the product of the axes before it, its size, and the product after it.
    func splitAround(axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (Tensor.elementCount(of: Array(shape[..<axis])), shape[axis],
         Tensor.elementCount(of: Array(shape[(axis + 1)...])))
    }

    func reducedShape(axis: Int, keepingAxis: Bool) -> [Int] {
        var reduced = shape
        if keepingAxis {
            reduced[axis] = 1
        } else {
            reduced.remove(at: axis)
        }
        return reduced
    }

    /// Sum along `axis`; the axis is removed unless `keepingAxis`.
    public func sum(axis: Int, keepingAxis: Bool = false) -> Tensor {
        let resolved = resolvedAxis(axis, operation: "sum")
        let (outer, size, inner) = splitAround(axis: resolved)

        // Forward.
        let output = Tensor.zeros(reducedShape(axis: resolved, keepingAxis: keepingAxis))
        let input = storage.pointer
        let values = output.storage.pointer
        for o in 0..<outer {
            let target = values + o * inner
            for s in 0..<size {
                let source = input + (o * size + s) * inner
                for i in 0..<inner { target[i] += source[i] }
            }
        }

        // Local backward: every summed element receives the gradient of its sum.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for o in 0..<outer {
                let source = gradient + o * inner
                for s in 0..<size {
                    let target = inputGradient + (o * size + s) * inner
                    for i in 0..<inner { target[i] += source[i] }
                }
            }
        }

        // Attach.
        return Tensor.record(output, operation: "sum", inputs: [self], backward: backward)
    }

    /// Sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor {
        // Forward, accumulated in Double so long sums do not drift.
        var total = 0.0
        let input = storage.pointer
        for i in 0..<count { total += Double(input[i]) }
        let output = Tensor(Float(total))

        // Local backward.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            let g = gradient[0]
            for i in 0..<count { inputGradient[i] += g }
        }

        // Attach.
        return Tensor.record(output, operation: "sum", inputs: [self], backward: backward)
    }

    /// Mean along `axis`; the axis is removed unless `keepingAxis`.
    public func mean(axis: Int, keepingAxis: Bool = false) -> Tensor {
        let resolved = resolvedAxis(axis, operation: "mean")
        return sum(axis: resolved, keepingAxis: keepingAxis) * (1 / Float(shape[resolved]))
    }

    /// Mean of all elements, as a rank-0 tensor.
    public func mean() -> Tensor {
        sum() * (1 / Float(count))
    }

    /// Maximum along `axis`; the gradient goes to the first position holding the maximum, as in PyTorch.
    public func max(axis: Int, keepingAxis: Bool = false) -> Tensor {
        let resolved = resolvedAxis(axis, operation: "max")
        let (outer, size, inner) = splitAround(axis: resolved)
        precondition(size > 0, "max: axis \(axis) of shape \(shape) is empty")

        // Forward, remembering where each maximum came from.
        let output = Tensor(uninitializedShape: reducedShape(axis: resolved, keepingAxis: keepingAxis))
        let input = storage.pointer
        let values = output.storage.pointer
        var sources = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = o * size * inner + i
                for s in 1..<size {
                    let candidate = (o * size + s) * inner + i
                    if input[candidate] > input[best] { best = candidate }
                }
                values[o * inner + i] = input[best]
                sources[o * inner + i] = best
            }
        }

        // Local backward.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for (index, source) in sources.enumerated() {
                inputGradient[source] += gradient[index]
            }
        }

        // Attach.
        return Tensor.record(output, operation: "max", inputs: [self], backward: backward)
    }
}
