import Testing

@testable import Metrics

/// Seven samples with a positive and a negative tied at 0.6.
///
///     index   0    1    2    3    4    5    6
///     yTrue   1    0    1    0    1    0    0
///     yProb  0.9  0.8  0.6  0.6  0.3  0.1  0.2
///     pred    1    1    1    1    0    0    0     (yProb >= 0.5)
///
/// TP = 2 (0, 2), FP = 2 (1, 3), FN = 1 (4), TN = 2 (5, 6); P = 3, N = 4.
private let tiedLabels = [1, 0, 1, 0, 1, 0, 0]
private let tiedProbabilities = [0.9, 0.8, 0.6, 0.6, 0.3, 0.1, 0.2]

@Test func binaryThresholdMetricsWithTies() throws {
    let report = try BinaryMetrics.compute(
        yTrue: tiedLabels, yProb: tiedProbabilities, metrics: BinaryMetrics.supportedMetrics)

    // (TP + TN) / n = (2 + 2) / 7
    expectClose(try definedValue("accuracy", in: report), 4.0 / 7, "accuracy")
    // TP / (TP + FP) = 2 / 4
    expectClose(try definedValue("precision", in: report), 0.5, "precision")
    // TP / (TP + FN) = 2 / 3
    expectClose(try definedValue("recall", in: report), 2.0 / 3, "recall")
    // 2·TP / (2·TP + FP + FN) = 4 / (4 + 2 + 1)
    expectClose(try definedValue("f1", in: report), 4.0 / 7, "f1")
    // TP / (TP + FP + FN) = 2 / 5
    expectClose(try definedValue("jaccard", in: report), 2.0 / 5, "jaccard")
    // (TPR + TNR) / 2 = (2/3 + 2/4) / 2 = 7/12
    expectClose(try definedValue("balanced_accuracy", in: report), 7.0 / 12, "balanced_accuracy")
    // Row sums r = (4, 3), column sums c = (3, 4), agreements 4:
    // (n·4 − Σ r·c) / (n² − Σ r·c) = (28 − 24) / (49 − 24) = 4/25
    expectClose(try definedValue("cohen_kappa", in: report), 4.0 / 25, "cohen_kappa")
}

@Test func binaryRankingMetricsWithTies() throws {
    let report = try BinaryMetrics.compute(
        yTrue: tiedLabels, yProb: tiedProbabilities, metrics: ["roc_auc", "pr_auc"])

    // Positive scores 0.9, 0.6, 0.3 against negatives 0.8, 0.6, 0.2, 0.1 (12 pairs):
    // 0.9 beats 4; 0.6 beats 0.2 and 0.1 and ties 0.6 (2.5); 0.3 beats 2. (4 + 2.5 + 2) / 12
    expectClose(try definedValue("roc_auc", in: report), 8.5 / 12, "roc_auc")

    // Descending distinct scores, cumulative (TP, FP), precision, recall step:
    // 0.9 (1, 0) P = 1   ΔR = 1/3
    // 0.8 (1, 1)         ΔR = 0
    // 0.6 (2, 2) P = 1/2 ΔR = 1/3   (the tie enters as one step)
    // 0.3 (3, 2) P = 3/5 ΔR = 1/3
    // AP = (1 + 1/2 + 3/5) / 3 = 0.7
    expectClose(try definedValue("pr_auc", in: report), 0.7, "pr_auc")
}

@Test func binaryCalibrationErrors() throws {
    let report = try BinaryMetrics.compute(
        yTrue: tiedLabels, yProb: tiedProbabilities, metrics: ["ECE", "ECE_adapt"])

    // Equal-width bins (k/20, (k+1)/20]; each score equal to an edge closes its bin:
    // 0.9 → (0.85, 0.9] |0.9 − 1| = 0.1;  0.8 → |0.8 − 0| = 0.8;
    // both 0.6 → (0.55, 0.6] conf 0.6, acc 1/2, gap 0.1, weight 2;
    // 0.3 → 0.7;  0.2 → 0.2;  0.1 → 0.1.
    // ECE = (0.1 + 0.8 + 2·0.1 + 0.7 + 0.2 + 0.1) / 7 = 2.1 / 7
    expectClose(try definedValue("ECE", in: report), 0.3, "ECE")

    // Equal-size bins with 7 < 20 samples: each sample is its own bin, so the tie splits:
    // (0.1 + 0.8 + |0.6 − 1| + |0.6 − 0| + 0.7 + 0.2 + 0.1) / 7 = 2.9 / 7
    expectClose(try definedValue("ECE_adapt", in: report), 2.9 / 7, "ECE_adapt")
}

