// The contract between the data side (tasks, processors, loaders) and the model side.
// Models and the trainer see only these types, never raw samples or vocabularies.

/// The encoding of a task's input field.
public enum FeatureKind: String, Sendable, Codable, Equatable {
    /// A flat list of codes per sample, encoded as `[batch, length]`.
    case sequence
    /// A list of visits, each a list of codes, encoded as `[batch, visits, codes]`.
    case nestedSequence
}

/// The encoding of a task's label.
public enum LabelKind: Sendable, Codable, Equatable {
    case binary
    case multiclass(classes: Int)
    case multilabel(classes: Int)

    /// Width of a model's output layer for this label.
    public var outputSize: Int {
        switch self {
        case .binary: return 1
        case .multiclass(let classes), .multilabel(let classes): return classes
        }
    }
}

/// One encoded input field as models see it.
public struct FeatureSchema: Sendable, Codable, Equatable {
    public var name: String
    public var kind: FeatureKind
    /// Size of the fitted vocabulary, including `<pad>` = 0 and `<unk>` = 1.
    public var vocabularySize: Int

    public init(name: String, kind: FeatureKind, vocabularySize: Int) {
        self.name = name
        self.kind = kind
        self.vocabularySize = vocabularySize
    }
}

/// Everything a model needs to size its layers: the input fields in a fixed order and the label.
public struct SampleSchema: Sendable, Codable, Equatable {
    public var features: [FeatureSchema]
    public var labelName: String
    public var label: LabelKind

    public init(features: [FeatureSchema], labelName: String, label: LabelKind) {
        self.features = features
        self.labelName = labelName
        self.label = label
    }
}

/// One padded input field of a batch. Index 0 is `<pad>`; a row of all zeros is padding.
public struct CodeBatch: Sendable, Equatable {
    public var name: String
    /// Row-major indices, `shape` = `[batch, length]` or `[batch, visits, codes]`.
    public var indices: [Int32]
    public var shape: [Int]

    public init(name: String, indices: [Int32], shape: [Int]) {
        precondition(indices.count == shape.reduce(1, *), "CodeBatch \(name): \(indices.count) indices for shape \(shape)")
        self.name = name
        self.indices = indices
        self.shape = shape
    }
}

/// The labels of a batch.
public enum LabelBatch: Sendable, Equatable {
    /// 0 or 1 per sample.
    case binary([Float])
    /// A class index per sample.
    case multiclass([Int32], classes: Int)
    /// Row-major `[batch, classes]` k-hot rows.
    case multilabel([Float], classes: Int)

    public var count: Int {
        switch self {
        case .binary(let values): return values.count
        case .multiclass(let values, _): return values.count
        case .multilabel(let values, let classes): return classes == 0 ? 0 : values.count / classes
        }
    }
}

/// A mini-batch: the input fields in schema order, the labels and where each row came from.
public struct Batch: Sendable, Equatable {
    public var features: [CodeBatch]
    public var labels: LabelBatch
    /// Index of each row in the sample set it was drawn from.
    public var sampleIndices: [Int]
    public var patientIDs: [String]

    public init(features: [CodeBatch], labels: LabelBatch, sampleIndices: [Int], patientIDs: [String]) {
        self.features = features
        self.labels = labels
        self.sampleIndices = sampleIndices
        self.patientIDs = patientIDs
    }

    public var size: Int { sampleIndices.count }
}
