import Autograd
import HealthData
import NeuralNet

/// The activation between an `MLP`'s layers (PyHealth's `activation`).
public enum MLPActivation: String, Sendable, Codable, CaseIterable {
    case relu
    case tanh
    case sigmoid
    case leakyReLU = "leaky_relu"
    case elu

    func apply(_ input: Tensor) -> Tensor {
        switch self {
        case .relu: return input.relu()
        case .tanh: return input.tanh()
        case .sigmoid: return input.sigmoid()
        case .leakyReLU: return input.leakyRelu()
        case .elu: return input.elu()
        }
    }
}

/// One feature's stack of linear layers, laid out as the `nn.Sequential` that PyHealth's MLP builds:
/// `Linear(input, hidden)`, then `layerCount - 1` times the activation and `Linear(hidden, hidden)`.
/// There is no activation after the last layer.
///
/// Children: the linear layers under their `Sequential` positions `0`, `2`, `4`, ... (the activations at
/// the odd positions have no parameters).
public final class MLPLayer: Module {
    public let layers: [Linear]
    public let activation: MLPActivation
    public var isTraining = true

    init(inputSize: Int, hiddenSize: Int, layerCount: Int, activation: MLPActivation, generator: SeededGenerator) {
        layers = (0..<layerCount).map { index in
            Linear(inputSize: index == 0 ? inputSize : hiddenSize, outputSize: hiddenSize, generator: generator)
        }
        self.activation = activation
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String(2 * $0.offset), $0.element) }
    }

    /// Maps `[batch, inputSize]` to `[batch, hiddenSize]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var hidden = layers[0](input)
        for layer in layers.dropFirst() {
            hidden = layer(activation.apply(hidden))
        }
        return hidden
    }
}

/// A multilayer perceptron per feature over the mean of its code vectors, PyHealth 2.x's `MLP` model.
///
/// Each feature's code vectors are averaged over its real positions and passed through its own
/// `MLPLayer`. The results are concatenated, and a `Linear` maps them to the label's output size. A nested
/// feature is averaged over all of its codes, as PyHealth flattens `[batch, visits, codes]` first. The
/// model has no dropout, as in PyHealth.
///
/// NOTE: PyHealth divides by the number of real positions even when it is 0, which gives NaN for a row
/// whose feature is all padding. Here that row's mean is a zero vector.
///
/// Parameter names: `embedding_model.embedding_layers.<feature>.weight`, `mlp.<feature>.0.weight`,
/// `mlp.<feature>.2.weight` and their biases, `fc.weight`, `fc.bias`, plus PyHealth's two empty
/// `_dummy_param` entries.
public final class MLP: HealthModel {
    public let name = "MLP"
    public let schema: SampleSchema
    /// The code vectors of every feature (PyHealth's `embedding_model`).
    public let embeddings: FeatureEmbeddings
    /// One encoder per feature, keyed by feature name.
    public let encoders: ModuleDictionary<MLPLayer>
    /// `Linear(features · encoding size, label output size)` (PyHealth's `fc`).
    public let outputLayer: Linear
    let placeholder = Tensor.zeros([0])
    public var isTraining = true

    /// Builds the model with PyHealth's defaults, drawing every initial value from `seed`.
    ///
    /// - Parameters:
    ///   - embeddingDimension: size of each code vector (PyHealth's `embedding_dim`, default 128).
    ///   - hiddenDimension: width of every linear layer (`hidden_dim`, default 128).
    ///   - layerCount: linear layers per feature (`n_layers`, default 2).
    ///   - activation: between the linear layers (default ReLU).
    /// - Throws: `ModelError.invalidSchema` or `.invalidOption`.
    public init(
        schema: SampleSchema, embeddingDimension: Int = 128, hiddenDimension: Int = 128, layerCount: Int = 2,
        activation: MLPActivation = .relu, seed: UInt64
    ) throws(ModelError) {
        try ModelValidation.checkSchema(schema)
        try ModelValidation.checkPositive("embeddingDimension", embeddingDimension)
        try ModelValidation.checkPositive("hiddenDimension", hiddenDimension)
        try ModelValidation.checkPositive("layerCount", layerCount)

        let generator = SeededGenerator(seed: seed)
        self.schema = schema
        embeddings = FeatureEmbeddings(schema: schema, dimension: embeddingDimension, generator: generator)
        encoders = ModuleDictionary(schema.features.map { feature in
            (feature.name, MLPLayer(
                inputSize: embeddingDimension, hiddenSize: hiddenDimension, layerCount: layerCount,
                activation: activation, generator: generator))
        })
        outputLayer = Linear(
            inputSize: schema.features.count * hiddenDimension, outputSize: schema.label.outputSize, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("_dummy_param", placeholder)] }

    public var children: [(name: String, module: any Module)] {
        [("embedding_model", embeddings), ("mlp", encoders), ("fc", outputLayer)]
    }

    public func forward(_ batch: Batch, training: Bool) throws(ModelError) -> ModelOutput {
        try runForward(batch, training: training, outputLayer: outputLayer) {
            zip(embeddings.sumCodes(batch), encoders.entries).map { feature, encoder in encoder.module(Self.mean(feature)) }
        }
    }

    /// `[batch, dimension]`: the sum of the code vectors divided by the number of real codes, at least 1.
    /// The padding vector is zero, so the sum over every position adds only the real codes.
    static func mean(_ feature: SummedFeature) -> Tensor {
        let scales = feature.counts.map { 1 / Float(Swift.max($0, 1)) }
        return feature.sums * Tensor(shape: [scales.count, 1], scalars: scales)
    }
}
