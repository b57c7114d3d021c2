import Autograd
import Foundation
import HealthData
import HealthModels
import Testing

@Suite("Model shapes")
struct ModelShapeTests {
    static let labelKinds: [LabelKind] = [.binary, .multiclass(classes: 4), .multilabel(classes: 3)]

    @Test(arguments: labelKinds)
    func outputsHaveLabelWidth(label: LabelKind) throws {
        for (kind, model) in try smallModels(schema: smallSchema(label: label)) {
            let output = try model.forward(smallBatch(label: label), training: true)
            #expect(output.logits.shape == [3, label.outputSize], "\(kind)")
            #expect(output.probabilities.shape == [3, label.outputSize], "\(kind)")
            #expect(output.loss.shape == [], "\(kind)")
            #expect(output.loss.scalar.isFinite, "\(kind)")
            #expect(output.loss.requiresGrad, "\(kind)")
            #expect(!output.probabilities.requiresGrad, "\(kind)")
            #expect(output.probabilities.scalars.allSatisfy { $0 >= 0 }, "\(kind)")
            #expect(output.probabilities.scalars.allSatisfy { $0 <= 1 }, "\(kind)")
        }
    }

    @Test func patientEmbeddingWidths() throws {
        // Two features: the RNN and MLP give 2 × hidden 3, the Transformer and RETAIN 2 × embedding 4.
        let expected: [ModelKind: Int] = [.mlp: 6, .rnn: 6, .gru: 6, .lstm: 6, .transformer: 8, .retain: 8]
        for (kind, model) in try smallModels(schema: smallSchema()) {
            let output = try model.forward(smallBatch(), training: false)
            #expect(output.patientEmbedding.shape == [3, expected[kind]!], "\(kind)")
        }
    }

    @Test func multiclassProbabilitiesSumToOne() throws {
        let label = LabelKind.multiclass(classes: 4)
        for (kind, model) in try smallModels(schema: smallSchema(label: label)) {
            let rows = try model.forward(smallBatch(label: label), training: false).probabilityRows
            #expect(rows.count == 3)
            for row in rows {
                #expect(Swift.abs(row.reduce(0, +) - 1) < 1e-5, "\(kind): \(row)")
            }
        }
    }

    @Test func binaryProbabilitiesAreSigmoidOfLogits() throws {
        for (kind, model) in try smallModels(schema: smallSchema()) {
            let output = try model.forward(smallBatch(), training: false)
            let expected = output.logits.scalars.map { 1 / (1 + exp(-$0)) }
            #expect(isClose(output.probabilities.scalars, expected), "\(kind)")
        }
    }

    @Test func nestedFeatureShapes() throws {
        let schema = SampleSchema(
            features: [
                FeatureSchema(name: "conditions", kind: .nestedSequence, vocabularySize: 6),
                FeatureSchema(name: "drugs", kind: .sequence, vocabularySize: 4),
            ],
            labelName: "label", label: .multilabel(classes: 2))
        // [2 rows, 3 visits, 2 codes]: row 0 has visits {2, 3}, {4}, padding; row 1 has one visit {5}.
        let conditions = CodeBatch(name: "conditions", indices: [2, 3, 4, 0, 0, 0, 5, 0, 0, 0, 0, 0], shape: [2, 3, 2])
        let drugs = CodeBatch(name: "drugs", indices: [2, 3, 1, 0], shape: [2, 2])
        let batch = Batch(
            features: [conditions, drugs], labels: .multilabel([1, 0, 0, 1], classes: 2), sampleIndices: [0, 1],
            patientIDs: ["a", "b"])
        for (kind, model) in try smallModels(schema: schema) {
            let output = try model.forward(batch, training: true)
            #expect(output.logits.shape == [2, 2], "\(kind)")
            #expect(output.loss.scalar.isFinite, "\(kind)")
        }
    }

    @Test func emptyFeatureLengthIsOneStep() throws {
        // A feature of length 0 behaves as one padding column.
        let empty = CodeBatch(name: "procedures", indices: [], shape: [3, 0])
        let onePad = CodeBatch(name: "procedures", indices: [0, 0, 0], shape: [3, 1])
        let base = smallBatch()
        for (kind, model) in try smallModels(schema: smallSchema()) {
            var emptyBatch = base
            emptyBatch.features[1] = empty
            var paddedBatch = base
            paddedBatch.features[1] = onePad
            let fromEmpty = try model.forward(emptyBatch, training: false).logits.scalars
            let fromPadding = try model.forward(paddedBatch, training: false).logits.scalars
            #expect(fromEmpty == fromPadding, "\(kind)")
            #expect(fromEmpty.allSatisfy { $0.isFinite }, "\(kind)")
        }
    }

    @Test func parameterNamesFollowPyHealth() throws {
        // Names printed by PyHealth 2.1.0's RNN(dataset, embedding_dim=4, hidden_dim=3).state_dict() for the
        // same two features.
        let model = try ModelKind.rnn.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 4, hiddenDimension: 3))
        let names = model.namedParameters().map(\.name)
        #expect(names == [
            "_dummy_param", "embedding_model._dummy_param",
            "embedding_model.embedding_layers.conditions.weight", "embedding_model.embedding_layers.procedures.weight",
            "rnn.conditions.rnn.weight_ih_l0", "rnn.conditions.rnn.weight_hh_l0",
            "rnn.conditions.rnn.bias_ih_l0", "rnn.conditions.rnn.bias_hh_l0",
            "rnn.procedures.rnn.weight_ih_l0", "rnn.procedures.rnn.weight_hh_l0",
            "rnn.procedures.rnn.bias_ih_l0", "rnn.procedures.rnn.bias_hh_l0",
            "fc.weight", "fc.bias",
        ])
        #expect(model.namedParameters().first { $0.name == "fc.weight" }?.tensor.shape == [1, 6])
    }
}
