import Autograd
import HealthData
import HealthModels
import Testing

// Finite-difference checks of each whole model's loss, in eval mode so that dropout is off, with respect
// to the output layer, one embedding table and one or two encoder weights (GradientCheck defaults: ε 1e-2,
// tolerance 1e-3 + 1e-2 relative).
//
// Row 0 of an embedding table is the padding vector. Like PyTorch's padding_idx it gets no gradient, but
// it can still change the loss: the MLP sums it into the mean's numerator, and a row without codes runs
// the RNN over it. Exactly its elements may therefore differ from the numeric derivative, with an
// analytic 0.
@Suite("Model gradients")
struct ModelGradientTests {
    /// Names of the parameters to check for each kind: the output layer, the `conditions` table and the
    /// first weight of the `procedures` encoder.
    static let checkedNames: [ModelKind: [String]] = [
        .mlp: ["fc.weight", "embedding_model.embedding_layers.conditions.weight", "mlp.procedures.2.weight"],
        .rnn: ["fc.weight", "embedding_model.embedding_layers.conditions.weight", "rnn.procedures.rnn.weight_hh_l0"],
        .gru: ["fc.bias", "embedding_model.embedding_layers.procedures.weight", "rnn.conditions.rnn.weight_ih_l0"],
        .lstm: ["fc.weight", "embedding_model.embedding_layers.conditions.weight", "rnn.procedures.rnn.weight_hh_l0"],
        .transformer: [
            "fc.weight", "embedding_model.embedding_layers.conditions.weight",
            "transformer.procedures.transformer.0.attention.linear_layers.1.weight",
            "transformer.conditions.transformer.0.feed_forward.w_1.weight",
        ],
        .retain: [
            "fc.weight", "embedding_model.embedding_layers.conditions.weight", "retain.procedures.alpha_gru.weight_hh_l0",
            "retain.conditions.beta_li.weight",
        ],
    ]

    @Test(arguments: [LabelKind.binary, .multiclass(classes: 3)])
    func lossGradientsMatchFiniteDifferences(label: LabelKind) throws {
        let batch = smallBatch(label: label)
        for (kind, model) in try smallModels(schema: smallSchema(label: label)) {
            let named = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.tensor) })
            let checked = try Self.checkedNames[kind]!.map { name in try #require(named[name], "\(kind): no parameter \(name)") }
            let result = GradientCheck.check(
                { try! model.forward(batch, training: false).loss }, withRespectTo: checked)
            #expect(result.checkedCount == checked.reduce(0) { $0 + $1.count }, "\(kind)")
            #expect(result.mismatches.allSatisfy { isPaddingVector($0, embeddingTensor: 1) }, "\(kind): \(result)")
        }
    }

    @Test func nestedFeatureGradients() throws {
        let schema = SampleSchema(
            features: [FeatureSchema(name: "conditions", kind: .nestedSequence, vocabularySize: 6)],
            labelName: "label", label: .multilabel(classes: 2))
        let codes = CodeBatch(name: "conditions", indices: [2, 3, 4, 0, 0, 0, 5, 1, 2, 2, 0, 0], shape: [2, 3, 2])
        let batch = Batch(
            features: [codes], labels: .multilabel([1, 0, 0, 1], classes: 2), sampleIndices: [0, 1], patientIDs: ["a", "b"])
        for (kind, model) in try smallModels(schema: schema) {
            let table = model.namedParameters().first { $0.name == "embedding_model.embedding_layers.conditions.weight" }!.tensor
            let result = GradientCheck.check({ try! model.forward(batch, training: false).loss }, withRespectTo: [table])
            #expect(result.checkedCount == 24, "\(kind)")
            #expect(result.mismatches.allSatisfy { isPaddingVector($0, embeddingTensor: 0) }, "\(kind): \(result)")
        }
    }
}

/// Returns whether a gradient mismatch is an element of the padding vector (row 0, dimension 4) of the embedding
/// table at position `embeddingTensor` of the checked list, with the analytic 0 that padding_idx gives.
private func isPaddingVector(_ mismatch: GradientCheckResult.Mismatch, embeddingTensor: Int) -> Bool {
    mismatch.tensor == embeddingTensor && mismatch.element < 4 && mismatch.analytic == 0
}
