import Autograd
import HealthData
import NeuralNet

/// The pairing of RETAIN's attention weights, computed on the reversed sequence, with the visits they scale.
public enum RETAINAttentionAlignment: String, Sendable, Codable, CaseIterable {
    /// The weights computed at step t of the reversed sequence scale visit t in time order, as PyHealth
    /// 1.x and 2.1 do: with L real visits, the attention read from visit L-1-t scales visit t.
    case pyhealth
    /// The weights computed at a visit scale that visit, as in the RETAIN paper.
    case visit
}

/// One feature's RETAIN encoder, laid out as PyHealth's `RETAINLayer` (Choi et al., "RETAIN: An
/// Interpretable Predictive Model for Healthcare using Reverse Time Attention Mechanism", NeurIPS 2016).
///
/// With the dropped-out input x and its real steps reversed, rx:
///
///     α = softmax over steps of alpha_li(GRU_α(rx))      [batch, time, 1]
///     β = tanh(beta_li(GRU_β(rx)))                       [batch, time, size]
///     c = Σ over steps of α ⊙ β ⊙ x                      [batch, size]
///
/// Children: `alpha_gru`, `beta_gru` (GRUs of width `size`), `alpha_li` (`Linear(size, 1)`) and
/// `beta_li` (`Linear(size, size)`).
///
/// NOTE: PyHealth 2.1 takes the softmax over every step of the padded batch. A padding step, where the
/// GRU output is 0 and the score is `alpha_li`'s bias, therefore takes weight from the real ones, and a
/// row's result depends on how long the other rows of its batch are. Here the softmax covers the row's
/// real steps only, and a row without padding gets PyHealth's result exactly.
public final class RETAINLayer: Module {
    public let inputDropout: Dropout
    public let alphaGRU: GRU
    public let betaGRU: GRU
    public let alphaLinear: Linear
    public let betaLinear: Linear
    public let alignment: RETAINAttentionAlignment
    public var isTraining = true

    init(size: Int, dropout: Float, alignment: RETAINAttentionAlignment, generator: SeededGenerator) {
        inputDropout = Dropout(probability: dropout, generator: generator)
        alphaGRU = GRU(inputSize: size, hiddenSize: size, generator: generator)
        betaGRU = GRU(inputSize: size, hiddenSize: size, generator: generator)
        alphaLinear = Linear(inputSize: size, outputSize: 1, generator: generator)
        betaLinear = Linear(inputSize: size, outputSize: size, generator: generator)
        self.alignment = alignment
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        [
            ("dropout_layer", inputDropout), ("alpha_gru", alphaGRU), ("beta_gru", betaGRU),
            ("alpha_li", alphaLinear), ("beta_li", betaLinear),
        ]
    }

    /// Encodes one embedded feature into `[batch, size]`.
    ///
    /// A row without a real step reads one zero step (PyHealth clamps lengths to at least 1), so its
    /// result is zero.
    func callAsFunction(_ feature: EmbeddedFeature) -> Tensor {
        let batch = feature.batchSize
        let steps = feature.steps
        let lengths = feature.lengths.map { Swift.max($0, 1) }
        let input = inputDropout(feature.values)

        // Everything but the softmax runs on the real steps only, packed in reversed order. Padding steps
        // get α = 0 from the masked softmax, so leaving them out of the sum changes nothing.
        let layout = PackedSequenceLayout(lengths: lengths, time: steps)
        let packedReversed = input.packedSteps(layout, reversed: true)
        let alphaStates = alphaGRU.packedOutputs(packedReversed, layout: layout)
        let betaStates = betaGRU.packedOutputs(packedReversed, layout: layout)
        let alpha = alphaLinear(alphaStates).paddedSteps(layout).reshaped([batch, steps])
            .softmax(mask: Self.leadingStepMask(lengths: lengths, steps: steps))
            .reshaped([batch, steps, 1])
            .packedSteps(layout)
        let beta = betaLinear(betaStates).tanh()

        // Packed position p contains reversed step t of its row, so the forward packing pairs it with visit t.
        let scaled = alignment == .pyhealth ? input.packedSteps(layout) : packedReversed
        return (alpha * beta * scaled).sumPackedSteps(layout)
    }

    /// `[batch, steps]`, 1 at the first `lengths[row]` steps of each row.
    static func leadingStepMask(lengths: [Int], steps: Int) -> Tensor {
        var mask = [Float](repeating: 0, count: lengths.count * steps)
        for (row, length) in lengths.enumerated() {
            for step in 0..<Swift.min(length, steps) { mask[row * steps + step] = 1 }
        }
        return Tensor(shape: [lengths.count, steps], scalars: mask)
    }
}

/// A RETAIN encoder per feature, PyHealth 2.x's `RETAIN` model.
///
/// Each feature is embedded and encoded by its own `RETAINLayer`. The context vectors are concatenated,
/// and a `Linear` maps them to the label's output size. A nested feature has its codes summed within each
/// visit, so the attention is over visits, while a flat sequence has one step per code.
///
/// Parameter names: `embedding_model.embedding_layers.<feature>.weight`,
/// `retain.<feature>.alpha_gru.weight_ih_l0` and the other layer weights, `fc.weight`, `fc.bias`, plus
/// PyHealth's two empty `_dummy_param` entries.
public final class RETAIN: HealthModel {
    public let name = "RETAIN"
    public let schema: SampleSchema
    /// The code vectors of every feature (PyHealth's `embedding_model`).
    public let embeddings: FeatureEmbeddings
    /// One encoder per feature, keyed by feature name.
    public let encoders: ModuleDictionary<RETAINLayer>
    /// `Linear(features · encoding size, label output size)` (PyHealth's `fc`).
    public let outputLayer: Linear
    let placeholder = Tensor.zeros([0])
    public var isTraining = true

    /// Builds the model with PyHealth's defaults, drawing every initial value and dropout mask from `seed`.
    ///
    /// - Parameters:
    ///   - embeddingDimension: code vector and GRU size (PyHealth's `embedding_dim`, default 128).
    ///   - dropout: on the embedded input in training mode (default 0.5).
    ///   - alignment: which visit each step's attention scales (default `.pyhealth`).
    /// - Throws: `ModelError.invalidSchema` or `.invalidOption`.
    public init(
        schema: SampleSchema, embeddingDimension: Int = 128, dropout: Float = 0.5,
        alignment: RETAINAttentionAlignment = .pyhealth, seed: UInt64
    ) throws(ModelError) {
        try ModelValidation.checkSchema(schema)
        try ModelValidation.checkPositive("embeddingDimension", embeddingDimension)
        try ModelValidation.checkDropout(dropout)

        let generator = SeededGenerator(seed: seed)
        self.schema = schema
        embeddings = FeatureEmbeddings(schema: schema, dimension: embeddingDimension, generator: generator)
        encoders = ModuleDictionary(schema.features.map { feature in
            (feature.name, RETAINLayer(size: embeddingDimension, dropout: dropout, alignment: alignment, generator: generator))
        })
        outputLayer = Linear(
            inputSize: schema.features.count * embeddingDimension, outputSize: schema.label.outputSize,
            generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("_dummy_param", placeholder)] }

    public var children: [(name: String, module: any Module)] {
        [("embedding_model", embeddings), ("retain", encoders), ("fc", outputLayer)]
    }

    public func forward(_ batch: Batch, training: Bool) throws(ModelError) -> ModelOutput {
        try runForward(batch, training: training, outputLayer: outputLayer) {
            zip(embeddings.embed(batch), encoders.entries).map { feature, encoder in encoder.module(feature) }
        }
    }
}
