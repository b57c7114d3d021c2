/// The outcome of one metric: a number, or the reason the metric has no value on this input.
///
/// scikit-learn returns NaN, 0 or raises for these inputs depending on the metric. This type
/// keeps the "no value" case separate so that a caller cannot mistake it for a score.
public enum MetricValue: Sendable, Equatable, CustomStringConvertible {
    /// The metric's value.
    case value(Double)

    /// The metric has no value on this input, for example ROC AUC when `yTrue` contains one class.
    case undefined(reason: String)

    /// The number, or nil when the metric is undefined.
    public var doubleValue: Double? {
        switch self {
        case .value(let number): number
        case .undefined: nil
        }
    }

    /// Whether the metric has a value.
    public var isDefined: Bool { doubleValue != nil }

    public var description: String {
        switch self {
        case .value(let number): "\(number)"
        case .undefined(let reason): "undefined (\(reason))"
        }
    }
}

/// Metric results in the order they were requested, keyed by PyHealth's metric names.
public struct MetricReport: Sendable, Equatable, CustomStringConvertible {
    /// One named result.
    public struct Entry: Sendable, Equatable {
        /// The metric name, for example `"pr_auc"`.
        public let name: String

        /// The metric's value or the reason it has none.
        public let value: MetricValue

        /// Creates an entry.
        public init(name: String, value: MetricValue) {
            self.name = name
            self.value = value
        }
    }

    /// The results in request order.
    public let entries: [Entry]

    /// Creates a report. `value(for:)` returns the first entry of a repeated name.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The metric names in request order.
    public var names: [String] { entries.map(\.name) }

    /// Returns the result for `name`, or nil when the report has no such metric.
    public func value(for name: String) -> MetricValue? {
        entries.first { $0.name == name }?.value
    }

    /// Returns a copy with `value` appended under `name`, for results computed elsewhere such as
    /// the trainer's mean loss.
    public func appending(_ name: String, _ value: MetricValue) -> MetricReport {
        MetricReport(entries: entries + [Entry(name: name, value: value)])
    }

    /// The defined values by name, without the undefined metrics.
    public var definedValues: [String: Double] {
        var values: [String: Double] = [:]
        for entry in entries {
            if let number = entry.value.doubleValue, values[entry.name] == nil {
                values[entry.name] = number
            }
        }
        return values
    }

    public var description: String {
        entries.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
    }
}
