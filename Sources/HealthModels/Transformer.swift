import Autograd
import HealthData
import NeuralNet

/// One feature's Transformer encoder, laid out as PyHealth's `TransformerLayer`: a stack of pre-norm
/// `TransformerBlock`s whose output at position 0 encodes the feature.
///
/// Children: `transformer.0`, `transformer.1`, ... (the blocks).
public final class TransformerLayer: Module {
    public let blocks: ModuleList<TransformerBlock>
    public var isTraining = true

    init(size: Int, headCount: Int, dropout: Float, layerCount: Int, generator: SeededGenerator) {
        blocks = ModuleList((0..<layerCount).map { _ in
            TransformerBlock(modelSize: size, headCount: headCount, dropout: dropout, generator: generator)
        })
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] { [("transformer", blocks)] }

    /// Encodes `values` `[batch, time, size]` into `[batch, size]`, the last block's output at position 0.
    ///
    /// - Parameter mask: `[batch, time]`, 1 at a real position and 0 at padding. Position 0 must be real in
    ///   every row, so `Transformer` marks it real in rows without any real position. Padding positions neither
    ///   attend nor are attended to (PyHealth's `mask ⊗ mask`).
    public func callAsFunction(_ values: Tensor, mask: Tensor) -> Tensor {
        var hidden = values
        for index in 0..<(blocks.count - 1) {
            hidden = blocks[index](hidden, mask: mask)
        }
        let first = blocks[blocks.count - 1].firstPositionOutput(hidden, mask: mask)
        return first.reshaped([values.shape[0], values.shape[2]])
    }
}

/// A Transformer encoder per feature, PyHealth 2.x's `Transformer` model (Vaswani et al., "Attention Is
/// All You Need", 2017, in PyHealth's pre-norm form).
///
/// Each feature is embedded and encoded by its own `TransformerLayer`. The encodings are concatenated, and
/// a `Linear` maps them to the label's output size. As in PyHealth:
/// - There is no positional encoding, so within a feature the encoder reads a set of codes, not an order.
/// - The feature's encoding is the output at position 0. That is the first code, not a dedicated [CLS]
///   token, and it reads the other codes only through attention.
/// - A row without any real position treats position 0 as real, so it attends to its own padding vector.
/// - Features longer than `maximumSequenceLength` steps keep their first steps only.
/// - A nested feature has its codes summed within each visit, one position per visit.
///
/// Parameter names: `embedding_model.embedding_layers.<feature>.weight`,
/// `transformer.<feature>.transformer.<block>.attention.linear_layers.0.weight` and the other block
/// weights, `fc.weight`, `fc.bias`, plus PyHealth's two empty `_dummy_param` entries.
public final class Transformer: HealthModel {
    public let name = "Transformer"
    public let schema: SampleSchema
    /// The code vectors of every feature (PyHealth's `embedding_model`).
    public let embeddings: FeatureEmbeddings
    /// One encoder per feature, keyed by feature name.
    public let encoders: ModuleDictionary<TransformerLayer>
    /// `Linear(features · encoding size, label output size)` (PyHealth's `fc`).
    public let outputLayer: Linear
    /// Steps kept per feature (PyHealth's `max_seq_len`).
    public let maximumSequenceLength: Int
    let placeholder = Tensor.zeros([0])
    public var isTraining = true

    /// Builds the model with PyHealth's defaults, drawing every initial value and dropout mask from `seed`.
    ///
    /// - Parameters:
    ///   - embeddingDimension: code vector and model size (PyHealth's `embedding_dim`, default 128).
    ///   - headCount: attention heads (`heads`, default 1), which must divide `embeddingDimension`.
    ///   - dropout: for the sublayers, the feed-forward network and each block's output (default 0.5). The
    ///     attention weights keep their own dropout of 0.1, as in PyHealth.
    ///   - layerCount: blocks per feature (`num_layers`, default 1).
    ///   - maximumSequenceLength: steps kept per feature (`max_seq_len`, default 1024).
    /// - Throws: `ModelError.invalidSchema` or `.invalidOption`.
    public init(
        schema: SampleSchema, embeddingDimension: Int = 128, headCount: Int = 1, dropout: Float = 0.5,
        layerCount: Int = 1, maximumSequenceLength: Int = 1024, seed: UInt64
    ) throws(ModelError) {
        try ModelValidation.checkSchema(schema)
        try ModelValidation.checkPositive("embeddingDimension", embeddingDimension)
        try ModelValidation.checkPositive("headCount", headCount)
        try ModelValidation.checkPositive("layerCount", layerCount)
        try ModelValidation.checkPositive("maximumSequenceLength", maximumSequenceLength)
        try ModelValidation.checkDropout(dropout)
        guard embeddingDimension % headCount == 0 else {
            throw .invalidOption(
                name: "headCount", value: String(headCount),
                reason: "it must divide the embedding dimension \(embeddingDimension)")
        }

        let generator = SeededGenerator(seed: seed)
        self.schema = schema
        self.maximumSequenceLength = maximumSequenceLength
        embeddings = FeatureEmbeddings(schema: schema, dimension: embeddingDimension, generator: generator)
        encoders = ModuleDictionary(schema.features.map { feature in
            (feature.name, TransformerLayer(
                size: embeddingDimension, headCount: headCount, dropout: dropout, layerCount: layerCount,
                generator: generator))
        })
        outputLayer = Linear(
            inputSize: schema.features.count * embeddingDimension, outputSize: schema.label.outputSize,
            generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("_dummy_param", placeholder)] }

    public var children: [(name: String, module: any Module)] {
        [("embedding_model", embeddings), ("transformer", encoders), ("fc", outputLayer)]
    }

    public func forward(_ batch: Batch, training: Bool) throws(ModelError) -> ModelOutput {
        try runForward(batch, training: training, outputLayer: outputLayer) {
            zip(embeddings.embed(batch, maximumSteps: maximumSequenceLength), encoders.entries).map { feature, encoder in
                encoder.module(feature.values, mask: Self.attentionMask(feature))
            }
        }
    }

    /// Returns the feature's mask with position 0 marked real in rows that have no real position, as
    /// PyHealth's `_mask_from_embeddings` does.
    static func attentionMask(_ feature: EmbeddedFeature) -> Tensor {
        var mask = feature.mask.scalars
        for (row, length) in feature.lengths.enumerated() where length == 0 {
            mask[row * feature.steps] = 1
        }
        return Tensor(shape: feature.mask.shape, scalars: mask)
    }
}
