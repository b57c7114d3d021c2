/// A metric that `BinaryMetrics` computes, named as in PyHealth's `binary_metrics_fn`.
public enum BinaryMetric: String, CaseIterable, Sendable {
    /// Average precision, the step-wise area under the precision-recall curve (see `averagePrecision`).
    case prAUC = "pr_auc"
    /// Area under the ROC curve, ties counted one half.
    case rocAUC = "roc_auc"
    /// (TP + TN) / n.
    case accuracy
    /// (TP / (TP + FN) + TN / (TN + FP)) / 2, over the classes present in `yTrue`.
    case balancedAccuracy = "balanced_accuracy"
    /// 2·TP / (2·TP + FP + FN).
    case f1
    /// TP / (TP + FP).
    case precision
    /// TP / (TP + FN).
    case recall
    /// Cohen's kappa between labels and thresholded predictions.
    case cohenKappa = "cohen_kappa"
    /// TP / (TP + FP + FN) of the positive class.
    case jaccard
    /// Expected calibration error of P(y = 1) over 20 equal-width bins.
    case expectedCalibrationError = "ECE"
    /// Expected calibration error of P(y = 1) over 20 equal-size bins.
    case adaptiveExpectedCalibrationError = "ECE_adapt"
}

/// Binary classification metrics with PyHealth's names and defaults (`binary_metrics_fn`).
///
/// Threshold metrics use the prediction `yProb >= threshold`, and the positive class is 1. Where a
/// metric divides 0 by 0 the result is `.undefined`: precision with no predicted positives,
/// recall with no true positives, F1 and Jaccard with TP + FP + FN = 0, and kappa when labels
/// and predictions are all one class. scikit-learn, which PyHealth calls, returns 0 there (NaN
/// for kappa) with a warning, as checked with version 1.9.1. F1 is 0, not undefined, when
/// TP = 0 but FP + FN > 0, which matches scikit-learn.
public enum BinaryMetrics {
    /// Every supported metric name, in the order PyHealth documents them.
    public static let supportedMetrics: [String] = BinaryMetric.allCases.map(\.rawValue)

    /// The metrics computed when none are requested: `pr_auc`, `roc_auc`, `f1`.
    public static let defaultMetrics: [String] = ["pr_auc", "roc_auc", "f1"]

    /// Computes `metrics` (default `defaultMetrics`) for 0/1 labels and positive-class probabilities.
    ///
    /// - Parameters:
    ///   - yTrue: one label per sample, 0 or 1.
    ///   - yProb: P(y = 1) per sample. Any finite score is accepted, and the AUCs use only its order.
    ///   - metrics: PyHealth metric names. A repeated name is computed once.
    ///   - threshold: the cut-off for the predictions `yProb >= threshold`, default 0.5.
    /// - Returns: one entry per distinct requested name, in request order.
    /// - Throws: `MetricsError` for an unknown name, a length mismatch, a label other than 0 or 1,
    ///   or a non-finite probability or threshold.
    public static func compute(
        yTrue: [Int], yProb: [Double], metrics: [String]? = nil, threshold: Double = 0.5
    ) throws(MetricsError) -> MetricReport {
        try compute(labels: yTrue, yProb: yProb, metrics: metrics, threshold: threshold)
    }

    /// Computes `metrics` for 0/1 labels and `Float` probabilities, the element type of a model's output tensor.
    public static func compute(
        yTrue: [Int], yProb: [Float], metrics: [String]? = nil, threshold: Double = 0.5
    ) throws(MetricsError) -> MetricReport {
        try compute(labels: yTrue, yProb: yProb, metrics: metrics, threshold: threshold)
    }

    /// Computes `metrics` for labels stored as 0.0/1.0, as PyHealth's trainer collects them.
    public static func compute(
        yTrue: [Double], yProb: [Double], metrics: [String]? = nil, threshold: Double = 0.5
    ) throws(MetricsError) -> MetricReport {
        try compute(labels: yTrue, yProb: yProb, metrics: metrics, threshold: threshold)
    }

    /// Computes `metrics` for `Float` labels (0.0/1.0) and `Float` probabilities.
    public static func compute(
        yTrue: [Float], yProb: [Float], metrics: [String]? = nil, threshold: Double = 0.5
    ) throws(MetricsError) -> MetricReport {
        try compute(labels: yTrue, yProb: yProb, metrics: metrics, threshold: threshold)
    }

