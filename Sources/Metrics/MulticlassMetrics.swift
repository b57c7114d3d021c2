/// A metric that `MulticlassMetrics` computes, named as in PyHealth's `multiclass_metrics_fn`.
public enum MulticlassMetric: String, CaseIterable, Sendable {
    /// Hand & Till one-vs-one ROC AUC, the plain mean over class pairs.
    case rocAUCMacroOneVsOne = "roc_auc_macro_ovo"
    /// One-vs-rest ROC AUC, the plain mean over classes.
    case rocAUCMacroOneVsRest = "roc_auc_macro_ovr"
    /// Hand & Till one-vs-one ROC AUC, pairs weighted by the fraction of samples in the pair.
    case rocAUCWeightedOneVsOne = "roc_auc_weighted_ovo"
    /// One-vs-rest ROC AUC, classes weighted by their count in `yTrue`.
    case rocAUCWeightedOneVsRest = "roc_auc_weighted_ovr"
    /// Fraction of samples whose argmax equals the label.
    case accuracy
    /// Mean recall over the classes present in `yTrue`.
    case balancedAccuracy = "balanced_accuracy"
    /// F1 of the summed counts, 2·ΣTP / (2·ΣTP + ΣFP + ΣFN), which equals accuracy for single-label data.
    case f1Micro = "f1_micro"
    /// Mean per-class F1.
    case f1Macro = "f1_macro"
    /// Per-class F1 weighted by class count in `yTrue`.
    case f1Weighted = "f1_weighted"
    /// Jaccard index of the summed counts, ΣTP / (ΣTP + ΣFP + ΣFN).
    case jaccardMicro = "jaccard_micro"
    /// Mean per-class Jaccard index, TP / (TP + FP + FN).
    case jaccardMacro = "jaccard_macro"
    /// Per-class Jaccard index weighted by class count in `yTrue`.
    case jaccardWeighted = "jaccard_weighted"
    /// Cohen's kappa between labels and argmax predictions.
    case cohenKappa = "cohen_kappa"
    /// Mean of (max probability − [argmax is correct])², the Brier score of the top prediction
    /// (Brier, "Verification of forecasts expressed in terms of probability", Monthly Weather Review, 1950).
    case brierTop1 = "brier_top1"
    /// Expected calibration error of the top-class probability over 20 equal-width bins.
    case expectedCalibrationError = "ECE"
    /// Expected calibration error of the top-class probability over 20 equal-size bins.
    case adaptiveExpectedCalibrationError = "ECE_adapt"
    /// Classwise ECE over 20 equal-width bins, ignoring probabilities below min(0.01, 1/K).
    case classwiseExpectedCalibrationError = "cwECEt"
    /// Classwise ECE over 20 equal-size bins, ignoring probabilities below min(0.01, 1/K).
    case adaptiveClasswiseExpectedCalibrationError = "cwECEt_adapt"
}

/// Multiclass classification metrics with PyHealth's names and defaults (`multiclass_metrics_fn`).
///
/// The prediction for a sample is the argmax of its probability row (the first maximum wins a
/// tie). Averages over classes use the classes present in `yTrue` or in the predictions, as
/// scikit-learn does without a `labels` argument. PyHealth's prediction-set metrics
/// (`rejection_rate`, `set_size`, `miscoverage_*`, `error_*`) need a conformal prediction set
/// and are not provided here.
public enum MulticlassMetrics {
    /// Every supported metric name, in the order PyHealth documents them.
    public static let supportedMetrics: [String] = MulticlassMetric.allCases.map(\.rawValue)

    /// The metrics computed when none are requested: `accuracy`, `f1_macro`, `f1_micro`.
    public static let defaultMetrics: [String] = ["accuracy", "f1_macro", "f1_micro"]

    /// Computes `metrics` (default `defaultMetrics`) from class labels and one probability row per sample.
    ///
    /// - Parameters:
    ///   - yTrue: one class index per sample, in `0..<K`.
    ///   - yProb: n rows of K ≥ 2 finite probabilities. ROC AUC also needs each row to sum to 1.
    ///   - metrics: PyHealth metric names. A repeated name is computed once.
    /// - Returns: one entry per distinct requested name, in request order.
    /// - Throws: `MetricsError` for an unknown name, mismatched or ragged shapes, fewer than two
    ///   classes, a label outside `0..<K` or a non-finite probability.
    public static func compute(
        yTrue: [Int], yProb: [[Double]], metrics: [String]? = nil
    ) throws(MetricsError) -> MetricReport {
        try compute(yTrue: yTrue, probabilities: ProbabilityMatrix(rows: yProb), metrics: metrics)
    }

