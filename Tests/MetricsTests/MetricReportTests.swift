import Testing

@testable import Metrics

@Test func reportKeepsRequestOrder() throws {
    let report = try BinaryMetrics.compute(
        yTrue: [1, 0, 1], yProb: [0.8, 0.3, 0.4], metrics: ["f1", "accuracy", "roc_auc", "f1"])

    // A repeated name is computed once, at its first position.
    #expect(report.names == ["f1", "accuracy", "roc_auc"])
    #expect(report.value(for: "pr_auc") == nil)
}

@Test func reportDefinedValuesSkipUndefined() throws {
    // One class only: roc_auc is undefined, accuracy is 1/2.
    let report = try BinaryMetrics.compute(yTrue: [0, 0], yProb: [0.2, 0.7], metrics: ["roc_auc", "accuracy"])

    #expect(report.definedValues == ["accuracy": 0.5])
    #expect(report.value(for: "roc_auc")?.isDefined == false)
}

@Test func reportAppendingLoss() throws {
    let report = try BinaryMetrics.compute(yTrue: [1, 0], yProb: [0.8, 0.3], metrics: ["accuracy"])
        .appending("loss", .value(0.25))

    #expect(report.names == ["accuracy", "loss"])
    #expect(report.value(for: "loss") == .value(0.25))
}

@Test func reportDescription() {
    let report = MetricReport(entries: [
        .init(name: "pr_auc", value: .value(0.5)),
        .init(name: "roc_auc", value: .undefined(reason: "no samples")),
    ])

    #expect(report.description == "pr_auc: 0.5, roc_auc: undefined (no samples)")
}

// MARK: - Names and errors

@Test func supportedNamesMatchPyHealth() {
    #expect(BinaryMetrics.supportedMetrics == [
        "pr_auc", "roc_auc", "accuracy", "balanced_accuracy", "f1", "precision", "recall",
        "cohen_kappa", "jaccard", "ECE", "ECE_adapt",
    ])
    #expect(BinaryMetrics.defaultMetrics == ["pr_auc", "roc_auc", "f1"])
    #expect(MulticlassMetrics.supportedMetrics == [
        "roc_auc_macro_ovo", "roc_auc_macro_ovr", "roc_auc_weighted_ovo", "roc_auc_weighted_ovr",
        "accuracy", "balanced_accuracy", "f1_micro", "f1_macro", "f1_weighted",
        "jaccard_micro", "jaccard_macro", "jaccard_weighted", "cohen_kappa", "brier_top1",
        "ECE", "ECE_adapt", "cwECEt", "cwECEt_adapt",
    ])
    #expect(MulticlassMetrics.defaultMetrics == ["accuracy", "f1_macro", "f1_micro"])
}

@Test func closestNameSuggestions() {
    let names = BinaryMetrics.supportedMetrics

    // Letter case alone.
    #expect(closestMetricName(to: "ece", in: names) == "ECE")
    // One transposition (two edits) and one deletion.
    #expect(closestMetricName(to: "roc_aCu", in: names) == "roc_auc")
    #expect(closestMetricName(to: "recal", in: names) == "recall")
    // Nothing within two edits.
    #expect(closestMetricName(to: "auroc", in: names) == nil)
}

@Test func editDistanceCounts() {
    #expect(editDistance("", "abc") == 3)
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(editDistance("pr_auc", "pr_auc") == 0)
}

@Test func unknownMetricMessage() {
    let error = MetricsError.unknownMetric(
        name: "pr_uac", task: "binary", validNames: ["pr_auc", "roc_auc"], suggestion: "pr_auc")

    #expect(error.description == "Unknown binary metric 'pr_uac'. Did you mean 'pr_auc'? Valid names: pr_auc, roc_auc.")
}

@Test func invalidValueMessagesNamePosition() {
    #expect(MetricsError.invalidLabel(index: 4, value: "2", expected: "0 or 1").description
        .hasPrefix("Invalid label 2 at yTrue[4]: expected 0 or 1."))
    #expect(MetricsError.nonFiniteProbability(row: 3, column: 1, value: "nan").description
        .hasPrefix("Invalid probability nan at yProb[3][1]"))
    #expect(MetricsError.nonFiniteProbability(row: 3, column: nil, value: "nan").description
        .hasPrefix("Invalid probability nan at yProb[3]:"))
}

// MARK: - Direction

@Test func metricDirections() {
    #expect(MetricDirection.forMetric("loss") == .minimize)
    #expect(MetricDirection.forMetric("ECE") == .minimize)
    #expect(MetricDirection.forMetric("ECE_adapt") == .minimize)
    #expect(MetricDirection.forMetric("cwECEt") == .minimize)
    #expect(MetricDirection.forMetric("brier_top1") == .minimize)
    #expect(MetricDirection.forMetric("pr_auc") == .maximize)
    #expect(MetricDirection.forMetric("f1_macro") == .maximize)
    #expect(MetricDirection.forMetric("cohen_kappa") == .maximize)
    #expect(MetricDirection.forMetric("auroc") == nil)
    #expect(MetricDirection.minimize.rawValue == "min")
}

@Test func everyMetricHasDirection() {
    for name in BinaryMetrics.supportedMetrics + MulticlassMetrics.supportedMetrics {
        #expect(MetricDirection.forMetric(name) != nil, "\(name)")
    }
}

@Test func improvementIsStrict() {
    #expect(MetricDirection.maximize.isImprovement(0.8, over: 0.7))
    #expect(!MetricDirection.maximize.isImprovement(0.7, over: 0.7))
    #expect(MetricDirection.minimize.isImprovement(0.1, over: 0.2))
    #expect(!MetricDirection.minimize.isImprovement(0.3, over: 0.2))
}
