import Testing

@testable import Metrics

/// Returns the number stored under `name`, failing the test when the metric is missing or undefined.
func definedValue(
    _ name: String, in report: MetricReport, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Double {
    let value = try #require(report.value(for: name), "metric \(name) missing", sourceLocation: sourceLocation)
    return try #require(value.doubleValue, "metric \(name) is \(value)", sourceLocation: sourceLocation)
}

/// Returns the reason stored under `name`, failing the test when the metric has a value.
func undefinedReason(
    _ name: String, in report: MetricReport, sourceLocation: SourceLocation = #_sourceLocation
) throws -> String {
    let value = try #require(report.value(for: name), "metric \(name) missing", sourceLocation: sourceLocation)
    guard case .undefined(let reason) = value else {
        Issue.record("metric \(name) should be undefined but is \(value)", sourceLocation: sourceLocation)
        return ""
    }
    return reason
}

/// Checks `actual` against a hand-computed fraction; the tolerance covers floating-point rounding only.
func expectClose(
    _ actual: Double, _ expected: Double, _ name: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(abs(actual - expected) <= 1e-12, "\(name): \(actual) != \(expected)", sourceLocation: sourceLocation)
}
