extension Tensor {
    /// Runs an LSTM over a padded batch in one fused operation with a hand-written backward through time.
    ///
    /// Gates follow `torch.nn.LSTM` (order i, f, g, o), starting from zero hidden and cell states:
    ///
    ///     i = σ(·), f = σ(·), g = tanh(·), o = σ(·), each of x_gate + W_h,gate h + b_h,gate
    ///     c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
    ///
    /// - Parameters:
    ///   - inputProjection: `x · W_ihᵀ + b_ih` for all steps, `[batch, time, 4·hidden]`.
    ///   - hiddenWeight: `W_hh`, `[4·hidden, hidden]`.
    ///   - hiddenBias: `b_hh`, `[4·hidden]`, or nil.
    ///   - lengths: valid steps per row; nil means all. After a row's last step both states stop changing.
    /// - Returns: the hidden state after each step, `[batch, time, hidden]`, zero at padding steps.
    public static func lstmSequence(
        inputProjection: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor?, lengths: [Int]?
    ) -> Tensor {
        let (batch, time, hidden, lengths) = recurrentLayout(
            operation: "lstmSequence", gates: 4, inputProjection: inputProjection, hiddenWeight: hiddenWeight,
            hiddenBias: hiddenBias, lengths: lengths)
        let gateWidth = 4 * hidden
        let stepSize = batch * hidden

        // Forward. hStates[t] and cStates[t] are the states before step t; gates stores i, f, g, o.
        let hStates = TensorStorage(count: (time + 1) * stepSize, zeroed: true)
        let cStates = TensorStorage(count: (time + 1) * stepSize, zeroed: true)
        let gates = TensorStorage(count: time * batch * gateWidth, zeroed: true)
        let cellTanh = TensorStorage(count: time * stepSize, zeroed: true)
        let preActivations = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(batch * gateWidth, 1))
        defer { preActivations.deallocate() }
        let output = Tensor.zeros([batch, time, hidden])
        let x = inputProjection.storage.pointer
        let weight = hiddenWeight.storage.pointer
        let bias = hiddenBias.map { UnsafePointer($0.storage.pointer) }
        let values = output.storage.pointer

        for t in 0..<time {
            let hPrevious = hStates.pointer + t * stepSize
            let cPrevious = cStates.pointer + t * stepSize
            let hNext = hStates.pointer + (t + 1) * stepSize
            let cNext = cStates.pointer + (t + 1) * stepSize
            fillRows(preActivations, rows: batch, width: gateWidth, bias: bias)
            gemm(transposeA: false, transposeB: true, m: batch, n: gateWidth, k: hidden,
                 a: hPrevious, b: weight, beta: 1, c: preActivations)

            for b in 0..<batch {
                let row = b * hidden
                guard t < lengths[b] else {
                    (hNext + row).update(from: hPrevious + row, count: hidden)
                    (cNext + row).update(from: cPrevious + row, count: hidden)
                    continue
                }
                let xRow = x + (b * time + t) * gateWidth
                let preRow = preActivations + b * gateWidth
                let gateRow = gates.pointer + (t * batch + b) * gateWidth
                let tanhRow = cellTanh.pointer + t * stepSize + row
                let outputRow = values + (b * time + t) * hidden

                // Short single-purpose loops, because the compiler vectorises these and not one fused loop.
                for j in 0..<(2 * hidden) {
                    gateRow[j] = fastSigmoid(xRow[j] + preRow[j])
                }
                for j in (2 * hidden)..<(3 * hidden) {
                    gateRow[j] = fastTanh(xRow[j] + preRow[j])
                }
                for j in (3 * hidden)..<(4 * hidden) {
                    gateRow[j] = fastSigmoid(xRow[j] + preRow[j])
                }
                for j in 0..<hidden {
                    cNext[row + j] = gateRow[hidden + j] * cPrevious[row + j] + gateRow[j] * gateRow[2 * hidden + j]
                }
                for j in 0..<hidden {
                    tanhRow[j] = fastTanh(cNext[row + j])
                }
                for j in 0..<hidden {
                    hNext[row + j] = gateRow[3 * hidden + j] * tanhRow[j]
                }
                outputRow.update(from: hNext + row, count: hidden)
            }
        }

        // Local backward through time; dHidden and dCell carry dL/dh_t and dL/dc_t back from step t + 1.
        let backward: BackwardFunction = { gradient in
            let inputGradient = inputProjection.gradientBuffer()
            let dHidden = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(stepSize, 1))
            let dCell = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(stepSize, 1))
            dHidden.initialize(repeating: 0, count: stepSize)
            dCell.initialize(repeating: 0, count: stepSize)
            defer {
                dHidden.deallocate()
                dCell.deallocate()
            }
            // Gradients of the gate pre-activations, [time, batch, 4·hidden].
            let dGates = TensorStorage(count: time * batch * gateWidth, zeroed: true)

            for t in stride(from: time - 1, through: 0, by: -1) {
                let cPrevious = cStates.pointer + t * stepSize
                for b in 0..<batch where t < lengths[b] {
                    let row = b * hidden
                    let gateRow = gates.pointer + (t * batch + b) * gateWidth
                    let tanhRow = cellTanh.pointer + t * stepSize + row
                    let dOutput = gradient + (b * time + t) * hidden
                    let dGateRow = dGates.pointer + (t * batch + b) * gateWidth
                    for j in 0..<hidden {
                        let i = gateRow[j], f = gateRow[hidden + j], g = gateRow[2 * hidden + j]
                        let o = gateRow[3 * hidden + j], tc = tanhRow[j]
                        let dh = dHidden[row + j] + dOutput[j]
                        let dc = dCell[row + j] + dh * o * (1 - tc * tc)
                        dGateRow[j] = dc * g * i * (1 - i)
                        dGateRow[hidden + j] = dc * cPrevious[row + j] * f * (1 - f)
                        dGateRow[2 * hidden + j] = dc * i * (1 - g * g)
                        dGateRow[3 * hidden + j] = dh * tc * o * (1 - o)
                        dCell[row + j] = dc * f
                        // The recurrent part is added by the product below.
                        dHidden[row + j] = 0
                    }
                    if let inputGradient {
                        let dInputRow = inputGradient + (b * time + t) * gateWidth
                        for k in 0..<gateWidth { dInputRow[k] += dGateRow[k] }
                    }
                }
                // Rows past their length keep both carried gradients; their gate gradients are 0.
                gemm(transposeA: false, transposeB: false, m: batch, n: hidden, k: gateWidth,
                     a: dGates.pointer + t * batch * gateWidth, b: weight, beta: 1, c: dHidden)
            }

            if let weightGradient = hiddenWeight.gradientBuffer() {
                gemm(transposeA: true, transposeB: false, m: gateWidth, n: hidden, k: time * batch,
                     a: dGates.pointer, b: hStates.pointer, beta: 1, c: weightGradient)
            }
            if let biasGradient = hiddenBias?.gradientBuffer() {
                for row in 0..<(time * batch) {
                    let source = dGates.pointer + row * gateWidth
                    for j in 0..<gateWidth { biasGradient[j] += source[j] }
                }
            }
        }

        // Attach.
        let inputs = [inputProjection, hiddenWeight] + (hiddenBias.map { [$0] } ?? [])
        return record(output, operation: "lstmSequence", inputs: inputs, backward: backward)
    }
}
