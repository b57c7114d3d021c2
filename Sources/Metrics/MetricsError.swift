/// An invalid request or input to `BinaryMetrics` or `MulticlassMetrics`.
///
/// Inputs that are valid but leave a metric without a value (one class in `yTrue`, no predicted
/// positives) are not errors: they come back as `MetricValue.undefined(reason:)`.
public enum MetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A requested metric name is not supported by this task. `task` is `"binary"` or
    /// `"multiclass"`, and `suggestion` is the closest valid name if one is close.
    case unknownMetric(name: String, task: String, validNames: [String], suggestion: String?)

    /// `yTrue` and `yProb` describe different numbers of samples.
    case sampleCountMismatch(yTrueCount: Int, yProbCount: Int)

    /// A label in `yTrue` is outside the allowed set: 0 or 1 for binary, `0..<classCount` for
    /// multiclass. `value` is the label as given.
    case invalidLabel(index: Int, value: String, expected: String)

    /// A probability is NaN or infinite. `column` is nil for binary input.
    case nonFiniteProbability(row: Int, column: Int?, value: String)

    /// A row of a multiclass `yProb` has a different length than the first row.
    case raggedProbabilityRow(row: Int, count: Int, expected: Int)

    /// A flat multiclass `yProb` whose length is not a multiple of `classCount`.
    case flatProbabilityCount(count: Int, classCount: Int)

    /// Multiclass metrics need at least two classes (columns of `yProb`).
    case tooFewClasses(Int)

    /// The binary decision threshold is NaN or infinite.
    case nonFiniteThreshold(Double)

    public var description: String {
        switch self {
        case let .unknownMetric(name, task, validNames, suggestion):
            var message = "Unknown \(task) metric '\(name)'."
            if let suggestion {
                message += " Did you mean '\(suggestion)'?"
            }
            return message + " Valid names: \(validNames.joined(separator: ", "))."

        case let .sampleCountMismatch(yTrueCount, yProbCount):
            return "yTrue has \(yTrueCount) samples but yProb has \(yProbCount). "
                + "Pass one probability (or probability row) per label."

        case let .invalidLabel(index, value, expected):
            return "Invalid label \(value) at yTrue[\(index)]: expected \(expected). "
                + "Encode labels as class indices before computing metrics."

        case let .nonFiniteProbability(row, column, value):
            let position = column.map { "yProb[\(row)][\($0)]" } ?? "yProb[\(row)]"
            return "Invalid probability \(value) at \(position): probabilities must be finite. "
                + "Check the model output for NaN or overflow."

        case let .raggedProbabilityRow(row, count, expected):
            return "yProb[\(row)] has \(count) columns but yProb[0] has \(expected). "
                + "Every row needs one probability per class."

        case let .flatProbabilityCount(count, classCount):
            return "A flat yProb of \(count) values does not split into rows of classCount = \(classCount). "
                + "Pass samples × classes values in row-major order."

        case .tooFewClasses(let count):
            return "Multiclass metrics need at least 2 classes but yProb has \(count) columns. "
                + "Use BinaryMetrics for a single probability per sample."

        case .nonFiniteThreshold(let threshold):
            return "Invalid threshold \(threshold): the decision threshold must be a finite number such as 0.5."
        }
    }
}

// MARK: - Metric name lookup

/// Returns the valid name closest to `name` when it is a likely typo: the same name in another
/// letter case, or at most two single-character edits away.
func closestMetricName(to name: String, in validNames: [String]) -> String? {
    if let caseMatch = validNames.first(where: { $0.lowercased() == name.lowercased() }) {
        return caseMatch
    }

    var best: (name: String, distance: Int)?
    for candidate in validNames {
        let distance = editDistance(name.lowercased(), candidate.lowercased())
        if distance <= 2, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Levenshtein distance over Unicode scalars (insertions, deletions and substitutions cost 1).
func editDistance(_ source: String, _ target: String) -> Int {
    let a = Array(source.unicodeScalars)
    let b = Array(target.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }

    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// Checks every requested name before any metric is computed, and drops repeats so that the
/// report has one entry per name, like the dictionary PyHealth returns.
func resolveMetricNames<Metric: RawRepresentable>(
    _ names: [String], task: String, as _: Metric.Type, validNames: [String]
) throws(MetricsError) -> [Metric] where Metric.RawValue == String {
    var resolved: [Metric] = []
    var seen: Set<String> = []
    for name in names {
        guard let metric = Metric(rawValue: name) else {
            throw .unknownMetric(
                name: name, task: task, validNames: validNames,
                suggestion: closestMetricName(to: name, in: validNames))
        }
        if seen.insert(name).inserted {
            resolved.append(metric)
        }
    }
    return resolved
}
