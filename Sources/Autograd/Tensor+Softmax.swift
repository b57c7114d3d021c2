import Foundation

/// Offsets into a mask that broadcasts to the input, one per row of the last axis.
struct RowMask {
    let values: UnsafeMutablePointer<Float>
    let rowOffsets: [Int]
    /// 1 when the mask has the full last axis, 0 when it has size 1 there and repeats.
    let innerStride: Int
    /// Keeps the mask's storage alive while rows are read.
    let owner: Tensor

    init(mask: Tensor, inputShape: [Int], operation: String) {
        let rank = inputShape.count
        precondition(
            mask.rank <= rank,
            "\(operation): mask shape \(mask.shape) does not broadcast to input shape \(inputShape)")
        let padded = Array(repeating: 1, count: rank - mask.rank) + mask.shape
        for axis in 0..<rank {
            precondition(
                padded[axis] == inputShape[axis] || padded[axis] == 1,
                "\(operation): mask shape \(mask.shape) does not broadcast to input shape \(inputShape)")
        }

        // Mask strides over the leading axes, 0 where the mask repeats.
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        let leadingShape = Array(inputShape.dropLast())
        var offsets: [Int] = []
        offsets.reserveCapacity(Tensor.elementCount(of: leadingShape))
        if leadingShape.isEmpty {
            offsets.append(0)
        } else {
            // Each row is one position of the leading axes, and the callback receives one position per call.
            let leadingStrides = Array(strides.dropLast())
            Tensor.forEachStridedOffset(shape: leadingShape, strides: leadingStrides) { _, offset in
                offsets.append(offset)
            }
        }

        values = mask.storage.pointer
        rowOffsets = offsets
        innerStride = padded[rank - 1] == 1 ? 0 : 1
        owner = mask
    }
}

extension Tensor {
    /// Computes the softmax along the last axis.
    ///
    /// - Parameter mask: optional validity mask that broadcasts to this shape, for example `[batch, 1, 1, keys]`
    ///   against attention scores `[batch, heads, queries, keys]`. Positions where the mask is 0 get
    ///   probability 0 and no gradient; the other positions share probability 1. A row with no valid
    ///   position is all zeros, which is what PyTorch code gets from `masked_fill(mask == 0, -1e9)`, softmax,
    ///   then `masked_fill(mask == 0, 0)`.
    public func softmax(mask: Tensor? = nil) -> Tensor {
        normalizedExponential(mask: mask, logarithm: false)
    }

    /// Computes the log-softmax along the last axis: `x - log Σ exp(x)`, computed stably.
    ///
    /// - Parameter mask: as for `softmax(mask:)`. Masked positions are set to 0, not -inf, so that sums over
    ///   a row stay finite; they get no gradient. A row with no valid position is all zeros.
    public func logSoftmax(mask: Tensor? = nil) -> Tensor {
        normalizedExponential(mask: mask, logarithm: true)
    }

    private func normalizedExponential(mask: Tensor?, logarithm: Bool) -> Tensor {
        let operation = logarithm ? "logSoftmax" : "softmax"
        precondition(rank >= 1, "\(operation): needs at least 1 axis, got a scalar")
        let width = shape[rank - 1]
        let rows = width == 0 ? 0 : count / width
        let rowMask = mask.map { RowMask(mask: $0, inputShape: shape, operation: operation) }

        // 1 where a position takes part, per row; every position without a mask.
        let allKept = [Float](repeating: 1, count: width)
        func withKeptRow<Result>(_ row: Int, _ body: (_ kept: UnsafePointer<Float>, _ stride: Int) -> Result) -> Result {
            if let rowMask {
                return body(rowMask.values + rowMask.rowOffsets[row], rowMask.innerStride)
            }
            return allKept.withUnsafeBufferPointer { body($0.baseAddress!, 1) }
        }

        // Forward, subtracting each row's maximum over kept positions so exp cannot overflow.
        let output = Tensor(uninitializedShape: shape)
        let outputStorage = output.storage
        let input = storage.pointer
        let values = outputStorage.pointer
        var emptyRows = [Bool](repeating: false, count: rows)
        for row in 0..<rows {
            let x = input + row * width
            let y = values + row * width
            withKeptRow(row) { kept, stride in
                var maximum = -Float.infinity
                for j in 0..<width where kept[j * stride] != 0 {
                    maximum = Swift.max(maximum, x[j])
                }
                if maximum == -.infinity {
                    // No kept position (or every value is -inf): the row is defined as zeros.
                    y.update(repeating: 0, count: width)
                    emptyRows[row] = true
                    return
                }
                var total: Float = 0
                for j in 0..<width {
                    let e = kept[j * stride] != 0 ? fastExp(x[j] - maximum) : 0
                    y[j] = e
                    total += e
                }
                if logarithm {
                    let shift = maximum + logf(total)
                    for j in 0..<width {
                        y[j] = kept[j * stride] != 0 ? x[j] - shift : 0
                    }
                } else {
                    let scale = 1 / total
                    for j in 0..<width { y[j] *= scale }
                }
            }
        }

        // Local backward. Softmax: dx = y ⊙ (g - Σ g·y). Log-softmax: dx = g - softmax ⊙ Σ g, over kept positions.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            let saved = outputStorage.pointer
            for row in 0..<rows where !emptyRows[row] {
                let y = saved + row * width
                let g = gradient + row * width
                let dx = inputGradient + row * width
                if logarithm {
                    withKeptRow(row) { kept, stride in
                        var gradientTotal: Float = 0
                        for j in 0..<width where kept[j * stride] != 0 {
                            gradientTotal += g[j]
                        }
                        for j in 0..<width where kept[j * stride] != 0 {
                            dx[j] += g[j] - fastExp(y[j]) * gradientTotal
                        }
                    }
                } else {
                    var dot: Float = 0
                    for j in 0..<width { dot += g[j] * y[j] }
                    for j in 0..<width { dx[j] += y[j] * (g[j] - dot) }
                }
            }
        }

        // Attach.
        return Tensor.record(output, operation: operation, inputs: [self], backward: backward)
    }
}
