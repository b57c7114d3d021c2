extension Tensor {
    /// Checks the shapes shared by the fused recurrent operations and returns (batch, time, hidden, lengths).
    static func recurrentLayout(
        operation: String, gates: Int, inputProjection: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor?,
        lengths: [Int]?
    ) -> (batch: Int, time: Int, hidden: Int, lengths: [Int]) {
        precondition(
            hiddenWeight.rank == 2 && hiddenWeight.shape[0] == gates * hiddenWeight.shape[1],
            "\(operation): hidden weight must be [\(gates)·hidden, hidden], got shape \(hiddenWeight.shape)")
        let hidden = hiddenWeight.shape[1]
        precondition(
            inputProjection.rank == 3 && inputProjection.shape[2] == gates * hidden,
            "\(operation): input projection must be [batch, time, \(gates * hidden)], got shape \(inputProjection.shape) for hidden weight \(hiddenWeight.shape)")
        if let hiddenBias {
            precondition(
                hiddenBias.shape == [gates * hidden],
                "\(operation): hidden bias must be [\(gates * hidden)], got shape \(hiddenBias.shape)")
        }
        let batch = inputProjection.shape[0]
        let time = inputProjection.shape[1]
        let resolvedLengths = lengths ?? Array(repeating: time, count: batch)
        precondition(resolvedLengths.count == batch, "\(operation): \(resolvedLengths.count) lengths for a batch of \(batch)")
        for (row, length) in resolvedLengths.enumerated() where length < 0 || length > time {
            preconditionFailure("\(operation): length \(length) of row \(row) is outside 0...\(time)")
        }
        return (batch, time, hidden, resolvedLengths)
    }

    /// Fills each row of `target` ([rows, width]) with `bias`, or zeros without one.
    static func fillRows(_ target: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>?) {
        for row in 0..<rows {
            if let bias {
                (target + row * width).update(from: bias, count: width)
            } else {
                (target + row * width).update(repeating: 0, count: width)
            }
        }
    }

    /// Runs a GRU over a padded batch with a hand-written backward through time.
    ///
    /// Gates follow `torch.nn.GRU` (order r, z, n), starting from a zero state:
    ///
    ///     r = σ(x_r + W_hr h + b_hr),  z = σ(x_z + W_hz h + b_hz)
    ///     n = tanh(x_n + r ⊙ (W_hn h + b_hn)),  h' = (1 - z) ⊙ n + z ⊙ h
    ///
    /// - Parameters:
    ///   - inputProjection: `x · W_ihᵀ + b_ih` for all steps, `[batch, time, 3·hidden]`.
    ///   - hiddenWeight: `W_hh`, `[3·hidden, hidden]`.
    ///   - hiddenBias: `b_hh`, `[3·hidden]`, or nil.
    ///   - lengths: valid steps per row (the first `lengths[b]`); nil means all. After a row's last step
    ///     its state stops changing, as with a packed sequence.
    /// - Returns: the hidden state after each step, `[batch, time, hidden]`, with zeros at padding steps as
    ///   `pad_packed_sequence` gives.
    public static func gruSequence(
        inputProjection: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor?, lengths: [Int]?
    ) -> Tensor {
        let (_, time, _, lengths) = recurrentLayout(
            operation: "gruSequence", gates: 3, inputProjection: inputProjection, hiddenWeight: hiddenWeight,
            hiddenBias: hiddenBias, lengths: lengths)
        let layout = PackedSequenceLayout(lengths: lengths, time: time)
        return gruPackedSequence(
            inputProjection: inputProjection.packedSteps(layout), hiddenWeight: hiddenWeight,
            hiddenBias: hiddenBias, layout: layout)
            .paddedSteps(layout)
    }

    /// Runs a GRU, with the gates of `gruSequence`, over a packed batch in one fused operation.
    ///
    /// Step t runs only on the `layout.batchSizes[t]` rows that have not ended, as PyTorch does for a
    /// `PackedSequence`, so padding costs neither products nor gate math.
    ///
    /// - Parameters:
    ///   - inputProjection: `x · W_ihᵀ + b_ih` at each packed step, `[layout.count, 3·hidden]`.
    ///   - hiddenWeight: `W_hh`, `[3·hidden, hidden]`.
    ///   - hiddenBias: `b_hh`, `[3·hidden]`, or nil.
    /// - Returns: the hidden state after each packed step, `[layout.count, hidden]`.
    public static func gruPackedSequence(
        inputProjection: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor?, layout: PackedSequenceLayout
    ) -> Tensor {
        precondition(
            hiddenWeight.rank == 2 && hiddenWeight.shape[0] == 3 * hiddenWeight.shape[1],
            "gruPackedSequence: hidden weight must be [3·hidden, hidden], got shape \(hiddenWeight.shape)")
        let hidden = hiddenWeight.shape[1]
        let gateWidth = 3 * hidden
        let count = layout.count
        precondition(
            inputProjection.shape == [count, gateWidth],
            "gruPackedSequence: input projection must be [\(count), \(gateWidth)] for the layout and hidden weight \(hiddenWeight.shape), got shape \(inputProjection.shape)")
        if let hiddenBias {
            precondition(
                hiddenBias.shape == [gateWidth],
                "gruPackedSequence: hidden bias must be [\(gateWidth)], got shape \(hiddenBias.shape)")
        }
        let batchSizes = layout.batchSizes
        let offsets = layout.offsets

        // Forward. previousStates[p] is the state before packed step p (zero at step 0), gates stores r, z, n,
        // and hiddenN stores W_hn h + b_hn.
        let previousStates = TensorStorage(count: count * hidden, zeroed: false)
        let gates = TensorStorage(count: count * gateWidth, zeroed: false)
        let hiddenN = TensorStorage(count: count * hidden, zeroed: false)
        let hiddenGates = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(layout.batch * gateWidth, 1))
        defer { hiddenGates.deallocate() }
        let output = Tensor(uninitializedShape: [count, hidden])
        let x = inputProjection.storage.pointer
        let weight = hiddenWeight.storage.pointer
        let bias = hiddenBias.map { UnsafePointer($0.storage.pointer) }
        let values = output.storage.pointer
        if layout.time > 0 {
            previousStates.pointer.update(repeating: 0, count: batchSizes[0] * hidden)
        }

        for t in 0..<layout.time where batchSizes[t] > 0 {
            let rows = batchSizes[t]
            let base = offsets[t]
            let nextRows = t + 1 < layout.time ? batchSizes[t + 1] : 0
            fillRows(hiddenGates, rows: rows, width: gateWidth, bias: bias)
            if t > 0 {
                gemm(transposeA: false, transposeB: true, m: rows, n: gateWidth, k: hidden,
                     a: previousStates.pointer + base * hidden, b: weight, beta: 1, c: hiddenGates)
            }

            for rank in 0..<rows {
                let position = base + rank
                let xRow = x + position * gateWidth
                let hRow = hiddenGates + rank * gateWidth
                let gateRow = gates.pointer + position * gateWidth
                let nRow = hiddenN.pointer + position * hidden
                let hPrevious = previousStates.pointer + position * hidden
                let hNext = values + position * hidden

                // Short single-purpose loops over one pointer per gate, because the compiler vectorises
                // these and not one fused loop or one with index arithmetic.
                let (r, z, n) = (gateRow, gateRow + hidden, gateRow + 2 * hidden)
                let (xN, hN) = (xRow + 2 * hidden, hRow + 2 * hidden)
                for j in 0..<(2 * hidden) {
                    gateRow[j] = fastSigmoid(xRow[j] + hRow[j])
                }
                nRow.update(from: hN, count: hidden)
                for j in 0..<hidden {
                    n[j] = fastTanh(xN[j] + r[j] * hN[j])
                }
                for j in 0..<hidden {
                    hNext[j] = (1 - z[j]) * n[j] + z[j] * hPrevious[j]
                }
                // Rows that run on keep the same rank, so the next step's block starts with them.
                if rank < nextRows {
                    (previousStates.pointer + (offsets[t + 1] + rank) * hidden).update(from: hNext, count: hidden)
                }
            }
        }

        // Local backward through time. dState carries dL/dh_t from step t + 1 back to step t, by rank.
        let backward: BackwardFunction = { gradient in
            let inputGradient = inputProjection.gradientBuffer()
            let dState = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(layout.batch * hidden, 1))
            dState.initialize(repeating: 0, count: layout.batch * hidden)
            defer { dState.deallocate() }
            // Gradients of the hidden-side pre-activations, [count, 3·hidden], for W_hh and b_hh at the end.
            let dHiddenGates = TensorStorage(count: count * gateWidth, zeroed: false)

            for t in stride(from: layout.time - 1, through: 0, by: -1) where batchSizes[t] > 0 {
                let rows = batchSizes[t]
                let base = offsets[t]
                for rank in 0..<rows {
                    let position = base + rank
                    let gateRow = gates.pointer + position * gateWidth
                    let nRow = hiddenN.pointer + position * hidden
                    let hPrevious = previousStates.pointer + position * hidden
                    let dOutput = gradient + position * hidden
                    let dRow = dState + rank * hidden
                    let dHiddenRow = dHiddenGates.pointer + position * gateWidth
                    let (r, z, n) = (gateRow, gateRow + hidden, gateRow + 2 * hidden)
                    let (dR, dZ, dN) = (dHiddenRow, dHiddenRow + hidden, dHiddenRow + 2 * hidden)
                    for j in 0..<hidden {
                        let dh = dRow[j] + dOutput[j]
                        let dn = dh * (1 - z[j]) * (1 - n[j] * n[j])
                        dR[j] = dn * nRow[j] * r[j] * (1 - r[j])
                        dZ[j] = dh * (hPrevious[j] - n[j]) * z[j] * (1 - z[j])
                        dN[j] = dn
                        dRow[j] = dh * z[j]
                    }
                    // The input side of n gets dn; the hidden side gets dn · r.
                    if let inputGradient {
                        let dInputRow = inputGradient + position * gateWidth
                        for k in 0..<gateWidth { dInputRow[k] += dHiddenRow[k] }
                    }
                    for j in 0..<hidden {
                        dN[j] *= r[j]
                    }
                }
                // Ranks past this step's rows have not started yet, so their dState is still 0. The zero
                // state before step 0 needs no gradient.
                if t > 0 {
                    gemm(transposeA: false, transposeB: false, m: rows, n: hidden, k: gateWidth,
                         a: dHiddenGates.pointer + base * gateWidth, b: weight, beta: 1, c: dState)
                }
            }

            // dW_hh = Σ_p dHiddenGates[p]ᵀ · h_before(p), one product over every step after the first.
            if let weightGradient = hiddenWeight.gradientBuffer(), layout.time > 0 {
                let skipped = batchSizes[0]
                gemm(transposeA: true, transposeB: false, m: gateWidth, n: hidden, k: count - skipped,
                     a: dHiddenGates.pointer + skipped * gateWidth, b: previousStates.pointer + skipped * hidden,
                     beta: 1, c: weightGradient)
            }
            if let biasGradient = hiddenBias?.gradientBuffer() {
                for position in 0..<count {
                    let source = dHiddenGates.pointer + position * gateWidth
                    for j in 0..<gateWidth { biasGradient[j] += source[j] }
                }
            }
        }

        // Attach.
        let inputs = [inputProjection, hiddenWeight] + (hiddenBias.map { [$0] } ?? [])
        return record(output, operation: "gruPackedSequence", inputs: inputs, backward: backward)
    }
}
