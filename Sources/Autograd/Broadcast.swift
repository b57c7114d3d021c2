/// The layout of two shapes broadcast together, NumPy style: shapes align at the trailing axis, and an axis of
/// size 1 (or a missing leading axis) repeats to match the other operand.
///
/// Axes that repeat the same way in both operands are merged, so a same-shape pair becomes one flat
/// run and a row vector added to a matrix becomes rows of one run each. The output is walked one
/// innermost run at a time, with the offsets of both operands.
struct BroadcastLayout {
    let outputShape: [Int]
    let outputCount: Int

    /// Merged axes, outermost first; the last one is the inner run.
    private let sizes: [Int]
    private let stridesA: [Int]
    private let stridesB: [Int]

    var innerCount: Int { sizes.last ?? 1 }
    var innerStrideA: Int { stridesA.last ?? 0 }
    var innerStrideB: Int { stridesB.last ?? 0 }

    /// Lays out `a` against `b`; `operation` names the caller in the shape error.
    init(_ a: [Int], _ b: [Int], operation: String) {
        let rank = Swift.max(a.count, b.count)
        let paddedA = Array(repeating: 1, count: rank - a.count) + a
        let paddedB = Array(repeating: 1, count: rank - b.count) + b

        var output: [Int] = []
        for axis in 0..<rank {
            let sizeA = paddedA[axis]
            let sizeB = paddedB[axis]
            precondition(
                sizeA == sizeB || sizeA == 1 || sizeB == 1,
                "\(operation): shapes \(a) and \(b) do not broadcast (axis \(axis - rank): \(sizeA) vs \(sizeB))")
            output.append(sizeA == 1 ? sizeB : sizeA)
        }
        self.init(outputShape: output, paddedA: paddedA, paddedB: paddedB)
    }

    /// Lays out `operand` against a target shape that it must broadcast to without growing the target.
    init(operand: [Int], target: [Int], operation: String) {
        precondition(operand.count <= target.count, "\(operation): shape \(operand) does not broadcast to \(target)")
        let paddedOperand = Array(repeating: 1, count: target.count - operand.count) + operand
        for axis in 0..<target.count {
            precondition(
                paddedOperand[axis] == target[axis] || paddedOperand[axis] == 1,
                "\(operation): shape \(operand) does not broadcast to \(target)")
        }
        self.init(outputShape: target, paddedA: target, paddedB: paddedOperand)
    }

    private init(outputShape: [Int], paddedA: [Int], paddedB: [Int]) {
        self.outputShape = outputShape
        self.outputCount = Tensor.elementCount(of: outputShape)

        // Contiguous strides of each operand, with 0 where the operand repeats.
        let rank = outputShape.count
        var strideA = 1
        var strideB = 1
        var axes: [(size: Int, strideA: Int, strideB: Int)] = []
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            let size = outputShape[axis]
            axes.append((size, paddedA[axis] == 1 ? 0 : strideA, paddedB[axis] == 1 ? 0 : strideB))
            strideA *= paddedA[axis]
            strideB *= paddedB[axis]
        }

        // Merge an axis into the inner one when both operands step through them as one longer axis.
        var merged: [(size: Int, strideA: Int, strideB: Int)] = []
        for axis in axes where axis.size != 1 {
            if let inner = merged.last,
               axis.strideA == inner.strideA * inner.size,
               axis.strideB == inner.strideB * inner.size {
                merged[merged.count - 1] = (inner.size * axis.size, inner.strideA, inner.strideB)
            } else {
                merged.append(axis)
            }
        }
        if merged.isEmpty {
            merged.append((1, 0, 0))
        }
        merged.reverse()

        sizes = merged.map(\.size)
        stridesA = merged.map(\.strideA)
        stridesB = merged.map(\.strideB)
    }

    /// Calls `body(outputOffset, offsetA, offsetB)` once per inner run, in output order.
    @inline(__always)
    func forEachRun(_ body: (Int, Int, Int) -> Void) {
        guard outputCount > 0 else { return }
        let outerRank = sizes.count - 1
        let inner = innerCount
        if outerRank == 0 {
            body(0, 0, 0)
            return
        }

        var index = [Int](repeating: 0, count: outerRank)
        var offsetA = 0
        var offsetB = 0
        var outputOffset = 0
        while true {
            body(outputOffset, offsetA, offsetB)
            outputOffset += inner

            // Advance the odometer over the outer axes.
            var axis = outerRank - 1
            while axis >= 0 {
                index[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if index[axis] < sizes[axis] {
                    break
                }
                offsetA -= stridesA[axis] * sizes[axis]
                offsetB -= stridesB[axis] * sizes[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 {
                return
            }
        }
    }
}
