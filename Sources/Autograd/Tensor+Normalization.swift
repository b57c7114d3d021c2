extension Tensor {
    /// Layer normalisation over the last axis in one fused operation, as `torch.nn.functional.layer_norm`:
    /// `(x - mean) / sqrt(var + epsilon) * weight + bias`, with the biased variance.
    ///
    /// - Parameters:
    ///   - weight: `[features]` scale, or nil for 1.
    ///   - bias: `[features]` shift, or nil for 0.
    ///   - epsilon: added to the variance; PyTorch's default is 1e-5.
    public func layerNorm(weight: Tensor?, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
        precondition(rank >= 1, "layerNorm: needs at least 1 axis, got a scalar")
        let width = shape[rank - 1]
        if let weight {
            precondition(weight.shape == [width], "layerNorm: weight shape \(weight.shape) does not match input shape \(shape)")
        }
        if let bias {
            precondition(bias.shape == [width], "layerNorm: bias shape \(bias.shape) does not match input shape \(shape)")
        }
        let rows = width == 0 ? 0 : count / width

        // Forward, saving the normalised values and each row's reciprocal standard deviation.
        let output = Tensor(uninitializedShape: shape)
        let normalized = TensorStorage(count: count, zeroed: false)
        var reciprocalDeviations = [Float](repeating: 0, count: rows)
        let input = storage.pointer
        let values = output.storage.pointer
        let gamma = weight?.storage.pointer
        let beta = bias?.storage.pointer
        for row in 0..<rows {
            let x = input + row * width
            let xHat = normalized.pointer + row * width
            let y = values + row * width
            let mean = vectorSum(x, count: width) / Float(width)
            let variance = vectorSquaredDeviationSum(x, center: mean, count: width) / Float(width)
            let reciprocalDeviation = 1 / (variance + epsilon).squareRoot()
            reciprocalDeviations[row] = reciprocalDeviation
            for j in 0..<width {
                xHat[j] = (x[j] - mean) * reciprocalDeviation
            }

            // One loop per case, so that no optional is unwrapped per element.
            switch (gamma, beta) {
            case let (gamma?, beta?):
                for j in 0..<width { y[j] = xHat[j] * gamma[j] + beta[j] }
            case let (gamma?, nil):
                for j in 0..<width { y[j] = xHat[j] * gamma[j] }
            case let (nil, beta?):
                for j in 0..<width { y[j] = xHat[j] + beta[j] }
            case (nil, nil):
                y.update(from: xHat, count: width)
            }
        }

        // Local backward. With x̂ the normalised input and d = g ⊙ weight:
        // dx = rstd · (d - mean(d) - x̂ · mean(d ⊙ x̂)), dweight = Σ g ⊙ x̂, dbias = Σ g.
        let backward: BackwardFunction = { [self] gradient in
            let inputGradient = gradientBuffer()
            let weightGradient = weight?.gradientBuffer()
            let biasGradient = bias?.gradientBuffer()
            let scaled = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(width, 1))
            defer { scaled.deallocate() }
            for row in 0..<rows {
                let g = gradient + row * width
                let xHat = normalized.pointer + row * width
                if let weightGradient {
                    for j in 0..<width { weightGradient[j] += g[j] * xHat[j] }
                }
                if let biasGradient {
                    for j in 0..<width { biasGradient[j] += g[j] }
                }
                guard let inputGradient else { continue }
                let d: UnsafePointer<Float>
                if let gamma {
                    for j in 0..<width { scaled[j] = g[j] * gamma[j] }
                    d = UnsafePointer(scaled)
                } else {
                    d = g
                }
                let meanD = vectorSum(d, count: width) / Float(width)
                let meanDXHat = vectorDot(d, xHat, count: width) / Float(width)
                let reciprocalDeviation = reciprocalDeviations[row]
                let dx = inputGradient + row * width
                for j in 0..<width {
                    dx[j] += reciprocalDeviation * (d[j] - meanD - xHat[j] * meanDXHat)
                }
            }
        }

        // Attach.
        let inputs = [self] + [weight, bias].compactMap { $0 }
        return Tensor.record(output, operation: "layerNorm", inputs: inputs, backward: backward)
    }
}
