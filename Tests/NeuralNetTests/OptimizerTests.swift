import Autograd
import NeuralNet
import Testing

/// Creates a one-element parameter with gradient `gradient`, as after a backward pass.
private func parameter(value: Float, gradient: Float) -> Tensor {
    let p = Tensor(shape: [1], scalars: [value], requiresGrad: true)
    (p * gradient).sum().backward()
    return p
}

private func setGradient(_ p: Tensor, _ gradient: Float) {
    p.zeroGrad()
    (p * gradient).sum().backward()
}

@Suite("Optimizers")
struct OptimizerTests {
    @Test func sgdWithMomentum() {
        // p = 1, g = 2, lr 0.1, momentum 0.9: step 1 buf = 2, p = 0.8; step 2 buf = 0.9·2 + 2 = 3.8, p = 0.42.
        let p = parameter(value: 1, gradient: 2)
        let optimizer = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9)
        optimizer.step()
        #expect(isClose(p.scalars, [0.8]))
        optimizer.step()
        #expect(isClose(p.scalars, [0.42]))
    }

    @Test func sgdWeightDecayAsL2() {
        // d = g + λp = 2 + 0.5 · 1 = 2.5, p = 1 - 0.1 · 2.5 = 0.75.
        let p = parameter(value: 1, gradient: 2)
        SGD(parameters: [p], learningRate: 0.1, weightDecay: 0.5).step()
        #expect(isClose(p.scalars, [0.75]))
    }

    @Test func adamBiasCorrectedSteps() {
        // lr 0.1. Step 1, g = 2: m = 0.2, v = 0.004, m̂ = 2, v̂ = 4, p = 1 - 0.1 · 2 / 2 = 0.9.
        // Step 2, g = 1: m = 0.28, v = 0.004996, m̂ = 0.28 / 0.19 = 1.473684, v̂ = 0.004996 / 0.001999 = 2.499250,
        // p = 0.9 - 0.1 · 1.473684 / 1.580902 = 0.806782.
        let p = parameter(value: 1, gradient: 2)
        let optimizer = Adam(parameters: [p], learningRate: 0.1)
        optimizer.step()
        #expect(isClose(p.scalars, [0.9]))
        setGradient(p, 1)
        optimizer.step()
        #expect(isClose(p.scalars, [0.806782]))
    }

    @Test func adamUpdatesEveryElement() {
        // 11 elements, so the eight-wide loop and the one-by-one tail both run. With a constant gradient g,
        // m̂ = g and v̂ = g² after each step, so each of two steps moves p by lr · sign(g) (ε is negligible).
        let gradients: [Float] = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11]
        let p = Tensor(shape: [11], scalars: Array(repeating: 1, count: 11), requiresGrad: true)
        let optimizer = Adam(parameters: [p], learningRate: 0.1)
        for _ in 0..<2 {
            optimizer.zeroGrad()
            (p * Tensor(shape: [11], scalars: gradients)).sum().backward()
            optimizer.step()
        }
        #expect(isClose(p.scalars, gradients.map { $0 > 0 ? 0.8 : 1.2 }))
    }

    @Test func adamL2VersusAdamWDecoupled() {
        // Adam: g' = 2 + 0.5 · 1 = 2.5 and the first step moves by lr · sign, so p = 0.9.
        // AdamW: p = 1 · (1 - 0.1 · 0.5) = 0.95 first, then 0.95 - 0.1 = 0.85.
        let coupled = parameter(value: 1, gradient: 2)
        Adam(parameters: [coupled], learningRate: 0.1, weightDecay: 0.5).step()
        #expect(isClose(coupled.scalars, [0.9]))
        let decoupled = parameter(value: 1, gradient: 2)
        AdamW(parameters: [decoupled], learningRate: 0.1, weightDecay: 0.5).step()
        #expect(isClose(decoupled.scalars, [0.85]))
    }

    @Test func parameterGroupsDecaySeparately() {
        let layer = Linear(inputSize: 2, outputSize: 1, generator: SeededGenerator(seed: 1))
        let groups = ParameterGroup.splitForWeightDecay(layer.namedParameters(), weightDecay: 0.5)
        #expect(groups.map(\.weightDecay) == [0.5, 0])
        #expect(groups[0].parameters.map { ObjectIdentifier($0) } == [ObjectIdentifier(layer.weight)])
        #expect(groups[1].parameters.map { ObjectIdentifier($0) } == [ObjectIdentifier(layer.bias!)])

        // With zero gradients, AdamW changes only the decayed group: weight · (1 - 0.1 · 0.5).
        let weightBefore = layer.weight.scalars
        let biasBefore = layer.bias!.scalars
        (layer(Tensor.zeros([1, 2])) * 0).sum().backward()
        AdamW(groups: groups, learningRate: 0.1).step()
        #expect(isClose(layer.weight.scalars, weightBefore.map { $0 * 0.95 }))
        #expect(layer.bias!.scalars == biasBefore)
    }

    @Test func parametersWithoutGradientAreSkipped() {
        let p = Tensor(shape: [1], scalars: [1], requiresGrad: true)
        let optimizer = AdamW(parameters: [p], learningRate: 0.1)
        optimizer.step()
        #expect(p.scalars == [1])
        optimizer.zeroGrad()
        #expect(p.grad == nil)
    }

    @Test func clipGradientNormScalesToMax() {
        // Gradients [3, 4] and [0]: total norm 5; max 1 gives factor 1 / (5 + 1e-6).
        let a = Tensor(shape: [2], scalars: [0, 0], requiresGrad: true)
        let b = Tensor(shape: [1], scalars: [0], requiresGrad: true)
        (a * Tensor(shape: [2], scalars: [3, 4])).sum().backward()
        (b * 0).sum().backward()
        let norm = clipGradientNorm([a, b], maxNorm: 1)
        #expect(norm == 5)
        #expect(isClose(a.grad!.scalars, [0.6, 0.8]))

        // Below the maximum the gradients stay as they are.
        #expect(isClose([clipGradientNorm([a, b], maxNorm: 10)], [1]))
        #expect(isClose(a.grad!.scalars, [0.6, 0.8]))
    }

    @Test func adamTrainsXorWithTinyNetwork() {
        // A 2-8-1 network must fit XOR; the loss falls from about log 2 to near 0.
        let generator = SeededGenerator(seed: 2)
        let hidden = Linear(inputSize: 2, outputSize: 8, generator: generator)
        let output = Linear(inputSize: 8, outputSize: 1, generator: generator)
        let x = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let optimizer = Adam(parameters: hidden.parameters() + output.parameters(), learningRate: 0.05)
        var loss: Float = 0
        for _ in 0..<300 {
            optimizer.zeroGrad()
            let value = binaryCrossEntropyWithLogits(output(hidden(x).tanh()), targets: y)
            value.backward()
            optimizer.step()
            loss = value.scalar
        }
        #expect(loss < 0.05)
    }
}
