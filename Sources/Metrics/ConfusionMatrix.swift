/// Counts of (true class, predicted class) pairs, the basis of every threshold metric.
///
/// Averages run over scikit-learn's default label set: the classes that occur in `yTrue` or in
/// the predictions. A class that occurs in neither is left out of macro averages, as PyHealth
/// passes no `labels` argument to scikit-learn.
struct ConfusionMatrix {
    let classCount: Int
    let sampleCount: Int

    /// Row-major counts, `counts[trueClass * classCount + predictedClass]`.
    private(set) var counts: [Int]

    /// Samples per true class (row sums), the "support" of scikit-learn's weighted averages.
    private(set) var trueCounts: [Int]

    /// Samples per predicted class (column sums).
    private(set) var predictedCounts: [Int]

    /// Counts the pairs. Every label must already be in `0..<classCount`.
    init(trueLabels: [Int], predictedLabels: [Int], classCount: Int) {
        self.classCount = classCount
        self.sampleCount = trueLabels.count
        counts = [Int](repeating: 0, count: classCount * classCount)
        trueCounts = [Int](repeating: 0, count: classCount)
        predictedCounts = [Int](repeating: 0, count: classCount)
        for (actual, predicted) in zip(trueLabels, predictedLabels) {
            counts[actual * classCount + predicted] += 1
            trueCounts[actual] += 1
            predictedCounts[predicted] += 1
        }
    }

    func truePositives(_ label: Int) -> Int { counts[label * classCount + label] }
    func falsePositives(_ label: Int) -> Int { predictedCounts[label] - truePositives(label) }
    func falseNegatives(_ label: Int) -> Int { trueCounts[label] - truePositives(label) }

    /// The classes present in `yTrue` or in the predictions, ascending.
    var presentLabels: [Int] {
        (0..<classCount).filter { trueCounts[$0] > 0 || predictedCounts[$0] > 0 }
    }

    var correctCount: Int { (0..<classCount).reduce(0) { $0 + truePositives($1) } }

    // MARK: - Metrics

    /// Computes the fraction of samples whose prediction equals the label.
    func accuracy() -> MetricValue {
        guard sampleCount > 0 else { return .undefined(reason: "no samples") }
        return .value(Double(correctCount) / Double(sampleCount))
    }

    /// Computes the mean recall over the classes present in `yTrue`, as scikit-learn's `balanced_accuracy_score`
    /// (predicted-only classes have no recall and are skipped).
    func balancedAccuracy() -> MetricValue {
        let labels = (0..<classCount).filter { trueCounts[$0] > 0 }
        guard !labels.isEmpty else { return .undefined(reason: "no samples") }
        let recallSum = labels.reduce(0.0) { $0 + Double(truePositives($1)) / Double(trueCounts[$1]) }
        return .value(recallSum / Double(labels.count))
    }

    /// Computes Cohen's kappa, κ = (pₒ − pₑ) / (1 − pₑ), with pₒ the observed agreement and pₑ the
    /// agreement expected from the two marginals. Evaluated as
    /// (n·agreements − Σₖ rₖcₖ) / (n² − Σₖ rₖcₖ) on integer counts.
    func cohenKappa() -> MetricValue {
        guard sampleCount > 0 else { return .undefined(reason: "no samples") }
        let n = Double(sampleCount)
        let expectedAgreement = (0..<classCount).reduce(0.0) {
            $0 + Double(trueCounts[$1]) * Double(predictedCounts[$1])
        }
        let denominator = n * n - expectedAgreement
        guard denominator > 0 else {
            return .undefined(
                reason: "labels and predictions are all one class, so chance agreement is 1 and kappa is 0/0")
        }
        return .value((n * Double(correctCount) - expectedAgreement) / denominator)
    }

    /// Returns the F1 of one class, 2·TP / (2·TP + FP + FN), or nil when that denominator is 0.
    func f1(_ label: Int) -> Double? {
        let denominator = 2 * truePositives(label) + falsePositives(label) + falseNegatives(label)
        return denominator > 0 ? Double(2 * truePositives(label)) / Double(denominator) : nil
    }

    /// Returns the Jaccard index of one class, TP / (TP + FP + FN), or nil when that denominator is 0.
    func jaccard(_ label: Int) -> Double? {
        let denominator = truePositives(label) + falsePositives(label) + falseNegatives(label)
        return denominator > 0 ? Double(truePositives(label)) / Double(denominator) : nil
    }

    /// Returns the precision of one class, TP / (TP + FP), or nil when the class is never predicted.
    func precision(_ label: Int) -> Double? {
        predictedCounts[label] > 0 ? Double(truePositives(label)) / Double(predictedCounts[label]) : nil
    }

    /// Returns the recall of one class, TP / (TP + FN), or nil when the class has no true samples.
    func recall(_ label: Int) -> Double? {
        trueCounts[label] > 0 ? Double(truePositives(label)) / Double(trueCounts[label]) : nil
    }

    /// Averages a per-class score over `presentLabels`.
    ///
    /// - macro: the plain mean.
    /// - weighted: weighted by each class's count in `yTrue`.
    /// - micro: the score of the summed counts, computed by `microScore`.
    ///
    /// A present class always has TP + FP + FN > 0, so F1 and Jaccard are defined for each one.
    func average(
        _ averaging: Averaging,
        perClass score: (Int) -> Double?,
        micro microScore: (_ truePositives: Int, _ falsePositives: Int, _ falseNegatives: Int) -> Double?
    ) -> MetricValue {
        let labels = presentLabels
        guard !labels.isEmpty else { return .undefined(reason: "no samples") }

        switch averaging {
        case .micro:
            let tp = labels.reduce(0) { $0 + truePositives($1) }
            let fp = labels.reduce(0) { $0 + falsePositives($1) }
            let fn = labels.reduce(0) { $0 + falseNegatives($1) }
            guard let value = microScore(tp, fp, fn) else {
                return .undefined(reason: "TP + FP + FN is 0 over all classes")
            }
            return .value(value)

        case .macro, .weighted:
            var weightedSum = 0.0
            var weightTotal = 0.0
            for label in labels {
                guard let value = score(label) else {
                    return .undefined(reason: "class \(label) has no true and no predicted samples")
                }
                let weight = averaging == .macro ? 1.0 : Double(trueCounts[label])
                weightedSum += weight * value
                weightTotal += weight
            }
            return .value(weightedSum / weightTotal)
        }
    }

    enum Averaging { case macro, micro, weighted }
}
