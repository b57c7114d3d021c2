/// The order in which a padded batch's valid steps are stored packed, as PyTorch's `PackedSequence` does.
///
/// Rows are ranked by length, longest first (ties keep batch order). Packed position
/// `offsets[t] + rank` contains step t of the row with that rank, so the rows still running at step t are the
/// first `batchSizes[t]` ranks, and a recurrent step runs on one contiguous block of `batchSizes[t]` rows.
public struct PackedSequenceLayout: Sendable, Equatable {
    /// Rows of the padded batch.
    public let batch: Int
    /// Steps of the padded batch.
    public let time: Int
    /// Valid leading steps per row, each in `0...time`.
    public let lengths: [Int]
    /// Batch rows by rank: `order[rank]` is the row with the rank-th longest length.
    public let order: [Int]
    /// Rows still running at each step, `[time]`, never increasing.
    public let batchSizes: [Int]
    /// Packed position of each step's first row, `[time + 1]`; the last entry is `count`.
    public let offsets: [Int]

    /// Number of packed positions, the sum of `lengths`.
    public var count: Int { offsets[time] }

    /// Builds the layout of a `[batch, time]` batch whose row b has `lengths[b]` valid leading steps.
    public init(lengths: [Int], time: Int) {
        for (row, length) in lengths.enumerated() where length < 0 || length > time {
            preconditionFailure("PackedSequenceLayout: length \(length) of row \(row) is outside 0...\(time)")
        }
        batch = lengths.count
        self.time = time
        self.lengths = lengths
        order = lengths.indices.sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }

        var sizes = [Int](repeating: 0, count: time)
        for length in lengths where length > 0 { sizes[length - 1] += 1 }
        for t in stride(from: time - 2, through: 0, by: -1) { sizes[t] += sizes[t + 1] }
        batchSizes = sizes

        var starts = [0]
        starts.reserveCapacity(time + 1)
        for size in sizes { starts.append(starts[starts.count - 1] + size) }
        offsets = starts
    }

    /// Flat index `row · time + step` of the padded step stored at each packed position, `[count]`.
    ///
    /// With `reversed`, packed step t of a row of length L is padded step L-1-t, so the packed sequence
    /// runs over each row's valid steps backwards.
    public func paddedIndices(reversed: Bool = false) -> [Int] {
        var indices = [Int](repeating: 0, count: count)
        for t in 0..<time {
            for rank in 0..<batchSizes[t] {
                let row = order[rank]
                let step = reversed ? lengths[row] - 1 - t : t
                indices[offsets[t] + rank] = row * time + step
            }
        }
        return indices
    }

    /// Packed position that fills each padded step `row · time + step`, or -1 for a padding step, `[batch · time]`.
    ///
    /// With `reversed`, as in `paddedIndices(reversed:)`.
    public func packedIndices(reversed: Bool = false) -> [Int] {
        var indices = [Int](repeating: -1, count: batch * time)
        for (position, padded) in paddedIndices(reversed: reversed).enumerated() {
            indices[padded] = position
        }
        return indices
    }

    /// Packed position of each row's last valid step, or -1 for an empty row, `[batch]`.
    public func lastStepPositions() -> [Int] {
        var positions = [Int](repeating: -1, count: batch)
        for (rank, row) in order.enumerated() where lengths[row] > 0 {
            positions[row] = offsets[lengths[row] - 1] + rank
        }
        return positions
    }
}

extension Tensor {
    /// Packs the valid steps of `[batch, time, ...]` into `[layout.count, ...]` in `layout`'s order; with
    /// `reversed`, each row's valid steps run backwards.
    public func packedSteps(_ layout: PackedSequenceLayout, reversed: Bool = false) -> Tensor {
        precondition(
            rank >= 2 && shape[0] == layout.batch && shape[1] == layout.time,
            "packedSteps: input shape \(shape) does not match a layout of \(layout.batch) rows of \(layout.time) steps")
        let inner = Array(shape[2...])
        return reshaped([1, layout.batch * layout.time] + inner)
            .gatherSteps(layout.paddedIndices(reversed: reversed), steps: layout.count)
            .reshaped([layout.count] + inner)
    }

    /// Unpacks `[layout.count, ...]` into `[batch, time, ...]` with zeros at padding steps, the inverse of
    /// `packedSteps(_:reversed:)` with the same `reversed`.
    public func paddedSteps(_ layout: PackedSequenceLayout, reversed: Bool = false) -> Tensor {
        precondition(
            rank >= 1 && shape[0] == layout.count,
            "paddedSteps: input shape \(shape) does not match a layout of \(layout.count) packed steps")
        let inner = Array(shape[1...])
        return reshaped([1, layout.count] + inner)
            .gatherSteps(layout.packedIndices(reversed: reversed), steps: layout.batch * layout.time)
            .reshaped([layout.batch, layout.time] + inner)
    }

    /// Sums each row's packed steps: `[layout.count, ...]` to `[batch, ...]`, zeros for an empty row.
    ///
    /// This equals `paddedSteps(layout).sum(axis: 1)` without building the padded tensor.
    public func sumPackedSteps(_ layout: PackedSequenceLayout) -> Tensor {
        precondition(
            rank >= 1 && shape[0] == layout.count,
            "sumPackedSteps: input shape \(shape) does not match a layout of \(layout.count) packed steps")
        let inner = Array(shape[1...])
        let width = Tensor.elementCount(of: inner)
        let batchSizes = layout.batchSizes
        let offsets = layout.offsets
        let order = layout.order

        // Forward, step by step, so that each row's sum adds its steps in time order.
        let output = Tensor.zeros([layout.batch] + inner)
        let input = storage.pointer
        let values = output.storage.pointer
        for t in 0..<layout.time {
            for rank in 0..<batchSizes[t] {
                let source = input + (offsets[t] + rank) * width
                let target = values + order[rank] * width
                for j in 0..<width { target[j] += source[j] }
            }
        }

        // Local backward: every packed step of a row gets the row's gradient.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for t in 0..<layout.time {
                for rank in 0..<batchSizes[t] {
                    let source = gradient + order[rank] * width
                    let target = inputGradient + (offsets[t] + rank) * width
                    for j in 0..<width { target[j] += source[j] }
                }
            }
        }

        // Attach.
        return Tensor.record(output, operation: "sumPackedSteps", inputs: [self], backward: backward)
    }
}
