import Autograd
import NeuralNet
import Testing

// Finite-difference checks of every layer with respect to its input and all of its parameters, at small
// sizes (GradientCheck defaults: eps 1e-2, tolerance 1e-3 + 1e-2 relative).

@Suite("Layer gradients")
struct LayerGradientTests {
    @Test func linear() {
        let layer = Linear(inputSize: 4, outputSize: 3, generator: SeededGenerator(seed: 1))
        let x = leaf([2, 5, 4], seed: 2)
        let result = GradientCheck.check({ layer(x) }, withRespectTo: [x] + layer.parameters())
        #expect(result.passed, "\(result)")
    }

    @Test func embeddingSummedPerVisit() {
        // Codes [batch 2, visits 2, codes 3], summed within each visit as PyHealth's models do.
        let layer = Embedding(count: 6, dimension: 3, generator: SeededGenerator(seed: 3))
        let indices: [Int32] = [1, 2, 0, 5, 0, 0, 3, 3, 4, 0, 0, 0]
        let result = GradientCheck.check(
            { layer(indices, shape: [2, 2, 3]).sum(axis: 2) }, withRespectTo: layer.parameters())

        // Row 0 is the padding row: its values change the output, but like PyTorch's padding_idx it gets
        // no gradient, so exactly its 3 elements differ from the numeric derivative.
        #expect(result.checkedCount == 18)
        #expect(result.mismatches.map(\.element) == [0, 1, 2], "\(result)")
        #expect(result.mismatches.allSatisfy { $0.analytic == 0 })
    }

    @Test func layerNorm() {
        let layer = LayerNorm(size: 5)
        setValues(layer.weight, [0.5, 1.5, -1, 2, 1])
        setValues(layer.bias, [0.1, -0.2, 0.3, 0, 0.5])
        let x = leaf([3, 5], seed: 4, in: -2...2)
        let result = GradientCheck.check({ layer(x) }, withRespectTo: [x, layer.weight, layer.bias])
        #expect(result.passed, "\(result)")
    }

    @Test func dropoutInTrainingMode() {
        let generator = SeededGenerator(seed: 5)
        let layer = Dropout(probability: 0.3, generator: generator)
        let x = leaf([4, 4], seed: 6)
        let result = GradientCheck.check(
            {
                generator.reseed(5)
                return layer(x)
            },
            withRespectTo: [x])
        #expect(result.passed, "\(result)")
    }

    @Test func gruTwoLayersBidirectional() {
        let generator = SeededGenerator(seed: 7)
        let gru = GRU(inputSize: 3, hiddenSize: 2, layerCount: 2, dropout: 0.2, bidirectional: true, generator: generator)
        let x = leaf([3, 4, 3], seed: 8)
        let lengths = [4, 2, 1]
        let result = GradientCheck.check(
            {
                generator.reseed(9)
                let (outputs, last) = gru(x, lengths: lengths)
                return Tensor.concat([outputs.reshaped([3, -1]), last], axis: 1)
            },
            withRespectTo: [x] + gru.parameters())
        #expect(result.passed, "\(result)")
    }

    @Test func lstmWithLengths() {
        let lstm = LSTM(inputSize: 3, hiddenSize: 2, generator: SeededGenerator(seed: 10))
        let x = leaf([3, 4, 3], seed: 11)
        let lengths = [4, 3, 0]
        let result = GradientCheck.check(
            {
                let (outputs, last) = lstm(x, lengths: lengths)
                return Tensor.concat([outputs.reshaped([3, -1]), last], axis: 1)
            },
            withRespectTo: [x] + lstm.parameters())
        #expect(result.passed, "\(result)")
    }

    @Test func multiHeadAttentionWithMasks() {
        let attention = MultiHeadAttention(headCount: 2, modelSize: 4, generator: SeededGenerator(seed: 12))
        attention.eval()
        let query = leaf([2, 3, 4], seed: 13), keyValue = leaf([2, 3, 4], seed: 14)
        let mask = Tensor(shape: [2, 3], scalars: [1, 1, 0, 1, 0, 0])
        let result = GradientCheck.check(
            { attention(query: query, key: keyValue, value: keyValue, keyMask: mask, queryMask: mask) },
            withRespectTo: [query, keyValue] + attention.parameters())
        #expect(result.passed, "\(result)")
    }

    @Test func transformerBlockTrainingWithDropout() {
        let generator = SeededGenerator(seed: 15)
        let block = TransformerBlock(modelSize: 4, headCount: 1, dropout: 0.2, generator: generator)
        let x = leaf([2, 3, 4], seed: 16)
        let mask = Tensor(shape: [2, 3], scalars: [1, 1, 1, 1, 1, 0])
        let result = GradientCheck.check(
            {
                generator.reseed(17)
                return block(x, mask: mask)
            },
            withRespectTo: [x] + block.parameters())
        #expect(result.passed, "\(result)")
    }

    @Test func transformerBlockFirstPositionOnly() {
        let generator = SeededGenerator(seed: 19)
        let block = TransformerBlock(modelSize: 4, headCount: 2, dropout: 0.2, generator: generator)
        let x = leaf([2, 3, 4], seed: 20)
        let mask = Tensor(shape: [2, 3], scalars: [1, 1, 0, 1, 1, 1])
        let result = GradientCheck.check(
            {
                generator.reseed(21)
                return block(x, mask: mask, outputPositions: 0..<1)
            },
            withRespectTo: [x] + block.parameters())
        #expect(result.passed, "\(result)")
    }

    @Test func lossesWithRespectToLogits() {
        let logits = leaf([3, 4], seed: 18, in: -3...3)
        let targets = Tensor(shape: [3, 4], scalars: [0, 1, 1, 0, 1, 0, 0.5, 1, 0, 0, 1, 1])
        let binary = GradientCheck.check({ binaryCrossEntropyWithLogits(logits, targets: targets) }, withRespectTo: [logits])
        #expect(binary.passed, "\(binary)")
        let multiclass = GradientCheck.check({ crossEntropy(logits, targets: [2, 0, 3]) }, withRespectTo: [logits])
        #expect(multiclass.passed, "\(multiclass)")
        let squared = GradientCheck.check({ meanSquaredError(logits, targets: targets) }, withRespectTo: [logits])
        #expect(squared.passed, "\(squared)")
    }
}