    /// Computes `metrics` from class labels and `Float` probability rows.
    public static func compute(
        yTrue: [Int], yProb: [[Float]], metrics: [String]? = nil
    ) throws(MetricsError) -> MetricReport {
        try compute(yTrue: yTrue, probabilities: ProbabilityMatrix(rows: yProb), metrics: metrics)
    }

    /// Computes `metrics` from class labels and a row-major n × `classCount` probability buffer,
    /// the layout of a model's output tensor.
    public static func compute(
        yTrue: [Int], yProb: [Double], classCount: Int, metrics: [String]? = nil
    ) throws(MetricsError) -> MetricReport {
        try compute(
            yTrue: yTrue, probabilities: ProbabilityMatrix(flat: yProb, classCount: classCount), metrics: metrics)
    }

    /// Computes `metrics` from class labels and a row-major n × `classCount` `Float` buffer.
    public static func compute(
        yTrue: [Int], yProb: [Float], classCount: Int, metrics: [String]? = nil
    ) throws(MetricsError) -> MetricReport {
        try compute(
            yTrue: yTrue, probabilities: ProbabilityMatrix(flat: yProb, classCount: classCount), metrics: metrics)
    }

    // MARK: - Validation and dispatch

    private static func compute(
        yTrue: [Int], probabilities makeProbabilities: @autoclosure () throws(MetricsError) -> ProbabilityMatrix,
        metrics: [String]?
    ) throws(MetricsError) -> MetricReport {
        // Names first, so that a typo is reported before any shape problem.
        let requested = try resolveMetricNames(
            metrics ?? defaultMetrics, task: "multiclass", as: MulticlassMetric.self, validNames: supportedMetrics)
        let probabilities = try makeProbabilities()

        guard yTrue.count == probabilities.rowCount else {
            throw .sampleCountMismatch(yTrueCount: yTrue.count, yProbCount: probabilities.rowCount)
        }
        guard probabilities.classCount >= 2 else { throw .tooFewClasses(probabilities.classCount) }
        for (index, label) in yTrue.enumerated() where !(0..<probabilities.classCount).contains(label) {
            throw .invalidLabel(
                index: index, value: "\(label)", expected: "a class index in 0..<\(probabilities.classCount)")
        }

        let rocMetrics: Set<MulticlassMetric> = [
            .rocAUCMacroOneVsOne, .rocAUCMacroOneVsRest, .rocAUCWeightedOneVsOne, .rocAUCWeightedOneVsRest,
        ]
        let evaluation = MulticlassEvaluation(
            labels: yTrue, probabilities: probabilities, needsROCAUC: requested.contains(where: rocMetrics.contains))
        return MetricReport(entries: requested.map { metric in
            MetricReport.Entry(name: metric.rawValue, value: evaluation.value(of: metric))
        })
    }
}

/// An n × K probability matrix in row-major order, validated to be finite.
struct ProbabilityMatrix {
    let rowCount: Int
    let classCount: Int
    let values: [Double]

    init<Probability: BinaryFloatingPoint>(rows: [[Probability]]) throws(MetricsError) {
        let classCount = rows.first?.count ?? 0
        var values = [Double]()
        values.reserveCapacity(rows.count * classCount)
        for (rowIndex, row) in rows.enumerated() {
            guard row.count == classCount else {
                throw .raggedProbabilityRow(row: rowIndex, count: row.count, expected: classCount)
            }
            for (column, probability) in row.enumerated() {
                guard probability.isFinite else {
                    throw .nonFiniteProbability(row: rowIndex, column: column, value: "\(probability)")
                }
                values.append(Double(probability))
            }
        }
        self.rowCount = rows.count
        self.classCount = classCount
        self.values = values
    }

