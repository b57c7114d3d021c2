import Autograd
import HealthData
import HealthModels
import NeuralNet
import Testing

@Suite("Transformer")
struct TransformerTests {
    /// Builds a two-block, two-head layer and an input whose rows have 5, 2 and 0 real positions (the last
    /// with position 0 marked real, as the model does).
    func layerAndInput() -> (TransformerLayer, Tensor, Tensor) {
        let schema = SampleSchema(features: [FeatureSchema(name: "codes", kind: .sequence, vocabularySize: 3)], labelName: "y", label: .binary)
        let model = try! Transformer(schema: schema, embeddingDimension: 4, headCount: 2, layerCount: 2, seed: 4)
        let layer = model.encoders[0]
        layer.eval()
        let input = Tensor.uniform([3, 5, 4], low: -1, high: 1, generator: SeededGenerator(seed: 8), requiresGrad: true)
        let mask = Tensor(shape: [3, 5], scalars: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0])
        return (layer, input, mask)
    }

    @Test func firstPositionEqualsFullBlockOutput() {
        let (layer, input, mask) = layerAndInput()
        let first = layer(input, mask: mask)
        let full = layer.blocks[1](layer.blocks[0](input, mask: mask), mask: mask).select(axis: 1, index: 0)
        #expect(first.shape == [3, 4])
        #expect(isClose(first.scalars, full.scalars, tolerance: 1e-6))
    }

    @Test func firstPositionGradientsMatchFiniteDifferences() {
        let (layer, input, mask) = layerAndInput()
        let last = layer.blocks[1]
        let checked = [input, last.feedForward.expand.weight, last.attention.projections[1].weight, last.inputSublayer.norm.weight]
        let result = GradientCheck.check({ layer(input, mask: mask) }, withRespectTo: checked)
        #expect(result.passed, "\(result)")
    }

    @Test func stepsBeyondMaximumAreIgnored() throws {
        let schema = SampleSchema(features: [FeatureSchema(name: "codes", kind: .sequence, vocabularySize: 6)], labelName: "y", label: .binary)
        let model = try Transformer(schema: schema, embeddingDimension: 4, maximumSequenceLength: 3, seed: 2)
        func logits(_ indices: [Int32]) throws -> [Float] {
            let batch = Batch(
                features: [CodeBatch(name: "codes", indices: indices, shape: [1, indices.count])], labels: .binary([1]),
                sampleIndices: [0], patientIDs: ["a"])
            return try model.forward(batch, training: false).logits.scalars
        }
        #expect(try logits([2, 3, 4, 5, 5]) == logits([2, 3, 4]))
        #expect(try logits([2, 3, 4]) != logits([2, 3, 5]))
    }

    @Test func orderAfterFirstCodeIsIgnored() throws {
        // Position 0 is the query, so keeping the first code and permuting the rest leaves the output as is.
        let schema = SampleSchema(features: [FeatureSchema(name: "codes", kind: .sequence, vocabularySize: 6)], labelName: "y", label: .binary)
        let model = try Transformer(schema: schema, embeddingDimension: 4, seed: 2)
        func logits(_ indices: [Int32]) throws -> Float {
            let batch = Batch(
                features: [CodeBatch(name: "codes", indices: indices, shape: [1, indices.count])], labels: .binary([1]),
                sampleIndices: [0], patientIDs: ["a"])
            return try model.forward(batch, training: false).logits.scalar
        }
        #expect(Swift.abs(try logits([2, 3, 4, 5]) - logits([2, 5, 3, 4])) < 1e-5)
        #expect(Swift.abs(try logits([2, 3, 4, 5]) - logits([3, 2, 4, 5])) > 1e-5)
    }
}
