import Autograd
import HealthData
import HealthModels
import NeuralNet
import Testing

// Each model must learn a tiny separable problem: 8 rows whose label is 1 exactly when code 2 or 3 appears
// among the conditions. Training runs 60 full-batch Adam steps (lr 1e-2) in training mode with
// PyHealth's dropout of 0.5; the loss is measured in eval mode before and after.
@Suite("Overfitting a tiny problem")
struct OverfitTests {
    static let schema = SampleSchema(
        features: [
            FeatureSchema(name: "conditions", kind: .sequence, vocabularySize: 8),
            FeatureSchema(name: "procedures", kind: .sequence, vocabularySize: 5),
        ],
        labelName: "mortality", label: .binary)

    /// Rows of conditions (padded to 3) and procedures (padded to 2); the procedures carry no signal.
    static let batch: Batch = {
        let conditions: [[Int32]] = [[2, 5, 0], [6, 3, 7], [2, 0, 0], [4, 3, 6], [5, 6, 0], [7, 4, 0], [4, 0, 0], [6, 7, 5]]
        let procedures: [[Int32]] = [[2, 0], [3, 4], [4, 0], [2, 3], [2, 0], [3, 4], [4, 0], [2, 3]]
        let labels: [Float] = conditions.map { row in row.contains(2) || row.contains(3) ? 1 : 0 }
        return Batch(
            features: [
                CodeBatch(name: "conditions", indices: conditions.flatMap { $0 }, shape: [8, 3]),
                CodeBatch(name: "procedures", indices: procedures.flatMap { $0 }, shape: [8, 2]),
            ],
            labels: .binary(labels), sampleIndices: Array(0..<8), patientIDs: (0..<8).map { "p\($0)" })
    }()

    @Test(arguments: ModelKind.allCases)
    func lossFallsWellBelowStart(kind: ModelKind) throws {
        let model = try kind.make(schema: Self.schema, seed: 3, options: ModelOptions(embeddingDimension: 16, hiddenDimension: 16))
        let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-2)
        let startLoss = try withNoGrad { try model.forward(Self.batch, training: false) }.loss.scalar

        for _ in 0..<60 {
            optimizer.zeroGrad()
            try model.forward(Self.batch, training: true).loss.backward()
            optimizer.step()
        }

        let final = try withNoGrad { try model.forward(Self.batch, training: false) }
        #expect(final.loss.scalar < 0.2 * startLoss, "\(kind): loss \(startLoss) -> \(final.loss.scalar)")
        let predictions = final.probabilities.scalars.map { $0 > 0.5 ? Float(1) : 0 }
        #expect(predictions == Self.batch.labels.binaryValues, "\(kind): probabilities \(final.probabilities.scalars)")
    }
}

extension LabelBatch {
    var binaryValues: [Float] {
        if case .binary(let values) = self { return values }
        return []
    }
}
