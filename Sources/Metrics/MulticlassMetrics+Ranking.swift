extension MulticlassEvaluation {
    /// One-vs-rest ROC AUC: class c against all others, scored by column c of `yProb`, then
    /// averaged plainly or by each class's count in `yTrue` (scikit-learn's `multi_class="ovr"`).
    func oneVsRestROCAUC(weighted: Bool) -> MetricValue {
        if let reason = multiclassROCAUCUndefinedReason() {
            return .undefined(reason: reason)
        }

        var weightedSum = 0.0
        var weightTotal = 0.0
        for label in 0..<probabilities.classCount {
            let scores = (0..<labels.count).map { probabilities[$0, label] }
            let groups = tieGroupsByDescendingScore(scores: scores, isPositive: labels.map { $0 == label })
            guard case .value(let auc) = rocAUC(tieGroups: groups) else {
                return .undefined(reason: "class \(label) has no samples in yTrue")
            }
            let weight = weighted ? Double(confusion.trueCounts[label]) : 1
            weightedSum += weight * auc
            weightTotal += weight
        }
        return .value(weightedSum / weightTotal)
    }

    /// One-vs-one ROC AUC of Hand & Till, "A Simple Generalisation of the Area Under the ROC Curve
    /// for Multiple Class Classification Problems" (Machine Learning 45, 2001), as scikit-learn's
    /// `multi_class="ovo"` computes it.
    ///
    /// For each pair a < b, on the samples labelled a or b only: A(a, b) is the ROC AUC of "label
    /// is a" scored by column a, A(b, a) that of "label is b" scored by column b, and the pair
    /// scores their mean. Macro averages the pairs plainly; weighted averages them by the fraction
    /// of all samples that are labelled a or b.
    func oneVsOneROCAUC(weighted: Bool) -> MetricValue {
        if let reason = multiclassROCAUCUndefinedReason() {
            return .undefined(reason: reason)
        }

        var samplesByClass = [[Int]](repeating: [], count: probabilities.classCount)
        for (index, label) in labels.enumerated() {
            samplesByClass[label].append(index)
        }

        var weightedSum = 0.0
        var weightTotal = 0.0
        for first in 0..<probabilities.classCount {
            for second in (first + 1)..<probabilities.classCount {
                let pairSamples = samplesByClass[first] + samplesByClass[second]
                guard
                    case .value(let firstAUC) = pairAUC(samples: pairSamples, positiveClass: first),
                    case .value(let secondAUC) = pairAUC(samples: pairSamples, positiveClass: second)
                else {
                    return .undefined(reason: "classes \(first) and \(second) do not both have samples in yTrue")
                }
                let weight = weighted ? Double(pairSamples.count) / Double(labels.count) : 1
                weightedSum += weight * (firstAUC + secondAUC) / 2
                weightTotal += weight
            }
        }
        return .value(weightedSum / weightTotal)
    }

    /// ROC AUC of "label is `positiveClass`" scored by that class's column, over `samples` only.
    private func pairAUC(samples: [Int], positiveClass: Int) -> MetricValue {
        let scores = samples.map { probabilities[$0, positiveClass] }
        let isPositive = samples.map { labels[$0] == positiveClass }
        return rocAUC(tieGroups: tieGroupsByDescendingScore(scores: scores, isPositive: isPositive))
    }

    /// Returns why multiclass ROC AUC is undefined, or nil when it is defined.
    ///
    /// scikit-learn 1.9.1 raises unless every column of `yProb` has samples in `yTrue` and each
    /// row sums to 1 (`np.allclose`: |1 − s| ≤ 1e-8 + 1e-5·|s|). Both conditions are kept here.
    /// It also raises for K = 2, because it then treats the labels as binary and wants one
    /// score column; here K = 2 is computed like any K, and both averages equal binary ROC AUC
    /// of column 1 when rows sum to 1.
    private func multiclassROCAUCUndefinedReason() -> String? {
        let missing = (0..<probabilities.classCount).filter { confusion.trueCounts[$0] == 0 }
        if !missing.isEmpty {
            let classList = missing.map(String.init).joined(separator: ", ")
            return "yTrue has no samples of class \(classList) but yProb has \(probabilities.classCount) columns; "
                + "multiclass ROC AUC needs every class present"
        }

        for row in 0..<probabilities.rowCount {
            let sum = probabilities.row(row).reduce(0, +)
            if abs(1 - sum) > 1e-8 + 1e-5 * abs(sum) {
                return "yProb[\(row)] sums to \(sum), not 1; multiclass ROC AUC needs probabilities such as softmax output"
            }
        }
        return nil
    }
}

extension MulticlassEvaluation {
    /// Mean squared gap between the top probability and whether its class is the label.
    func brierTop1() -> MetricValue {
        var sum = 0.0
        for row in 0..<labels.count {
            let confidence = probabilities[row, predictions[row]]
            let outcome: Double = predictions[row] == labels[row] ? 1 : 0
            sum += (confidence - outcome) * (confidence - outcome)
        }
        return .value(sum / Double(labels.count))
    }

    /// ECE of the top-class probability against whether the argmax is correct.
    func topClassCalibrationError(adaptive: Bool) -> MetricValue {
        let confidences = (0..<labels.count).map { probabilities[$0, predictions[$0]] }
        let outcomes = (0..<labels.count).map { predictions[$0] == labels[$0] ? 1.0 : 0.0 }
        let error = expectedCalibrationError(
            confidences: confidences, outcomes: outcomes, binCount: calibrationBinCount, adaptive: adaptive)
        return error.map(MetricValue.value) ?? .undefined(reason: "no samples")
    }

    /// Classwise ECE as PyHealth's `cwECEt`: for each class k, the ECE of column k against
    /// "label is k" over the samples whose column-k probability is at least min(0.01, 1/K), then
    /// the mean over the classes that kept any sample.
    func classwiseCalibrationError(adaptive: Bool) -> MetricValue {
        let threshold = min(0.01, 1.0 / Double(probabilities.classCount))
        var errorSum = 0.0
        var classesCounted = 0
        for label in 0..<probabilities.classCount {
            let kept = (0..<labels.count).filter { probabilities[$0, label] >= threshold }
            let error = expectedCalibrationError(
                confidences: kept.map { probabilities[$0, label] },
                outcomes: kept.map { labels[$0] == label ? 1.0 : 0.0 },
                binCount: calibrationBinCount, adaptive: adaptive)
            if let error {
                errorSum += error
                classesCounted += 1
            }
        }
        guard classesCounted > 0 else {
            return .undefined(reason: "no probability in yProb reaches the threshold \(threshold)")
        }
        return .value(errorSum / Double(classesCounted))
    }
}
