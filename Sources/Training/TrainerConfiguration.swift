import Metrics

/// The optimizer a trainer builds for the model's parameters.
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
    case adam
    case adamw
    case sgd
}

/// Settings of one training run, with PyHealth's `Trainer.train` defaults.
public struct TrainerConfiguration: Sendable, Codable, Equatable {
    /// Passes over the training split; PyHealth's default is 5.
    public var epochs = 5
    /// Step size of the optimizer; PyHealth passes `{"lr": 1e-3}` to Adam by default.
    public var learningRate: Float = 1e-3
    public var optimizer: OptimizerKind = .adam
    /// L2 decay (Adam, SGD) or decoupled decay (AdamW). As in PyHealth, parameters whose name contains
    /// "bias" are not decayed.
    public var weightDecay: Float = 0
    /// Total gradient L2 norm is clipped to this value before each step; nil for no clipping.
    public var maxGradNorm: Float?
    /// Validation metric that selects the best epoch, e.g. "pr_auc" or "loss"; nil keeps the last epoch.
    public var monitor: String?
    /// Whether larger or smaller monitor values are better; nil takes the metric's natural direction.
    public var monitorCriterion: MetricDirection?
    /// Epochs without improvement of the monitor before training stops early; nil never stops early.
    public var patience: Int?
    /// Reload the best checkpoint before the test evaluation, as PyHealth's `load_best_model_at_last`.
    public var loadBestModelAtLast = true
    /// Metrics to evaluate; nil uses the defaults of the label kind (PyHealth's metric function defaults).
    public var metrics: [String]?

    public init() {}
}

extension MetricDirection: Codable {}
