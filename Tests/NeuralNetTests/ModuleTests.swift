import Autograd
import NeuralNet
import Testing

@Suite("Modules")
struct ModuleTests {
    @Test func transformerBlockNamesMatchPyHealth() {
        let block = TransformerBlock(modelSize: 8, headCount: 2, dropout: 0.5, generator: SeededGenerator(seed: 1))
        let named = block.namedParameters()
        // The names PyHealth's TransformerBlock has in its state_dict, in the same order.
        #expect(named.map(\.name) == [
            "attention.linear_layers.0.weight", "attention.linear_layers.1.weight", "attention.linear_layers.2.weight",
            "attention.output_linear.weight",
            "feed_forward.w_1.weight", "feed_forward.w_1.bias", "feed_forward.w_2.weight", "feed_forward.w_2.bias",
            "input_sublayer.norm.weight", "input_sublayer.norm.bias",
            "output_sublayer.norm.weight", "output_sublayer.norm.bias",
        ])
        #expect(named[4].tensor.shape == [32, 8])
        #expect(named[6].tensor.shape == [8, 32])
        #expect(block.parameterCount == 4 * 64 + (32 * 8 + 32) + (8 * 32 + 8) + 4 * 8)
    }

    @Test func trainAndEvalReachEveryDropout() {
        let generator = SeededGenerator(seed: 2)
        let block = TransformerBlock(modelSize: 4, headCount: 1, dropout: 0.5, generator: generator)
        let x = Tensor.normal([2, 3, 4], generator: generator)
        block.eval()
        #expect(!block.attention.attentionDropout.isTraining)
        #expect(!block.feedForward.dropout.isTraining)
        // Evaluation is deterministic although dropout is 0.5 everywhere.
        #expect(block(x).scalars == block(x).scalars)
        block.train()
        #expect(block.inputSublayer.dropout.isTraining)
        #expect(block(x).scalars != block(x).scalars)
    }

    @Test func linearInitialisationBound() {
        let layer = Linear(inputSize: 25, outputSize: 40, generator: SeededGenerator(seed: 3))
        // U(-1/√25, 1/√25) = U(-0.2, 0.2) for weight and bias.
        #expect(layer.weight.scalars.allSatisfy { Swift.abs($0) <= 0.2 })
        #expect(layer.bias!.scalars.allSatisfy { Swift.abs($0) <= 0.2 })
        #expect(layer.weight.scalars.contains { Swift.abs($0) > 0.18 })
    }

    @Test func embeddingPaddingRowStaysZero() {
        let embedding = Embedding(count: 5, dimension: 4, generator: SeededGenerator(seed: 4))
        #expect(Array(embedding.weight.scalars[0..<4]) == [0, 0, 0, 0])
        #expect(embedding.weight.scalars[4...].allSatisfy { $0 != 0 })
        let output = embedding([0, 3, 0], shape: [1, 3])
        #expect(output.shape == [1, 3, 4])
        output.sum().backward()
        let optimizer = Adam(parameters: embedding.parameters(), learningRate: 0.1, weightDecay: 0.1)
        optimizer.step()
        #expect(Array(embedding.weight.scalars[0..<4]) == [0, 0, 0, 0])
    }

    @Test func sameSeedSameModel() {
        let first = TransformerBlock(modelSize: 4, headCount: 1, dropout: 0.1, generator: SeededGenerator(seed: 5))
        let second = TransformerBlock(modelSize: 4, headCount: 1, dropout: 0.1, generator: SeededGenerator(seed: 5))
        let third = TransformerBlock(modelSize: 4, headCount: 1, dropout: 0.1, generator: SeededGenerator(seed: 6))
        #expect(first.parameters().map(\.scalars) == second.parameters().map(\.scalars))
        #expect(first.parameters().map(\.scalars) != third.parameters().map(\.scalars))
    }

    @Test func loadStateDictCopiesAndValidates() throws {
        let source = Linear(inputSize: 3, outputSize: 2, generator: SeededGenerator(seed: 7))
        let target = Linear(inputSize: 3, outputSize: 2, generator: SeededGenerator(seed: 8))
        try target.loadStateDict(Dictionary(uniqueKeysWithValues: source.stateDict().map { ($0.name, $0.tensor.copy()) }))
        #expect(target.weight.scalars == source.weight.scalars)
        #expect(target.bias!.scalars == source.bias!.scalars)

        #expect(throws: StateDictError.keysDiffer(missing: ["bias"], unexpected: ["extra"])) {
            try target.loadStateDict(["weight": source.weight, "extra": source.weight])
        }
        #expect(throws: StateDictError.shapeMismatch(name: "weight", expected: [2, 3], found: [3, 2])) {
            try target.loadStateDict(["weight": Tensor.zeros([3, 2]), "bias": Tensor.zeros([2])])
        }
        // Non-strict loading copies what is present and ignores the rest.
        try target.loadStateDict(["weight": Tensor.zeros([2, 3]), "extra": Tensor.zeros([1])], strict: false)
        #expect(target.weight.scalars.allSatisfy { $0 == 0 })
        #expect(target.bias!.scalars == source.bias!.scalars)
    }

    @Test func attentionIgnoresPaddingKeys() {
        // Changing the value at a padding key must not change any output; a padding query gives zeros.
        let attention = MultiHeadAttention(headCount: 2, modelSize: 4, generator: SeededGenerator(seed: 9))
        attention.eval()
        let generator = SeededGenerator(seed: 10)
        let x = Tensor.normal([1, 3, 4], generator: generator)
        var changed = x.scalars
        for j in 8..<12 { changed[j] = 50 }
        let y = Tensor(shape: [1, 3, 4], scalars: changed)
        let mask = Tensor(shape: [1, 3], scalars: [1, 1, 0])
        let first = attention(query: x, key: x, value: x, keyMask: mask, queryMask: mask).scalars
        let second = attention(query: x, key: y, value: y, keyMask: mask, queryMask: mask).scalars
        #expect(isClose(Array(first[0..<8]), Array(second[0..<8])))
        #expect(Array(first[8..<12]) == [0, 0, 0, 0])
    }

    @Test func transformerFeedForwardZeroAtPadding() {
        // With dropout off and zero input at a padding position, the block output there is the input
        // carried by the residual path plus nothing from attention or the feed-forward network.
        let block = TransformerBlock(modelSize: 4, headCount: 1, dropout: 0.5, generator: SeededGenerator(seed: 11))
        block.eval()
        let x = Tensor(shape: [1, 2, 4], scalars: [0.5, -1, 2, 0.1, 3, 3, -3, 1])
        let mask = Tensor(shape: [1, 2], scalars: [1, 0])
        let output = block(x, mask: mask).scalars
        #expect(isClose(Array(output[4..<8]), [3, 3, -3, 1]))
    }

    @Test func transformerOutputPositionsMatchFullSlice() {
        // In evaluation mode, computing only position 0 equals position 0 of the full output.
        let generator = SeededGenerator(seed: 12)
        let block = TransformerBlock(modelSize: 8, headCount: 2, dropout: 0.5, generator: generator)
        block.eval()
        let x = Tensor.normal([3, 5, 8], generator: generator)
        let mask = Tensor(shape: [3, 5], scalars: [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
        let full = block(x, mask: mask)
        for positions in [0..<1, 2..<4] {
            let partial = block(x, mask: mask, outputPositions: positions)
            #expect(partial.shape == [3, positions.count, 8])
            #expect(isClose(partial.scalars, full.slice(axis: 1, range: positions).scalars))
        }
    }
}
