import HealthData

/// An error from building a model, running it on a batch, or reading or writing a checkpoint.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// The schema cannot size a model: no features, or a vocabulary without its padding row.
    case invalidSchema(reason: String)
    /// An option is outside its valid range, such as a negative dropout or a zero embedding size.
    case invalidOption(name: String, value: String, reason: String)
    /// The batch has no rows.
    case emptyBatch
    /// The batch's features are not the schema's features in schema order.
    case featureMismatch(expected: [String], found: [String])
    /// A feature's index matrix does not have the shape its kind needs.
    case invalidFeatureShape(feature: String, kind: FeatureKind, shape: [Int], batchSize: Int)
    /// A code index outside the feature's vocabulary.
    case indexOutOfVocabulary(feature: String, row: Int, position: Int, index: Int32, vocabularySize: Int)
    /// The batch's labels are of another kind or size than the schema's label.
    case labelMismatch(expected: LabelKind, found: String)
    /// The number of labels differs from the number of rows.
    case labelCountMismatch(rows: Int, labels: Int)
    /// A binary or multilabel target outside [0, 1], or a class index outside `0..<classes`.
    case invalidLabel(row: Int, value: String, reason: String)
    /// A checkpoint file could not be read or written.
    case checkpointFile(path: String, reason: String)
    /// A checkpoint's tensors do not fit the model.
    case checkpointMismatch(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSchema(let reason):
            return "invalid sample schema: \(reason)"
        case .invalidOption(let name, let value, let reason):
            return "invalid model option \(name) = \(value): \(reason)"
        case .emptyBatch:
            return "the batch has no rows; skip empty batches before calling the model"
        case .featureMismatch(let expected, let found):
            return "batch features \(found) do not match the model's features \(expected); build batches with the schema the model was created from"
        case .invalidFeatureShape(let feature, let kind, let shape, let batchSize):
            let expected = kind == .sequence ? "[\(batchSize), length]" : "[\(batchSize), visits, codes]"
            return "feature \(feature) (\(kind.rawValue)) has shape \(shape), expected \(expected)"
        case .indexOutOfVocabulary(let feature, let row, let position, let index, let vocabularySize):
            return "feature \(feature), row \(row), position \(position): code index \(index) is outside the vocabulary of \(vocabularySize) codes; encode the batch with the vocabulary the model was created from"
        case .labelMismatch(let expected, let found):
            return "the batch has \(found) labels, but the model predicts \(expected) labels; build the model from the task's schema"
        case .labelCountMismatch(let rows, let labels):
            return "the batch has \(rows) rows but \(labels) labels"
        case .invalidLabel(let row, let value, let reason):
            return "label of row \(row) is \(value): \(reason)"
        case .checkpointFile(let path, let reason):
            return "checkpoint \(path): \(reason)"
        case .checkpointMismatch(let path, let reason):
            return "checkpoint \(path) does not fit the model: \(reason)"
        }
    }
}
