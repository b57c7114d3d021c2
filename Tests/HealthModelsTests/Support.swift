import Autograd
import HealthData
import HealthModels

/// Two sequence features and a binary label, small enough for finite differences.
func smallSchema(label: LabelKind = .binary) -> SampleSchema {
    SampleSchema(
        features: [
            FeatureSchema(name: "conditions", kind: .sequence, vocabularySize: 7),
            FeatureSchema(name: "procedures", kind: .sequence, vocabularySize: 5),
        ],
        labelName: "label", label: label)
}

/// Three rows with trailing padding: `conditions` [3, 4] and `procedures` [3, 3]. Row 2 of `procedures`
/// is all padding, the case PyHealth clamps to length 1.
func smallBatch(label: LabelKind = .binary) -> Batch {
    let conditions = CodeBatch(name: "conditions", indices: [2, 3, 4, 5, 6, 1, 0, 0, 3, 0, 0, 0], shape: [3, 4])
    let procedures = CodeBatch(name: "procedures", indices: [2, 3, 0, 4, 0, 0, 0, 0, 0], shape: [3, 3])
    return Batch(features: [conditions, procedures], labels: labels(for: label, rows: 3), sampleIndices: [0, 1, 2], patientIDs: ["p0", "p1", "p2"])
}

/// Fixed labels of the given kind for `rows` rows.
func labels(for kind: LabelKind, rows: Int) -> LabelBatch {
    switch kind {
    case .binary:
        return .binary((0..<rows).map { Float($0 % 2) })
    case .multiclass(let classes):
        return .multiclass((0..<rows).map { Int32($0 % classes) }, classes: classes)
    case .multilabel(let classes):
        return .multilabel((0..<(rows * classes)).map { Float(($0 / 2) % 2) }, classes: classes)
    }
}

/// Returns `codes` with `extra` padding columns appended after the last axis.
func padded(_ codes: CodeBatch, extra: Int) -> CodeBatch {
    let width = codes.shape[codes.shape.count - 1]
    let rows = codes.indices.count / Swift.max(width, 1)
    var indices: [Int32] = []
    for row in 0..<rows {
        indices += codes.indices[(row * width)..<((row + 1) * width)]
        indices += [Int32](repeating: 0, count: extra)
    }
    var shape = codes.shape
    shape[shape.count - 1] += extra
    return CodeBatch(name: codes.name, indices: indices, shape: shape)
}

/// Builds every model kind with small sizes and the given seed.
func smallModels(schema: SampleSchema, seed: UInt64 = 11, dropout: Float = 0.5) throws -> [(kind: ModelKind, model: any HealthModel)] {
    let options = ModelOptions(embeddingDimension: 4, hiddenDimension: 3, dropout: dropout)
    return try ModelKind.allCases.map { kind in (kind, try kind.make(schema: schema, seed: seed, options: options)) }
}

/// Returns whether every element of `a` is within `tolerance` of `b`.
func isClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance }
}