@Test func binaryDefaultMetrics() throws {
    let report = try BinaryMetrics.compute(yTrue: tiedLabels, yProb: tiedProbabilities)

    #expect(report.names == ["pr_auc", "roc_auc", "f1"])
}

@Test func binaryThresholdIsInclusive() throws {
    // 0.5 >= 0.5 predicts positive, 0.49 does not: both correct.
    let atDefault = try BinaryMetrics.compute(yTrue: [1, 0], yProb: [0.5, 0.49], metrics: ["accuracy"])
    expectClose(try definedValue("accuracy", in: atDefault), 1.0)

    // At 0.3 both are predicted positive: 1 of 2 correct.
    let lowered = try BinaryMetrics.compute(
        yTrue: [1, 0], yProb: [0.5, 0.49], metrics: ["accuracy"], threshold: 0.3)
    expectClose(try definedValue("accuracy", in: lowered), 0.5)
}

@Test func binaryFloatInputsMatchDouble() throws {
    let names = ["roc_auc", "pr_auc", "accuracy", "f1", "cohen_kappa"]
    let expected = try BinaryMetrics.compute(yTrue: tiedLabels, yProb: tiedProbabilities, metrics: names)

    // Converting to Float keeps the order of the scores and their ties, so these metrics agree.
    let floatProbabilities = tiedProbabilities.map(Float.init)
    let fromIntAndFloat = try BinaryMetrics.compute(yTrue: tiedLabels, yProb: floatProbabilities, metrics: names)
    let fromFloats = try BinaryMetrics.compute(
        yTrue: tiedLabels.map(Float.init), yProb: floatProbabilities, metrics: names)
    let fromDoubles = try BinaryMetrics.compute(
        yTrue: tiedLabels.map(Double.init), yProb: tiedProbabilities, metrics: names)

    #expect(fromIntAndFloat == expected)
    #expect(fromFloats == expected)
    #expect(fromDoubles == expected)
}

// MARK: - Undefined values

@Test func binaryNegativeLabelsOnly() throws {
    // yTrue has no positives; 0.7 is a false positive. TP = 0, FP = 1, FN = 0, TN = 2.
    let report = try BinaryMetrics.compute(
        yTrue: [0, 0, 0], yProb: [0.2, 0.7, 0.4], metrics: BinaryMetrics.supportedMetrics)

    #expect(try undefinedReason("roc_auc", in: report).contains("no positive samples"))
    #expect(try undefinedReason("pr_auc", in: report).contains("no positive samples"))
    #expect(try undefinedReason("recall", in: report).contains("TP + FN is 0"))

    // TP / (TP + FP) = 0 / 1, a real zero.
    expectClose(try definedValue("precision", in: report), 0, "precision")
    // 2·0 / (0 + 1 + 0)
    expectClose(try definedValue("f1", in: report), 0, "f1")
    expectClose(try definedValue("jaccard", in: report), 0, "jaccard")
    // 2 of 3 correct.
    expectClose(try definedValue("accuracy", in: report), 2.0 / 3, "accuracy")
    // Only class 0 is in yTrue, so the mean recall is TNR = 2/3.
    expectClose(try definedValue("balanced_accuracy", in: report), 2.0 / 3, "balanced_accuracy")
    // r = (3, 0), c = (2, 1), agreements 2: (3·2 − 6) / (9 − 6) = 0
    expectClose(try definedValue("cohen_kappa", in: report), 0, "cohen_kappa")
}

@Test func binaryPositiveLabelsOnly() throws {
    let report = try BinaryMetrics.compute(yTrue: [1, 1], yProb: [0.9, 0.2], metrics: ["pr_auc", "roc_auc", "recall"])

    #expect(try undefinedReason("pr_auc", in: report).contains("no negative samples"))
    #expect(try undefinedReason("roc_auc", in: report).contains("no negative samples"))
    // TP = 1, FN = 1.
    expectClose(try definedValue("recall", in: report), 0.5, "recall")
}

