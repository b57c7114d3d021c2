extension Tensor {
    /// Inverted dropout: zeroes each element with probability `probability` and scales the rest by
    /// 1 / (1 - probability), so the expected value is unchanged, as `torch.nn.functional.dropout` in
    /// training mode. Probability 0 returns `self`; probability 1 returns zeros.
    public func dropout(probability: Float, generator: SeededGenerator) -> Tensor {
        precondition(probability >= 0 && probability <= 1, "dropout: probability \(probability) is outside [0, 1]")
        if probability == 0 {
            return self
        }

        // Forward, saving the per-element scale (0 or 1 / (1 - p)).
        let keepScale: Float = probability == 1 ? 0 : 1 / (1 - probability)
        let scales = TensorStorage(count: count, zeroed: false)
        let output = Tensor(uninitializedShape: shape)
        let input = storage.pointer
        let values = output.storage.pointer
        let scale = scales.pointer
        generator.fillUnitFloats(scale, count: count)
        for i in 0..<count {
            scale[i] = scale[i] < probability ? 0 : keepScale
            values[i] = input[i] * scale[i]
        }

        // Local backward.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for i in 0..<count {
                inputGradient[i] += gradient[i] * scales.pointer[i]
            }
        }

        // Attach.
        return Tensor.record(output, operation: "dropout", inputs: [self], backward: backward)
    }
}
