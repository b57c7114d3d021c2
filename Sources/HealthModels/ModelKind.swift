import HealthData

/// Settings for the model factory. Each model reads the ones it has, and the defaults are PyHealth 2.x's.
public struct ModelOptions: Sendable, Equatable, Codable {
    /// Size of each code vector (`embedding_dim`), which is also the width of the Transformer and RETAIN.
    public var embeddingDimension: Int
    /// Hidden size of the RNN and of the MLP's layers (`hidden_dim`).
    public var hiddenDimension: Int
    /// Dropout probability of the RNN, Transformer and RETAIN. The MLP has no dropout.
    public var dropout: Float
    /// Stacked layers, or nil for each model's default: 1 RNN layer, 1 Transformer block, 2 MLP layers.
    public var layerCount: Int?
    /// Transformer attention heads (`heads`).
    public var headCount: Int
    /// Steps per feature that the Transformer keeps (`max_seq_len`).
    public var maximumSequenceLength: Int
    /// Activation between the MLP's layers.
    public var activation: MLPActivation
    /// Whether the RNN also runs backward over each row.
    public var bidirectional: Bool
    /// The visit that each of RETAIN's attention weights scales.
    public var retainAlignment: RETAINAttentionAlignment

    public init(
        embeddingDimension: Int = 128, hiddenDimension: Int = 128, dropout: Float = 0.5, layerCount: Int? = nil,
        headCount: Int = 1, maximumSequenceLength: Int = 1024, activation: MLPActivation = .relu,
        bidirectional: Bool = false, retainAlignment: RETAINAttentionAlignment = .pyhealth
    ) {
        self.embeddingDimension = embeddingDimension
        self.hiddenDimension = hiddenDimension
        self.dropout = dropout
        self.layerCount = layerCount
        self.headCount = headCount
        self.maximumSequenceLength = maximumSequenceLength
        self.activation = activation
        self.bidirectional = bidirectional
        self.retainAlignment = retainAlignment
    }
}

/// The models the factory builds, by the names the command line and run configurations use.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case mlp
    /// PyHealth's `RNN` with its default GRU cell.
    case rnn
    case gru
    case lstm
    case transformer
    case retain

    /// The kind named `text`, ignoring case (`"RETAIN"`, `"Transformer"`), or nil.
    public init?(name text: String) {
        self.init(rawValue: text.lowercased())
    }

    /// Builds a model of this kind for `schema`, drawing every initial value and dropout mask from `seed`.
    ///
    /// The same seed, schema and options give identical parameters, and identical outputs for the same
    /// sequence of calls.
    /// - Throws: `ModelError.invalidSchema` or `.invalidOption`.
    public func make(schema: SampleSchema, seed: UInt64, options: ModelOptions = ModelOptions()) throws(ModelError) -> any HealthModel {
        switch self {
        case .mlp:
            return try MLP(
                schema: schema, embeddingDimension: options.embeddingDimension, hiddenDimension: options.hiddenDimension,
                layerCount: options.layerCount ?? 2, activation: options.activation, seed: seed)
        case .rnn, .gru, .lstm:
            return try RNN(
                schema: schema, embeddingDimension: options.embeddingDimension, hiddenDimension: options.hiddenDimension,
                cell: self == .lstm ? .lstm : .gru, layerCount: options.layerCount ?? 1, dropout: options.dropout,
                bidirectional: options.bidirectional, seed: seed)
        case .transformer:
            return try Transformer(
                schema: schema, embeddingDimension: options.embeddingDimension, headCount: options.headCount,
                dropout: options.dropout, layerCount: options.layerCount ?? 1,
                maximumSequenceLength: options.maximumSequenceLength, seed: seed)
        case .retain:
            return try RETAIN(
                schema: schema, embeddingDimension: options.embeddingDimension, dropout: options.dropout,
                alignment: options.retainAlignment, seed: seed)
        }
    }
}