@Test func binaryNothingPositive() throws {
    // No positive labels and no positive predictions: every positive-class ratio is 0/0, and
    // labels and predictions agree on one class, so kappa is 0/0 too.
    let report = try BinaryMetrics.compute(
        yTrue: [0, 0], yProb: [0.1, 0.2], metrics: ["f1", "precision", "recall", "jaccard", "cohen_kappa", "accuracy"])

    #expect(try undefinedReason("f1", in: report).contains("TP + FP + FN is 0"))
    #expect(try undefinedReason("precision", in: report).contains("TP + FP is 0"))
    #expect(try undefinedReason("recall", in: report).contains("TP + FN is 0"))
    #expect(try undefinedReason("jaccard", in: report).contains("TP + FP + FN is 0"))
    #expect(try undefinedReason("cohen_kappa", in: report).contains("kappa is 0/0"))
    expectClose(try definedValue("accuracy", in: report), 1, "accuracy")
}

@Test func binaryNoPredictedPositives() throws {
    // TP = 0, FP = 0, FN = 1, TN = 1: precision is 0/0 but F1 = 0 / (0 + 0 + 1) is defined.
    let report = try BinaryMetrics.compute(yTrue: [1, 0], yProb: [0.2, 0.1], metrics: ["precision", "recall", "f1"])

    #expect(try undefinedReason("precision", in: report).contains("TP + FP is 0"))
    expectClose(try definedValue("recall", in: report), 0, "recall")
    expectClose(try definedValue("f1", in: report), 0, "f1")
}

@Test func binaryEmptyInput() throws {
    let report = try BinaryMetrics.compute(yTrue: [Int](), yProb: [Double](), metrics: BinaryMetrics.supportedMetrics)

    #expect(report.names == BinaryMetrics.supportedMetrics)
    for entry in report.entries {
        #expect(entry.value == .undefined(reason: "no samples"), "\(entry.name)")
    }
}

// MARK: - Errors

@Test func binaryUnknownMetricSuggestsName() {
    #expect(throws: MetricsError.unknownMetric(
        name: "pr_uac", task: "binary", validNames: BinaryMetrics.supportedMetrics, suggestion: "pr_auc")
    ) {
        try BinaryMetrics.compute(yTrue: [1, 0], yProb: [0.9, 0.1], metrics: ["accuracy", "pr_uac"])
    }
}

@Test func binaryUnknownMetricCheckedFirst() {
    let unknown = MetricsError.unknownMetric(
        name: "auroc", task: "binary", validNames: BinaryMetrics.supportedMetrics, suggestion: nil)

    // The name is rejected before the sample counts are compared and before the labels are read.
    #expect(throws: unknown) {
        try BinaryMetrics.compute(yTrue: [1, 0, 1], yProb: [0.9], metrics: ["auroc"])
    }
    #expect(throws: unknown) {
        try BinaryMetrics.compute(yTrue: [1, 7], yProb: [0.9, 0.1], metrics: ["auroc"])
    }
}

@Test func binaryInvalidInputs() {
    #expect(throws: MetricsError.sampleCountMismatch(yTrueCount: 3, yProbCount: 2)) {
        try BinaryMetrics.compute(yTrue: [1, 0, 1], yProb: [0.9, 0.1])
    }
    #expect(throws: MetricsError.invalidLabel(index: 1, value: "2", expected: "0 or 1")) {
        try BinaryMetrics.compute(yTrue: [1, 2], yProb: [0.9, 0.1])
    }
    #expect(throws: MetricsError.invalidLabel(index: 0, value: "0.5", expected: "0 or 1")) {
        try BinaryMetrics.compute(yTrue: [0.5, 1.0], yProb: [0.9, 0.1])
    }
    #expect(throws: MetricsError.nonFiniteProbability(row: 1, column: nil, value: "nan")) {
        try BinaryMetrics.compute(yTrue: [1, 0], yProb: [0.9, Double.nan])
    }
    #expect(throws: MetricsError.nonFiniteThreshold(.infinity)) {
        try BinaryMetrics.compute(yTrue: [1, 0], yProb: [0.9, 0.1], threshold: .infinity)
    }
}
