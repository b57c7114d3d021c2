import HealthData
import HealthModels
import Testing

@Suite("Batch and option validation")
struct BatchValidationTests {
    let model: any HealthModel

    init() throws {
        model = try ModelKind.transformer.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 4))
    }

    @Test func outOfVocabularyIndexNamesPosition() {
        var batch = smallBatch()
        batch.features[1] = CodeBatch(name: "procedures", indices: [2, 3, 0, 4, 9, 0, 0, 0, 0], shape: [3, 3])
        #expect(throws: ModelError.indexOutOfVocabulary(feature: "procedures", row: 1, position: 1, index: 9, vocabularySize: 5)) {
            try model.forward(batch, training: false)
        }
    }

    @Test func negativeIndexIsRejected() {
        var batch = smallBatch()
        batch.features[0] = CodeBatch(name: "conditions", indices: [2, 3, 4, 5, 6, 1, 0, 0, 3, 0, 0, -1], shape: [3, 4])
        #expect(throws: ModelError.indexOutOfVocabulary(feature: "conditions", row: 2, position: 3, index: -1, vocabularySize: 7)) {
            try model.forward(batch, training: false)
        }
    }

    @Test func featuresOutOfOrderAreRejected() {
        var batch = smallBatch()
        batch.features.swapAt(0, 1)
        #expect(throws: ModelError.featureMismatch(expected: ["conditions", "procedures"], found: ["procedures", "conditions"])) {
            try model.forward(batch, training: false)
        }
    }

    @Test func wrongRankOrRowCountIsRejected() {
        var nested = smallBatch()
        nested.features[0] = CodeBatch(name: "conditions", indices: [Int32](repeating: 2, count: 12), shape: [3, 2, 2])
        #expect(throws: ModelError.invalidFeatureShape(feature: "conditions", kind: .sequence, shape: [3, 2, 2], batchSize: 3)) {
            try model.forward(nested, training: false)
        }
        var short = smallBatch()
        short.features[1] = CodeBatch(name: "procedures", indices: [2, 3], shape: [2, 1])
        #expect(throws: ModelError.invalidFeatureShape(feature: "procedures", kind: .sequence, shape: [2, 1], batchSize: 3)) {
            try model.forward(short, training: false)
        }
    }

    @Test func labelKindAndCountMustMatch() {
        var multiclass = smallBatch()
        multiclass.labels = .multiclass([0, 1, 0], classes: 2)
        #expect(throws: ModelError.labelMismatch(expected: .binary, found: "multiclass(classes: 2)")) {
            try model.forward(multiclass, training: false)
        }
        var short = smallBatch()
        short.labels = .binary([1, 0])
        #expect(throws: ModelError.labelCountMismatch(rows: 3, labels: 2)) {
            try model.forward(short, training: false)
        }
    }

    @Test func labelValuesMustBeValid() throws {
        var binary = smallBatch()
        binary.labels = .binary([1, 2, 0])
        #expect(throws: ModelError.invalidLabel(row: 1, value: "2.0", reason: "a binary or multilabel target must be in [0, 1]")) {
            try model.forward(binary, training: false)
        }
        let multiclassModel = try ModelKind.mlp.make(schema: smallSchema(label: .multiclass(classes: 3)), seed: 1)
        var multiclass = smallBatch(label: .multiclass(classes: 3))
        multiclass.labels = .multiclass([0, 3, 1], classes: 3)
        #expect(throws: ModelError.invalidLabel(row: 1, value: "3", reason: "a class index must be in 0..<3")) {
            try multiclassModel.forward(multiclass, training: false)
        }
    }

    @Test func emptyBatchIsRejected() {
        let empty = Batch(
            features: [
                CodeBatch(name: "conditions", indices: [], shape: [0, 4]),
                CodeBatch(name: "procedures", indices: [], shape: [0, 3]),
            ],
            labels: .binary([]), sampleIndices: [], patientIDs: [])
        #expect(throws: ModelError.emptyBatch) { try model.forward(empty, training: false) }
    }

    @Test func invalidSchemaAndOptionsAreRejected() {
        let noFeatures = SampleSchema(features: [], labelName: "label", label: .binary)
        #expect(throws: ModelError.invalidSchema(reason: "it has no input features; a model needs at least one")) {
            try ModelKind.rnn.make(schema: noFeatures, seed: 1)
        }
        #expect(throws: ModelError.invalidOption(name: "headCount", value: "3", reason: "it must divide the embedding dimension 4")) {
            try ModelKind.transformer.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 4, headCount: 3))
        }
        #expect(throws: ModelError.invalidOption(name: "dropout", value: "1.0", reason: "a dropout probability must be in [0, 1)")) {
            try ModelKind.retain.make(schema: smallSchema(), seed: 1, options: ModelOptions(dropout: 1))
        }
        #expect(throws: ModelError.invalidOption(name: "hiddenDimension", value: "0", reason: "it must be positive")) {
            try ModelKind.lstm.make(schema: smallSchema(), seed: 1, options: ModelOptions(hiddenDimension: 0))
        }
    }

    @Test func errorMessageSaysWhatToDo() {
        let error = ModelError.indexOutOfVocabulary(feature: "procedures", row: 1, position: 1, index: 9, vocabularySize: 5)
        #expect(error.description == "feature procedures, row 1, position 1: code index 9 is outside the vocabulary of 5 codes; encode the batch with the vocabulary the model was created from")
    }

    @Test func kindsParseCaseInsensitively() {
        #expect(ModelKind(name: "Transformer") == .transformer)
        #expect(ModelKind(name: "RETAIN") == .retain)
        #expect(ModelKind(name: "cnn") == nil)
    }
}
