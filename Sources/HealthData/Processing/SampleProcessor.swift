import Foundation

/// The fitted input and label processors of a task: one code vocabulary per input field and a label
/// encoder (PyHealth's `input_processors` and `output_processors`).
///
/// Vocabularies are fitted on the training samples only, as PyHealth 2.1 does with `set_task(split=...)`
/// (2.0 fitted on every sample). Codes seen only in validation or test samples therefore map to `<unk>`.
public struct SampleProcessor: Sendable, Equatable {
    public let inputFields: [String]
    /// One vocabulary per input field, in `inputFields` order.
    public let vocabularies: [CodeVocabulary]
    public let labelName: String
    public let labelEncoder: LabelEncoder

    public init(inputFields: [String], vocabularies: [CodeVocabulary], labelName: String, labelKind: LabelKind) throws {
        guard inputFields.count == vocabularies.count else {
            throw HealthDataError(
                .invalidArgument, message: "\(inputFields.count) input fields but \(vocabularies.count) vocabularies",
                hint: "Pass one vocabulary per input field.")
        }
        self.inputFields = inputFields
        self.vocabularies = vocabularies
        self.labelName = labelName
        labelEncoder = try LabelEncoder(kind: labelKind)
    }

    /// Fits vocabularies on the samples at `trainingIndices`, visited in increasing index order so the
    /// result does not depend on how the split shuffled them.
    /// - Throws: `invalidArgument` for an index outside the set or a multilabel task.
    public static func fit(_ samples: SampleSet, trainingIndices: [Int]) throws -> SampleProcessor {
        var vocabularies = Array(repeating: CodeVocabulary(), count: samples.inputFields.count)
        for index in trainingIndices.sorted() {
            guard samples.samples.indices.contains(index) else {
                throw HealthDataError(
                    .invalidArgument, value: String(index), message: "training index outside 0..<\(samples.count)",
                    hint: "Pass indices from a split of the same sample set.")
            }
            let sample = samples.samples[index]
            for (position, field) in samples.inputFields.enumerated() {
                for code in sample.features[field] ?? [] { vocabularies[position].add(code) }
            }
        }
        return try SampleProcessor(
            inputFields: samples.inputFields, vocabularies: vocabularies, labelName: samples.labelName,
            labelKind: samples.labelKind)
    }

    public var labelKind: LabelKind { labelEncoder.kind }

    /// The field and label sizes that models need to size their layers.
    public var schema: SampleSchema {
        SampleSchema(
            features: zip(inputFields, vocabularies).map { FeatureSchema(name: $0, kind: .sequence, vocabularySize: $1.count) },
            labelName: labelName, label: labelKind)
    }

    /// Encodes every sample of `samples` once, so batches only copy and pad.
    /// - Throws: `invalidArgument` when the set's fields differ from the processor's or a label is out of range.
    public func encode(_ samples: SampleSet) throws -> EncodedSamples {
        guard samples.inputFields == inputFields else {
            throw HealthDataError(
                .invalidArgument, value: samples.inputFields.joined(separator: ", "),
                message: "the samples' input fields differ from the processor's (\(inputFields.joined(separator: ", ")))",
                hint: "Encode samples of the task the processor was fitted on.")
        }
        var fields = inputFields.map { _ in EncodedSamples.Field(values: [], offsets: [0]) }
        var labels: [Int32] = []
        labels.reserveCapacity(samples.count)
        for sample in samples.samples {
            for (position, field) in inputFields.enumerated() {
                for code in sample.features[field] ?? [] { fields[position].values.append(vocabularies[position].index(of: code)) }
                fields[position].offsets.append(fields[position].values.count)
            }
            labels.append(try labelEncoder.encode(sample.label))
        }
        return EncodedSamples(schema: schema, fields: fields, labels: labels, patientIDs: samples.samples.map(\.patientID))
    }
}

/// Samples turned into vocabulary indices, stored field by field as flat arrays with offsets.
public struct EncodedSamples: Sendable {
    struct Field: Sendable {
        var values: [Int32]
        /// Sample `i` owns `values[offsets[i]..<offsets[i + 1]]`.
        var offsets: [Int]
    }

    public let schema: SampleSchema
    let fields: [Field]
    /// Class index per sample.
    public let labels: [Int32]
    public let patientIDs: [String]

    /// Number of encoded samples.
    public var count: Int { labels.count }

    /// Returns the indices of input field `field` for sample `index`.
    public func codes(field: Int, sample index: Int) -> ArraySlice<Int32> {
        fields[field].values[fields[field].offsets[index]..<fields[field].offsets[index + 1]]
    }

    /// Builds a batch of the given samples: each field padded with 0 to the longest sequence in the batch.
    public func batch(_ indices: [Int]) -> Batch {
        let features = schema.features.enumerated().map { position, feature in
            let length = indices.map { fields[position].offsets[$0 + 1] - fields[position].offsets[$0] }.max() ?? 0
            var padded = [Int32](repeating: CodeVocabulary.padIndex, count: indices.count * length)
            for (row, index) in indices.enumerated() {
                let codes = codes(field: position, sample: index)
                padded.replaceSubrange((row * length)..<(row * length + codes.count), with: codes)
            }
            return CodeBatch(name: feature.name, indices: padded, shape: [indices.count, length])
        }

        let labelValues = indices.map { labels[$0] }
        let labelBatch: LabelBatch
        switch schema.label {
        case .binary: labelBatch = .binary(labelValues.map { Float($0) })
        case .multiclass(let classes): labelBatch = .multiclass(labelValues, classes: classes)
        case .multilabel(let classes):
            // LabelEncoder rejects multilabel tasks, so no encoded set reaches this branch.
            labelBatch = .multilabel([], classes: classes)
        }
        return Batch(features: features, labels: labelBatch, sampleIndices: indices, patientIDs: indices.map { patientIDs[$0] })
    }
}
