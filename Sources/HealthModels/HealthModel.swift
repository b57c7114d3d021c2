import Autograd
import HealthData
import NeuralNet

/// A clinical prediction model: built from a task's `SampleSchema`, it turns a `Batch` into logits, a loss
/// and probabilities, as a PyHealth 2.x model's `forward(**batch)` does.
///
/// Parameters and their dotted names come from `Module` (`namedParameters()`, `stateDict()`,
/// `loadStateDict(_:strict:)`). The names are PyHealth's, so a checkpoint moves between the two.
public protocol HealthModel: Module {
    /// The model's name as PyHealth spells it, such as "RNN" or "Transformer".
    var name: String { get }

    /// The schema the model was built from. Batches must have its features, in its order, and its label.
    var schema: SampleSchema { get }

    /// Runs the model on `batch`, first switching the whole module tree to training mode (dropout on) or
    /// evaluation mode (dropout off).
    ///
    /// Call it inside `withNoGrad` for evaluation, so that no graph is recorded.
    /// - Throws: `ModelError` when the batch does not fit the schema, before any computation.
    func forward(_ batch: Batch, training: Bool) throws(ModelError) -> ModelOutput
}

/// What a model returns for one batch, like the dictionary of PyHealth's `forward`.
public struct ModelOutput: Sendable {
    /// Scores before the sigmoid or softmax, `[batch, outputSize]` (PyHealth's `logit`).
    public let logits: Tensor
    /// Mean loss over the batch, rank 0: binary cross-entropy on logits for binary and multilabel labels,
    /// cross-entropy for multiclass. Call `backward()` on it to train.
    public let loss: Tensor
    /// Sigmoid (binary, multilabel) or softmax (multiclass) of the logits, `[batch, outputSize]`, with no
    /// graph (PyHealth's `y_prob`).
    public let probabilities: Tensor
    /// The concatenated feature encodings that the output layer reads, `[batch, features · encodingSize]`
    /// (PyHealth's `embed`).
    public let patientEmbedding: Tensor

    /// `probabilities` as one array per row, for metrics.
    public var probabilityRows: [[Float]] {
        let width = probabilities.shape[1]
        let values = probabilities.scalars
        return (0..<probabilities.shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
    }
}

extension HealthModel {
    /// Runs the steps every model shares around its encoders: set the mode, check the batch, encode the
    /// features (`encode` returns one `[batch, size]` tensor per feature), apply the output layer, then
    /// compute the loss and probabilities.
    func runForward(_ batch: Batch, training: Bool, outputLayer: Linear, encode: () -> [Tensor]) throws(ModelError) -> ModelOutput {
        if training { train() } else { eval() }
        try BatchValidation.checkFeatures(batch, schema: schema)
        try BatchValidation.checkLabels(batch.labels, kind: schema.label, rows: batch.size)

        let encodings = encode()
        let patient = encodings.count == 1 ? encodings[0] : Tensor.concat(encodings, axis: 1)
        let logits = outputLayer(patient)
        return ModelOutput(
            logits: logits, loss: PredictionHead.loss(logits: logits, labels: batch.labels),
            probabilities: PredictionHead.probabilities(logits: logits, kind: schema.label),
            patientEmbedding: patient)
    }
}

/// PyHealth's `BaseModel` loss and `prepare_y_prob` for each label kind.
enum PredictionHead {
    /// Computes the mean loss of `logits` `[batch, outputSize]` against labels already checked against the schema.
    static func loss(logits: Tensor, labels: LabelBatch) -> Tensor {
        switch labels {
        case .binary(let values):
            return binaryCrossEntropyWithLogits(logits, targets: Tensor(shape: [values.count, 1], scalars: values))
        case .multiclass(let values, _):
            return crossEntropy(logits, targets: values)
        case .multilabel(let values, let classes):
            return binaryCrossEntropyWithLogits(logits, targets: Tensor(shape: [values.count / classes, classes], scalars: values))
        }
    }

    static func probabilities(logits: Tensor, kind: LabelKind) -> Tensor {
        withNoGrad {
            switch kind {
            case .binary, .multilabel: return logits.sigmoid()
            case .multiclass: return logits.softmax()
            }
        }
    }
}
