import Autograd
import NeuralNet
import Testing

@Suite("Recurrent layers")
struct RecurrentTests {
    /// Sets a one-unit layer's parameters to the values used in the hand-worked examples.
    private func setScalarWeights(_ named: [(name: String, tensor: Tensor)], input: [Float], hidden: [Float], inputBias: [Float], hiddenBias: [Float]) {
        let byName = Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0.tensor) })
        setValues(byName["weight_ih_l0"]!, input)
        setValues(byName["weight_hh_l0"]!, hidden)
        setValues(byName["bias_ih_l0"]!, inputBias)
        setValues(byName["bias_hh_l0"]!, hiddenBias)
    }

    @Test func gruMatchesHandWorkedSteps() {
        // Input size 1, hidden size 1, inputs x = 1 then -2, from h = 0. Gate by gate (r, z, n):
        // step 1: r = σ(0.5 + 0.1) = 0.645656, z = σ(-0.3 + 0.1) = 0.450166,
        //         n = tanh(0.8 - 0.2 + r · 0.3) = 0.660498, h = (1 - z) · n = 0.363164;
        // step 2: r = σ(-1 + 0.1 + 0.2h) = 0.304202, z = σ(0.6 + 0.4h + 0.1) = 0.699573,
        //         n = tanh(-1.6 - 0.2 + r · (-0.6h + 0.3)) = -0.944158, h = (1 - z) · n + z · h = -0.029590.
        let gru = GRU(inputSize: 1, hiddenSize: 1, generator: SeededGenerator(seed: 1))
        setScalarWeights(gru.namedParameters(), input: [0.5, -0.3, 0.8], hidden: [0.2, 0.4, -0.6], inputBias: [0.1, 0, -0.2], hiddenBias: [0, 0.1, 0.3])
        let (outputs, last) = gru(Tensor(shape: [1, 2, 1], scalars: [1, -2]))
        #expect(isClose(outputs.scalars, [0.363164, -0.029590]))
        #expect(isClose(last.scalars, [-0.029590]))
    }

    @Test func gruPackedOutputsMatchHandWorkedSteps() {
        // The hand-worked GRU above, with the two steps as the one row of a packed batch.
        let gru = GRU(inputSize: 1, hiddenSize: 1, generator: SeededGenerator(seed: 1))
        setScalarWeights(gru.namedParameters(), input: [0.5, -0.3, 0.8], hidden: [0.2, 0.4, -0.6], inputBias: [0.1, 0, -0.2], hiddenBias: [0, 0.1, 0.3])
        let layout = PackedSequenceLayout(lengths: [2], time: 2)
        let outputs = gru.packedOutputs(Tensor(shape: [2, 1], scalars: [1, -2]), layout: layout)
        #expect(isClose(outputs.scalars, [0.363164, -0.029590]))
    }

    @Test func gruPackedOutputsMatchPaddedRun() {
        // Rows of lengths 3, 1 and 2: the packed states, put back at their padded steps, equal the padded run.
        let gru = GRU(inputSize: 2, hiddenSize: 3, generator: SeededGenerator(seed: 5))
        let input = Tensor.uniform([3, 3, 2], low: -1, high: 1, generator: SeededGenerator(seed: 6))
        let lengths = [3, 1, 2]
        let layout = PackedSequenceLayout(lengths: lengths, time: 3)
        let padded = gru(input, lengths: lengths).outputs
        let packed = gru.packedOutputs(input.packedSteps(layout), layout: layout).paddedSteps(layout)
        #expect(isClose(packed.scalars, padded.scalars))
    }

    @Test func lstmMatchesHandWorkedSteps() {
        // Input and hidden size 1, x = 1 then -2, gates (i, f, g, o) with W_ih = [0.5, -0.3, 0.8, 0.2],
        // W_hh = [0.2, 0.4, -0.6, 0.1], b_ih = [0.1, 0, -0.2, 0.3], b_hh = 0:
        // step 1: i = 0.645656, f = 0.425557, g = 0.537050, o = 0.622459, c = i·g = 0.346749, h = o·tanh(c) = 0.207584;
        // step 2: i = 0.297656, f = 0.664415, g = -0.958291, o = 0.480200, c = f·c + i·g = -0.054856,
        //         h = o·tanh(c) = -0.026315.
        let lstm = LSTM(inputSize: 1, hiddenSize: 1, generator: SeededGenerator(seed: 2))
        setScalarWeights(lstm.namedParameters(), input: [0.5, -0.3, 0.8, 0.2], hidden: [0.2, 0.4, -0.6, 0.1], inputBias: [0.1, 0, -0.2, 0.3], hiddenBias: [0, 0, 0, 0])
        let (outputs, last) = lstm(Tensor(shape: [1, 2, 1], scalars: [1, -2]))
        #expect(isClose(outputs.scalars, [0.207584, -0.026315]))
        #expect(isClose(last.scalars, [-0.026315]))
    }

    @Test func paddingStepsDoNotChangeState() {
        // Row 0 has 2 valid steps, then 2 padding steps with arbitrary values. It must give the states of
        // the 2-step sequence alone, zeros after its end, and the state after step 2 as its last state.
        for makeLayer in [
            { (g: SeededGenerator) -> (Tensor, [Int]?) -> (outputs: Tensor, lastHidden: Tensor) in
                let gru = GRU(inputSize: 2, hiddenSize: 3, generator: g); return { gru($0, lengths: $1) } },
            { (g: SeededGenerator) -> (Tensor, [Int]?) -> (outputs: Tensor, lastHidden: Tensor) in
                let lstm = LSTM(inputSize: 2, hiddenSize: 3, generator: g); return { lstm($0, lengths: $1) } },
        ] {
            let layer = makeLayer(SeededGenerator(seed: 3))
            let padded = Tensor(shape: [1, 4, 2], scalars: [0.5, -1, 0.25, 0.75, 9, 9, -9, 9])
            let alone = Tensor(shape: [1, 2, 2], scalars: [0.5, -1, 0.25, 0.75])
            let (paddedOutputs, paddedLast) = layer(padded, [2])
            let (aloneOutputs, aloneLast) = layer(alone, nil)
            #expect(Array(paddedOutputs.scalars[0..<6]) == aloneOutputs.scalars)
            #expect(Array(paddedOutputs.scalars[6...]) == [0, 0, 0, 0, 0, 0])
            #expect(paddedLast.scalars == aloneLast.scalars)
        }
    }

    @Test func reverseDirectionReadsValidStepsBackwards() {
        // The reverse half of a bidirectional output at step t equals a forward run of the reverse
        // weights over the valid steps reversed, read back at the mirrored step.
        let generator = SeededGenerator(seed: 4)
        let gru = GRU(inputSize: 2, hiddenSize: 2, bidirectional: true, generator: generator)
        let x = Tensor(shape: [1, 3, 2], scalars: [1, 2, 3, 4, 5, 6])
        let (outputs, last) = gru(x, lengths: [2])
        #expect(outputs.shape == [1, 3, 4])
        #expect(last.shape == [1, 4])

        let single = GRU(inputSize: 2, hiddenSize: 2, generator: SeededGenerator(seed: 5))
        let reverseWeights = gru.namedParameters().filter { $0.name.hasSuffix("_reverse") }.map(\.tensor)
        for (target, source) in zip(single.parameters(), reverseWeights) {
            target.assign(source)
        }
        let (reversedRun, reversedLast) = single(Tensor(shape: [1, 2, 2], scalars: [3, 4, 1, 2]))
        let values = outputs.scalars
        // Step 0's reverse half is the reverse run's last state, step 1's is its first; step 2 is padding.
        #expect(Array(values[2..<4]) == Array(reversedRun.scalars[2..<4]))
        #expect(Array(values[6..<8]) == Array(reversedRun.scalars[0..<2]))
        #expect(Array(values[10..<12]) == [0, 0])
        #expect(Array(last.scalars[2..<4]) == reversedLast.scalars)
    }

    @Test func parameterNamesAndShapesFollowPyTorch() {
        let gru = GRU(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, generator: SeededGenerator(seed: 6))
        let named = gru.namedParameters()
        #expect(named.map(\.name) == [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
        ])
        #expect(named[0].tensor.shape == [12, 5])
        #expect(named[1].tensor.shape == [12, 4])
        #expect(named[2].tensor.shape == [12])
        // The second layer reads both directions of the first.
        #expect(named[8].tensor.shape == [12, 8])

        let lstm = LSTM(inputSize: 5, hiddenSize: 4, bias: false, generator: SeededGenerator(seed: 7))
        #expect(lstm.namedParameters().map(\.name) == ["weight_ih_l0", "weight_hh_l0"])
        #expect(lstm.namedParameters()[0].tensor.shape == [16, 5])
    }

    @Test func initialisationBoundIsOneOverRootHidden() {
        let gru = GRU(inputSize: 3, hiddenSize: 16, generator: SeededGenerator(seed: 8))
        let values = gru.parameters().flatMap(\.scalars)
        // U(-1/√16, 1/√16) = U(-0.25, 0.25).
        #expect(values.allSatisfy { Swift.abs($0) <= 0.25 })
        #expect(values.contains { Swift.abs($0) > 0.2 })
    }
}
