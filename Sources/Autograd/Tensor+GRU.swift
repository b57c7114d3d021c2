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

    /// Runs a GRU over a padded batch in one fused operation with a hand-written backward through time.
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
        let (batch, time, hidden, lengths) = recurrentLayout(
            operation: "gruSequence", gates: 3, inputProjection: inputProjection, hiddenWeight: hiddenWeight,
            hiddenBias: hiddenBias, lengths: lengths)
        let gateWidth = 3 * hidden
        let stepSize = batch * hidden

        // Forward. states[t] is the state before step t; gates stores r, z, n, and hiddenN stores W_hn h + b_hn.
        let states = TensorStorage(count: (time + 1) * stepSize, zeroed: true)
        let gates = TensorStorage(count: time * batch * gateWidth, zeroed: true)
        let hiddenN = TensorStorage(count: time * stepSize, zeroed: true)
        let hiddenGates = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(batch * gateWidth, 1))
        defer { hiddenGates.deallocate() }
        let output = Tensor.zeros([batch, time, hidden])
        let x = inputProjection.storage.pointer
        let weight = hiddenWeight.storage.pointer
        let bias = hiddenBias.map { UnsafePointer($0.storage.pointer) }
        let values = output.storage.pointer

        for t in 0..<time {
            let previous = states.pointer + t * stepSize
            let next = states.pointer + (t + 1) * stepSize
            fillRows(hiddenGates, rows: batch, width: gateWidth, bias: bias)
            gemm(transposeA: false, transposeB: true, m: batch, n: gateWidth, k: hidden,
                 a: previous, b: weight, beta: 1, c: hiddenGates)

            for b in 0..<batch {
                let hPrevious = previous + b * hidden
                let hNext = next + b * hidden
                guard t < lengths[b] else {
                    hNext.update(from: hPrevious, count: hidden)
                    continue
                }
                let xRow = x + (b * time + t) * gateWidth
                let hRow = hiddenGates + b * gateWidth
                let gateRow = gates.pointer + (t * batch + b) * gateWidth
                let nRow = hiddenN.pointer + t * stepSize + b * hidden
                let outputRow = values + (b * time + t) * hidden

                // Short single-purpose loops, because the compiler vectorises these and not one fused loop.
                for j in 0..<(2 * hidden) {
                    gateRow[j] = fastSigmoid(xRow[j] + hRow[j])
                }
                for j in 0..<hidden {
                    let hn = hRow[2 * hidden + j]
                    nRow[j] = hn
                    gateRow[2 * hidden + j] = fastTanh(xRow[2 * hidden + j] + gateRow[j] * hn)
                }
                for j in 0..<hidden {
                    let z = gateRow[hidden + j]
                    hNext[j] = (1 - z) * gateRow[2 * hidden + j] + z * hPrevious[j]
                }
                outputRow.update(from: hNext, count: hidden)
            }
        }

        // Local backward through time. dState carries dL/dh_t from step t + 1 back to step t.
        let backward: BackwardFunction = { gradient in
            let inputGradient = inputProjection.gradientBuffer()
            let dState = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(stepSize, 1))
            dState.initialize(repeating: 0, count: stepSize)
            defer { dState.deallocate() }
            // Gradients of the hidden-side pre-activations, [time, batch, 3·hidden], for W_hh and b_hh at the end.
            let dHiddenGates = TensorStorage(count: time * batch * gateWidth, zeroed: true)

            for t in stride(from: time - 1, through: 0, by: -1) {
                let previous = states.pointer + t * stepSize
                for b in 0..<batch where t < lengths[b] {
                    let gateRow = gates.pointer + (t * batch + b) * gateWidth
                    let nRow = hiddenN.pointer + t * stepSize + b * hidden
                    let hPrevious = previous + b * hidden
                    let dOutput = gradient + (b * time + t) * hidden
                    let dRow = dState + b * hidden
                    let dHiddenRow = dHiddenGates.pointer + (t * batch + b) * gateWidth
                    for j in 0..<hidden {
                        let r = gateRow[j], z = gateRow[hidden + j], n = gateRow[2 * hidden + j]
                        let dh = dRow[j] + dOutput[j]
                        let dn = dh * (1 - z) * (1 - n * n)
                        dHiddenRow[j] = dn * nRow[j] * r * (1 - r)
                        dHiddenRow[hidden + j] = dh * (hPrevious[j] - n) * z * (1 - z)
                        dHiddenRow[2 * hidden + j] = dn
                        dRow[j] = dh * z
                    }
                    // The input side of n gets dn; the hidden side gets dn · r.
                    if let inputGradient {
                        let dInputRow = inputGradient + (b * time + t) * gateWidth
                        for k in 0..<gateWidth { dInputRow[k] += dHiddenRow[k] }
                    }
                    for j in 0..<hidden {
                        dHiddenRow[2 * hidden + j] *= gateRow[j]
                    }
                }
                // Rows past their length keep dState unchanged; their hidden-gate gradients are 0.
                gemm(transposeA: false, transposeB: false, m: batch, n: hidden, k: gateWidth,
                     a: dHiddenGates.pointer + t * batch * gateWidth, b: weight, beta: 1, c: dState)
            }

            // dW_hh = Σ_t dHiddenGatesᵀ · h_(t-1), one product over all steps.
            if let weightGradient = hiddenWeight.gradientBuffer() {
                gemm(transposeA: true, transposeB: false, m: gateWidth, n: hidden, k: time * batch,
                     a: dHiddenGates.pointer, b: states.pointer, beta: 1, c: weightGradient)
            }
            if let biasGradient = hiddenBias?.gradientBuffer() {
                for row in 0..<(time * batch) {
                    let source = dHiddenGates.pointer + row * gateWidth
                    for j in 0..<gateWidth { biasGradient[j] += source[j] }
                }
            }
        }

        // Attach.
        let inputs = [inputProjection, hiddenWeight] + (hiddenBias.map { [$0] } ?? [])
        return record(output, operation: "gruSequence", inputs: inputs, backward: backward)
    }
}
