/// Whether a larger or a smaller value of a metric is better, PyHealth's `monitor_criterion`.
public enum MetricDirection: String, Sendable, CaseIterable {
    /// Larger is better (`"max"`), as for AUCs, accuracy and F1.
    case maximize = "max"
    /// Smaller is better (`"min"`), as for the loss, calibration errors and the Brier score.
    case minimize = "min"

    /// Names of the metrics, plus the trainer's `"loss"`, where smaller is better.
    static let minimizedMetrics: Set<String> = [
        "loss", "ECE", "ECE_adapt", "cwECEt", "cwECEt_adapt", "brier_top1",
    ]

    /// Returns the direction for `"loss"` and for every metric of `BinaryMetrics` and `MulticlassMetrics`.
    /// Any other name returns nil, so that a trainer can reject a monitor it cannot rank.
    public static func forMetric(_ name: String) -> MetricDirection? {
        if minimizedMetrics.contains(name) {
            return .minimize
        }
        if BinaryMetric(rawValue: name) != nil || MulticlassMetric(rawValue: name) != nil {
            return .maximize
        }
        return nil
    }

    /// Returns whether `candidate` is strictly better than `best` in this direction, so a tie is no improvement.
    public func isImprovement(_ candidate: Double, over best: Double) -> Bool {
        switch self {
        case .maximize: candidate > best
        case .minimize: candidate < best
        }
    }
}
