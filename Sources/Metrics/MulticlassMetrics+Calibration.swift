extension MulticlassEvaluation {
    /// Computes the mean squared gap between the top probability and whether its class is the label.
    func brierTop1() -> MetricValue {
        var sum = 0.0
        for row in 0..<labels.count {
            let confidence = probabilities[row, predictions[row]]
            let outcome: Double = predictions[row] == labels[row] ? 1 : 0
            sum += (confidence - outcome) * (confidence - outcome)
        }
        return .value(sum / Double(labels.count))
    }

    /// Computes the ECE of the top-class probability against whether the argmax is correct.
    func topClassCalibrationError(adaptive: Bool) -> MetricValue {
        let confidences = (0..<labels.count).map { probabilities[$0, predictions[$0]] }
        let outcomes = (0..<labels.count).map { predictions[$0] == labels[$0] ? 1.0 : 0.0 }
        let error = expectedCalibrationError(
            confidences: confidences, outcomes: outcomes, binCount: calibrationBinCount, adaptive: adaptive)
        return error.map(MetricValue.value) ?? .undefined(reason: "no samples")
    }

    /// Computes classwise ECE as PyHealth's `cwECEt`: for each class k, the ECE of column k against
    /// "label is k" over the samples whose column-k probability is at least min(0.01, 1/K), then
    /// the mean over the classes that keep any sample.
    func classwiseCalibrationError(adaptive: Bool) -> MetricValue {
        let threshold = min(0.01, 1.0 / Double(probabilities.classCount))
        var errorSum = 0.0
        var classesCounted = 0
        for label in 0..<probabilities.classCount {
            let rowsMeetingThreshold = (0..<labels.count).filter { probabilities[$0, label] >= threshold }
            let error = expectedCalibrationError(
                confidences: rowsMeetingThreshold.map { probabilities[$0, label] },
                outcomes: rowsMeetingThreshold.map { labels[$0] == label ? 1.0 : 0.0 },
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
