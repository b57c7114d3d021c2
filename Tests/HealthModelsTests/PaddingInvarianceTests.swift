import Autograd
import HealthData
import HealthModels
import Testing

// A row's prediction must not depend on how much padding its batch carries, which is how long the other
// rows of the batch are. Eval mode, so that dropout does not differ between the two runs.
@Suite("Padding invariance")
struct PaddingInvarianceTests {
    @Test func extraPadColumnsKeepLogits() throws {
        let batch = smallBatch()
        var longer = batch
        longer.features = [padded(batch.features[0], extra: 3), padded(batch.features[1], extra: 5)]
        for (kind, model) in try smallModels(schema: smallSchema()) {
            let original = try model.forward(batch, training: false)
            let padded = try model.forward(longer, training: false)
            #expect(isClose(original.logits.scalars, padded.logits.scalars), "\(kind)")
            #expect(Swift.abs(original.loss.scalar - padded.loss.scalar) < 1e-5, "\(kind)")
        }
    }

    @Test func extraPadVisitsAndCodesKeepLogits() throws {
        let schema = SampleSchema(
            features: [FeatureSchema(name: "conditions", kind: .nestedSequence, vocabularySize: 6)],
            labelName: "label", label: .binary)
        // [2 rows, 2 visits, 2 codes], then the same rows with a third padding code slot and visit.
        let compact = CodeBatch(name: "conditions", indices: [2, 3, 4, 0, 5, 1, 0, 0], shape: [2, 2, 2])
        let wide = CodeBatch(
            name: "conditions",
            indices: [2, 3, 0, 4, 0, 0, 0, 0, 0, 5, 1, 0, 0, 0, 0, 0, 0, 0], shape: [2, 3, 3])
        let labels = LabelBatch.binary([1, 0])
        let compactBatch = Batch(features: [compact], labels: labels, sampleIndices: [0, 1], patientIDs: ["a", "b"])
        let wideBatch = Batch(features: [wide], labels: labels, sampleIndices: [0, 1], patientIDs: ["a", "b"])
        for (kind, model) in try smallModels(schema: schema) {
            let original = try model.forward(compactBatch, training: false).logits.scalars
            let padded = try model.forward(wideBatch, training: false).logits.scalars
            #expect(isClose(original, padded), "\(kind)")
        }
    }

    @Test func rowAloneMatchesRowInBatch() throws {
        // Row 2 (one condition, no procedures) alone in a batch of its own width versus inside the batch.
        let batch = smallBatch()
        let alone = Batch(
            features: [
                CodeBatch(name: "conditions", indices: [3], shape: [1, 1]),
                CodeBatch(name: "procedures", indices: [0], shape: [1, 1]),
            ],
            labels: .binary([0]), sampleIndices: [2], patientIDs: ["p2"])
        for (kind, model) in try smallModels(schema: smallSchema()) {
            let inBatch = try model.forward(batch, training: false).logits.scalars[2]
            let single = try model.forward(alone, training: false).logits.scalars[0]
            #expect(Swift.abs(inBatch - single) < 1e-5, "\(kind): \(inBatch) vs \(single)")
        }
    }
}
