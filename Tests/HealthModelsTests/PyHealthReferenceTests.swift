import Autograd
import HealthData
import HealthModels
import Testing

/// One tensor of a PyHealth state dict.
struct StateEntry: Sendable {
    let name: String
    let shape: [Int]
    let values: [Float]
}

/// A PyHealth model's state dict and its eval-mode results on the reference batch.
struct PyHealthReferenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: ModelKind
    let options: ModelOptions
    /// Whether `conditions` is the nested `[3, 3, 2]` batch rather than the flat `[3, 5]` one.
    let nested: Bool
    /// Whether the label is multiclass with 3 classes rather than binary.
    let multiclass: Bool
    let stateDict: [StateEntry]
    /// Logits SwiftHealth must give: PyHealth's, with the documented differences applied.
    let logits: [Float]
    /// Logits of the unchanged PyHealth model.
    let pyhealthLogits: [Float]
    /// Rows where the documented differences do not apply, so SwiftHealth must give PyHealth's logits.
    let rowsMatchingPyHealth: [Int]
    let loss: Float

    var testDescription: String { name }

    var schema: SampleSchema {
        SampleSchema(
            features: [
                FeatureSchema(name: "conditions", kind: nested ? .nestedSequence : .sequence, vocabularySize: 7),
                FeatureSchema(name: "procedures", kind: .sequence, vocabularySize: 5),
            ],
            labelName: "label", label: multiclass ? .multiclass(classes: 3) : .binary)
    }

    var batch: Batch {
        Batch(
            features: [nested ? PyHealthReference.nestedConditions : PyHealthReference.flatConditions, PyHealthReference.procedures],
            labels: multiclass
                ? .multiclass(PyHealthReference.multiclassLabels, classes: 3) : .binary(PyHealthReference.binaryLabels),
            sampleIndices: [0, 1, 2], patientIDs: ["p0", "p1", "p2"])
    }

    /// Builds a model of this case's configuration and loads PyHealth's parameters in strict mode.
    func loadedModel() throws -> any HealthModel {
        let model = try kind.make(schema: schema, seed: 99, options: options)
        let state = Dictionary(uniqueKeysWithValues: stateDict.map { ($0.name, Tensor(shape: $0.shape, scalars: $0.values)) })
        try model.loadStateDict(state, strict: true)
        return model
    }
}

// PyHealth 2.1.0's own models, run once by the generator script in PyHealthReference.swift, are the
// reference: the same parameters must give the same logits and loss here.
@Suite("PyHealth reference")
struct PyHealthReferenceTests {
    @Test(arguments: PyHealthReference.cases)
    func logitsMatchReference(_ reference: PyHealthReferenceCase) throws {
        let model = try reference.loadedModel()
        let output = try withNoGrad { try model.forward(reference.batch, training: false) }
        #expect(isClose(output.logits.scalars, reference.logits, tolerance: 1e-4), "\(output.logits.scalars) vs \(reference.logits)")
        #expect(Swift.abs(output.loss.scalar - reference.loss) < 1e-4, "loss \(output.loss.scalar) vs \(reference.loss)")
    }

    @Test(arguments: PyHealthReference.cases)
    func unpaddedRowsMatchPyHealth(_ reference: PyHealthReferenceCase) throws {
        let model = try reference.loadedModel()
        let logits = try withNoGrad { try model.forward(reference.batch, training: false) }.logits
        let width = logits.shape[1]
        let values = logits.scalars
        for row in reference.rowsMatchingPyHealth {
            let range = (row * width)..<((row + 1) * width)
            #expect(isClose(Array(values[range]), Array(reference.pyhealthLogits[range]), tolerance: 1e-4), "row \(row)")
        }
    }

    @Test func stateDictKeysAreExactlyPyHealths() throws {
        for reference in PyHealthReference.cases {
            let model = try reference.kind.make(schema: reference.schema, seed: 1, options: reference.options)
            let names = model.namedParameters().map(\.name)
            #expect(names == reference.stateDict.map(\.name), "\(reference.name)")
            #expect(model.namedParameters().map(\.tensor.shape) == reference.stateDict.map(\.shape), "\(reference.name)")
        }
    }
}
