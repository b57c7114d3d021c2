import Autograd
import HealthData
import NeuralNet

/// The recurrent cell of an `RNN` model (PyHealth's `rnn_type`).
public enum RecurrentCell: String, Sendable, Codable, CaseIterable {
    case gru = "GRU"
    case lstm = "LSTM"
}

/// One feature's recurrent encoder, laid out as PyHealth's `RNNLayer`: dropout on the input, a GRU or LSTM
/// over each row's real steps, and the last real step's hidden state.
///
/// Children: `rnn` (the GRU or LSTM, with PyTorch's `weight_ih_l0` names) and, when bidirectional,
/// `down_projection` (`Linear(2·hidden, hidden)` over the forward and backward final states).
public final class RNNLayer: Module {
    enum Recurrent {
        case gru(GRU)
        case lstm(LSTM)

        var module: any Module {
            switch self {
            case .gru(let gru): return gru
            case .lstm(let lstm): return lstm
            }
        }
    }

    public let cell: RecurrentCell
    public let inputDropout: Dropout
    let recurrent: Recurrent
    public let downProjection: Linear?
    public var isTraining = true

    /// `dropout` applies to the input in training mode, and between stacked layers when `layerCount > 1`.
    init(
        inputSize: Int, hiddenSize: Int, cell: RecurrentCell, layerCount: Int, dropout: Float, bidirectional: Bool,
        generator: SeededGenerator
    ) {
        self.cell = cell
        inputDropout = Dropout(probability: dropout, generator: generator)
        let layerDropout = layerCount > 1 ? dropout : 0
        switch cell {
        case .gru:
            recurrent = .gru(GRU(
                inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, dropout: layerDropout,
                bidirectional: bidirectional, generator: generator))
        case .lstm:
            recurrent = .lstm(LSTM(
                inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, dropout: layerDropout,
                bidirectional: bidirectional, generator: generator))
        }
        downProjection = bidirectional ? Linear(inputSize: 2 * hiddenSize, outputSize: hiddenSize, generator: generator) : nil
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        var result: [(name: String, module: any Module)] = [("dropout_layer", inputDropout), ("rnn", recurrent.module)]
        if let downProjection { result.append(("down_projection", downProjection)) }
        return result
    }

    /// Encodes one embedded feature into `[batch, hidden]`.
    ///
    /// A row without a real step runs one step over its (zero) padding input, because PyHealth clamps
    /// packed lengths to at least 1.
    func callAsFunction(_ feature: EmbeddedFeature) -> Tensor {
        let input = inputDropout(feature.values)
        let lengths = feature.lengths.map { Swift.max($0, 1) }
        let lastHidden: Tensor
        switch recurrent {
        case .gru(let gru): lastHidden = gru(input, lengths: lengths).lastHidden
        case .lstm(let lstm): lastHidden = lstm(input, lengths: lengths).lastHidden
        }
        return downProjection.map { $0(lastHidden) } ?? lastHidden
    }
}

/// A recurrent network per feature, PyHealth 2.x's `RNN` model.
///
/// Each feature is embedded, run through its own `RNNLayer`, and reduced to the hidden state at its last
/// real step. The features' states are concatenated, and a `Linear` maps them to the label's output size.
/// A nested feature has its codes summed within each visit, and the RNN runs over visits.
///
/// Parameter names: `embedding_model.embedding_layers.<feature>.weight`,
/// `rnn.<feature>.rnn.weight_ih_l0` (and the other GRU or LSTM weights), `fc.weight`, `fc.bias`, plus
/// PyHealth's two empty `_dummy_param` entries.
///
/// NOTE: As in PyHealth, a row's length is its number of real steps, and the RNN reads that many
/// leading steps. An empty visit in the middle of a nested feature is therefore read as a zero step, and
/// the same number of real visits at the end is dropped.
public final class RNN: HealthModel {
    public let name = "RNN"
    public let schema: SampleSchema
    /// The code vectors of every feature (PyHealth's `embedding_model`).
    public let embeddings: FeatureEmbeddings
    /// One encoder per feature, keyed by feature name.
    public let encoders: ModuleDictionary<RNNLayer>
    /// `Linear(features · encoding size, label output size)` (PyHealth's `fc`).
    public let outputLayer: Linear
    let placeholder = Tensor.zeros([0])
    public var isTraining = true

    /// Builds the model with PyHealth's defaults, drawing every initial value and dropout mask from `seed`.
    ///
    /// - Parameters:
    ///   - embeddingDimension: size of each code vector (PyHealth's `embedding_dim`, default 128).
    ///   - hiddenDimension: hidden state size (`hidden_dim`, default 128).
    ///   - cell: GRU (default) or LSTM (`rnn_type`).
    ///   - layerCount: stacked recurrent layers (`num_layers`, default 1).
    ///   - dropout: input dropout, and dropout between stacked layers (default 0.5).
    ///   - bidirectional: adds a backward direction and a down-projection to `hiddenDimension` (default false).
    /// - Throws: `ModelError.invalidSchema` or `.invalidOption`.
    public init(
        schema: SampleSchema, embeddingDimension: Int = 128, hiddenDimension: Int = 128, cell: RecurrentCell = .gru,
        layerCount: Int = 1, dropout: Float = 0.5, bidirectional: Bool = false, seed: UInt64
    ) throws(ModelError) {
        try ModelValidation.checkSchema(schema)
        try ModelValidation.checkPositive("embeddingDimension", embeddingDimension)
        try ModelValidation.checkPositive("hiddenDimension", hiddenDimension)
        try ModelValidation.checkPositive("layerCount", layerCount)
        try ModelValidation.checkDropout(dropout)

        let generator = SeededGenerator(seed: seed)
        self.schema = schema
        embeddings = FeatureEmbeddings(schema: schema, dimension: embeddingDimension, generator: generator)
        encoders = ModuleDictionary(schema.features.map { feature in
            (feature.name, RNNLayer(
                inputSize: embeddingDimension, hiddenSize: hiddenDimension, cell: cell, layerCount: layerCount,
                dropout: dropout, bidirectional: bidirectional, generator: generator))
        })
        outputLayer = Linear(
            inputSize: schema.features.count * hiddenDimension, outputSize: schema.label.outputSize, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("_dummy_param", placeholder)] }

    public var children: [(name: String, module: any Module)] {
        [("embedding_model", embeddings), ("rnn", encoders), ("fc", outputLayer)]
    }

    public func forward(_ batch: Batch, training: Bool) throws(ModelError) -> ModelOutput {
        try runForward(batch, training: training, outputLayer: outputLayer) {
            zip(embeddings.embed(batch), encoders.entries).map { feature, encoder in encoder.module(feature) }
        }
    }
}
