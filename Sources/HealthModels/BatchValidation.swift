import HealthData

/// Checks that a batch fits a schema before any tensor work, so that bad input becomes a `ModelError`
/// naming the feature, row and value instead of a failed precondition deep inside an operation.
enum BatchValidation {
    static func checkFeatures(_ batch: Batch, schema: SampleSchema) throws(ModelError) {
        let rows = batch.size
        guard rows > 0 else { throw .emptyBatch }

        let expected = schema.features.map(\.name)
        let found = batch.features.map(\.name)
        guard expected == found else { throw .featureMismatch(expected: expected, found: found) }

        for (feature, codes) in zip(schema.features, batch.features) {
            let rank = feature.kind == .sequence ? 2 : 3
            guard codes.shape.count == rank, codes.shape[0] == rows else {
                throw .invalidFeatureShape(feature: feature.name, kind: feature.kind, shape: codes.shape, batchSize: rows)
            }
            let perRow = codes.shape.dropFirst().reduce(1, *)
            for (position, index) in codes.indices.enumerated() where index < 0 || Int(index) >= feature.vocabularySize {
                throw .indexOutOfVocabulary(
                    feature: feature.name, row: position / Swift.max(perRow, 1), position: position % Swift.max(perRow, 1),
                    index: index, vocabularySize: feature.vocabularySize)
            }
        }
    }

    static func checkLabels(_ labels: LabelBatch, kind: LabelKind, rows: Int) throws(ModelError) {
        switch (kind, labels) {
        case (.binary, .binary(let values)):
            try checkCount(values.count, rows: rows)
            try checkProbabilities(values, width: 1)
        case (.multiclass(let classes), .multiclass(let values, let batchClasses)) where classes == batchClasses:
            try checkCount(values.count, rows: rows)
            for (row, value) in values.enumerated() where value < 0 || Int(value) >= classes {
                throw .invalidLabel(row: row, value: String(value), reason: "a class index must be in 0..<\(classes)")
            }
        case (.multilabel(let classes), .multilabel(let values, let batchClasses)) where classes == batchClasses:
            guard values.count == rows * classes else {
                throw .labelCountMismatch(rows: rows, labels: classes == 0 ? 0 : values.count / classes)
            }
            try checkProbabilities(values, width: classes)
        default:
            throw .labelMismatch(expected: kind, found: describe(labels))
        }
    }

    private static func checkCount(_ count: Int, rows: Int) throws(ModelError) {
        guard count == rows else { throw .labelCountMismatch(rows: rows, labels: count) }
    }

    /// Binary cross-entropy takes targets in [0, 1], so anything else, NaN included, is a data error.
    private static func checkProbabilities(_ values: [Float], width: Int) throws(ModelError) {
        for (position, value) in values.enumerated() where !(value >= 0 && value <= 1) {
            throw .invalidLabel(row: position / width, value: String(value), reason: "a binary or multilabel target must be in [0, 1]")
        }
    }

    private static func describe(_ labels: LabelBatch) -> String {
        switch labels {
        case .binary: return "binary"
        case .multiclass(_, let classes): return "multiclass(classes: \(classes))"
        case .multilabel(_, let classes): return "multilabel(classes: \(classes))"
        }
    }
}