    init<Probability: BinaryFloatingPoint>(flat: [Probability], classCount: Int) throws(MetricsError) {
        guard classCount >= 2 else { throw .tooFewClasses(classCount) }
        guard flat.count % classCount == 0 else {
            throw .flatProbabilityCount(count: flat.count, classCount: classCount)
        }
        var values = [Double]()
        values.reserveCapacity(flat.count)
        for (index, probability) in flat.enumerated() {
            guard probability.isFinite else {
                throw .nonFiniteProbability(
                    row: index / classCount, column: index % classCount, value: "\(probability)")
            }
            values.append(Double(probability))
        }
        self.rowCount = flat.count / classCount
        self.classCount = classCount
        self.values = values
    }

    func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * classCount)..<((index + 1) * classCount)]
    }

    subscript(row: Int, column: Int) -> Double { values[row * classCount + column] }
}

/// Validated multiclass input with the argmax predictions and their confusion matrix.
struct MulticlassEvaluation {
    let labels: [Int]
    let probabilities: ProbabilityMatrix
    let predictions: [Int]
    let confusion: ConfusionMatrix

    /// The per-class AUCs shared by the four ROC metrics, or nil when none is requested or ROC
    /// AUC is undefined on this input.
    private(set) var rocAUCs: MulticlassROCAUCs?

    init(labels: [Int], probabilities: ProbabilityMatrix, needsROCAUC: Bool) {
        self.labels = labels
        self.probabilities = probabilities
        predictions = (0..<probabilities.rowCount).map { argmax(probabilities.row($0)) }
        confusion = ConfusionMatrix(
            trueLabels: labels, predictedLabels: predictions, classCount: probabilities.classCount)

        if needsROCAUC && multiclassROCAUCUndefinedReason() == nil {
            rocAUCs = MulticlassROCAUCs(labels: labels, probabilities: probabilities, classCounts: confusion.trueCounts)
        }
    }

    func value(of metric: MulticlassMetric) -> MetricValue {
        guard !labels.isEmpty else { return .undefined(reason: "no samples") }

        switch metric {
        case .rocAUCMacroOneVsOne:
            return oneVsOneROCAUC(weighted: false)
        case .rocAUCWeightedOneVsOne:
            return oneVsOneROCAUC(weighted: true)
        case .rocAUCMacroOneVsRest:
            return oneVsRestROCAUC(weighted: false)
        case .rocAUCWeightedOneVsRest:
            return oneVsRestROCAUC(weighted: true)
        case .accuracy:
            return confusion.accuracy()
        case .balancedAccuracy:
            return confusion.balancedAccuracy()
        case .f1Micro:
            return confusion.average(.micro, perClass: confusion.f1, micro: f1FromCounts)
        case .f1Macro:
            return confusion.average(.macro, perClass: confusion.f1, micro: f1FromCounts)
        case .f1Weighted:
            return confusion.average(.weighted, perClass: confusion.f1, micro: f1FromCounts)
        case .jaccardMicro:
            return confusion.average(.micro, perClass: confusion.jaccard, micro: jaccardFromCounts)
        case .jaccardMacro:
            return confusion.average(.macro, perClass: confusion.jaccard, micro: jaccardFromCounts)
        case .jaccardWeighted:
            return confusion.average(.weighted, perClass: confusion.jaccard, micro: jaccardFromCounts)
        case .cohenKappa:
            return confusion.cohenKappa()
        case .brierTop1:
            return brierTop1()
        case .expectedCalibrationError, .adaptiveExpectedCalibrationError:
            return topClassCalibrationError(adaptive: metric == .adaptiveExpectedCalibrationError)
        case .classwiseExpectedCalibrationError, .adaptiveClasswiseExpectedCalibrationError:
            return classwiseCalibrationError(adaptive: metric == .adaptiveClasswiseExpectedCalibrationError)
        }
    }
}

private func f1FromCounts(truePositives: Int, falsePositives: Int, falseNegatives: Int) -> Double? {
    let denominator = 2 * truePositives + falsePositives + falseNegatives
    return denominator > 0 ? Double(2 * truePositives) / Double(denominator) : nil
}

private func jaccardFromCounts(truePositives: Int, falsePositives: Int, falseNegatives: Int) -> Double? {
    let denominator = truePositives + falsePositives + falseNegatives
    return denominator > 0 ? Double(truePositives) / Double(denominator) : nil
}