    // MARK: - Validation and dispatch

    private static func compute<Label: Numeric & CustomStringConvertible, Probability: BinaryFloatingPoint>(
        labels yTrue: [Label], yProb: [Probability], metrics: [String]?, threshold: Double
    ) throws(MetricsError) -> MetricReport {
        // Names first, so that a typo is reported before any problem with the data.
        let requested = try resolveMetricNames(
            metrics ?? defaultMetrics, task: "binary", as: BinaryMetric.self, validNames: supportedMetrics)
        guard yTrue.count == yProb.count else {
            throw .sampleCountMismatch(yTrueCount: yTrue.count, yProbCount: yProb.count)
        }
        guard threshold.isFinite else { throw .nonFiniteThreshold(threshold) }
        let labels = try binaryLabels(yTrue)

        var scores = [Double]()
        scores.reserveCapacity(yProb.count)
        for (index, probability) in yProb.enumerated() {
            guard probability.isFinite else {
                throw .nonFiniteProbability(row: index, column: nil, value: "\(probability)")
            }
            scores.append(Double(probability))
        }

        let evaluation = BinaryEvaluation(
            labels: labels, scores: scores, threshold: threshold,
            needsRanking: requested.contains(.prAUC) || requested.contains(.rocAUC))
        return MetricReport(entries: requested.map { metric in
            MetricReport.Entry(name: metric.rawValue, value: evaluation.value(of: metric))
        })
    }

    private static func binaryLabels<Label: Numeric & CustomStringConvertible>(
        _ yTrue: [Label]
    ) throws(MetricsError) -> [Bool] {
        var labels = [Bool]()
        labels.reserveCapacity(yTrue.count)
        for (index, label) in yTrue.enumerated() {
            guard label == 0 || label == 1 else {
                throw .invalidLabel(index: index, value: "\(label)", expected: "0 or 1")
            }
            labels.append(label == 1)
        }
        return labels
    }
}

/// Validated binary input with the counts every threshold metric shares.
private struct BinaryEvaluation {
    let labels: [Bool]
    let scores: [Double]
    let confusion: ConfusionMatrix

    /// Scores grouped for the ranking metrics, left empty unless one of them is requested so the sort is skipped.
    let tieGroups: [TieGroup]

    init(labels: [Bool], scores: [Double], threshold: Double, needsRanking: Bool) {
        self.labels = labels
        self.scores = scores
        confusion = ConfusionMatrix(
            trueLabels: labels.map { $0 ? 1 : 0 },
            predictedLabels: scores.map { $0 >= threshold ? 1 : 0 },
            classCount: 2)
        tieGroups = needsRanking ? tieGroupsByDescendingScore(scores: scores, isPositive: labels) : []
    }

    func value(of metric: BinaryMetric) -> MetricValue {
        guard !labels.isEmpty else { return .undefined(reason: "no samples") }
        let positive = 1

        switch metric {
        case .prAUC:
            return averagePrecision(tieGroups: tieGroups)
        case .rocAUC:
            return rocAUC(tieGroups: tieGroups)
        case .accuracy:
            return confusion.accuracy()
        case .balancedAccuracy:
            return confusion.balancedAccuracy()
        case .f1:
            return defined(confusion.f1(positive), else: noPositivesReason)
        case .precision:
            return defined(confusion.precision(positive), else: "no sample is predicted positive, so TP + FP is 0")
        case .recall:
            return defined(confusion.recall(positive), else: "yTrue has no positive samples, so TP + FN is 0")
        case .cohenKappa:
            return confusion.cohenKappa()
        case .jaccard:
            return defined(confusion.jaccard(positive), else: noPositivesReason)
        case .expectedCalibrationError, .adaptiveExpectedCalibrationError:
            let error = expectedCalibrationError(
                confidences: scores, outcomes: labels.map { $0 ? 1 : 0 },
                binCount: calibrationBinCount, adaptive: metric == .adaptiveExpectedCalibrationError)
            return defined(error, else: "no samples")
        }
    }

    private var noPositivesReason: String {
        "no positive labels and no positive predictions, so TP + FP + FN is 0"
    }

    private func defined(_ value: Double?, else reason: String) -> MetricValue {
        value.map(MetricValue.value) ?? .undefined(reason: reason)
    }
}
