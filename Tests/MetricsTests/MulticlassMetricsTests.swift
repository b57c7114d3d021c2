import Testing

@testable import Metrics

/// Seven samples over three classes, with an argmax tie (row 1) and tied scores in every column.
///
///     row  yTrue  yProb              argmax  correct  top probability
///     0    0      0.7  0.2  0.1      0       yes      0.7
///     1    0      0.4  0.4  0.2      0       yes      0.4   (tie: the first maximum wins)
///     2    1      0.3  0.5  0.2      1       yes      0.5
///     3    1      0.5  0.3  0.2      0       no       0.5
///     4    2      0.2  0.2  0.6      2       yes      0.6
///     5    2      0.1  0.5  0.4      1       no       0.5
///     6    0      0.6  0.3  0.1      0       yes      0.6
///
/// Confusion matrix (rows true, columns predicted): [3 0 0; 1 1 0; 0 1 1].
/// Per class: TP = (3, 1, 1), FP = (1, 1, 0), FN = (0, 1, 1); support = (3, 2, 2); predicted = (4, 2, 1).
private let labels = [0, 0, 1, 1, 2, 2, 0]
private let probabilities: [[Double]] = [
    [0.7, 0.2, 0.1],
    [0.4, 0.4, 0.2],
    [0.3, 0.5, 0.2],
    [0.5, 0.3, 0.2],
    [0.2, 0.2, 0.6],
    [0.1, 0.5, 0.4],
    [0.6, 0.3, 0.1],
]

@Test func multiclassThresholdMetrics() throws {
    let report = try MulticlassMetrics.compute(
        yTrue: labels, yProb: probabilities, metrics: MulticlassMetrics.supportedMetrics)

    // 5 of 7 argmax predictions are correct.
    expectClose(try definedValue("accuracy", in: report), 5.0 / 7, "accuracy")
    // Recall per class 3/3, 1/2, 1/2; mean 2/3.
    expectClose(try definedValue("balanced_accuracy", in: report), 2.0 / 3, "balanced_accuracy")

    // F1 per class 2·TP / (2·TP + FP + FN): 6/7, 2/4, 2/3.
    // macro (6/7 + 1/2 + 2/3) / 3 = 85/126; weighted (3·6/7 + 2·1/2 + 2·2/3) / 7 = 103/147;
    // micro 2·5 / (2·5 + 2 + 2) = 5/7.
    expectClose(try definedValue("f1_macro", in: report), 85.0 / 126, "f1_macro")
    expectClose(try definedValue("f1_weighted", in: report), 103.0 / 147, "f1_weighted")
    expectClose(try definedValue("f1_micro", in: report), 5.0 / 7, "f1_micro")

    // Jaccard per class TP / (TP + FP + FN): 3/4, 1/3, 1/2.
    // macro (3/4 + 1/3 + 1/2) / 3 = 19/36; weighted (3·3/4 + 2·1/3 + 2·1/2) / 7 = 47/84;
    // micro 5 / (5 + 2 + 2) = 5/9.
    expectClose(try definedValue("jaccard_macro", in: report), 19.0 / 36, "jaccard_macro")
    expectClose(try definedValue("jaccard_weighted", in: report), 47.0 / 84, "jaccard_weighted")
    expectClose(try definedValue("jaccard_micro", in: report), 5.0 / 9, "jaccard_micro")

    // Row sums r = (3, 2, 2), column sums c = (4, 2, 1), Σ r·c = 12 + 4 + 2 = 18, agreements 5:
    // (7·5 − 18) / (49 − 18) = 17/31
    expectClose(try definedValue("cohen_kappa", in: report), 17.0 / 31, "cohen_kappa")
}

@Test func multiclassOneVsRestROCAUC() throws {
    let report = try MulticlassMetrics.compute(
        yTrue: labels, yProb: probabilities, metrics: ["roc_auc_macro_ovr", "roc_auc_weighted_ovr"])

    // Class 0, column 0: positives 0.7, 0.4, 0.6 vs negatives 0.3, 0.5, 0.2, 0.1.
    //   0.7 beats 4, 0.4 beats 3, 0.6 beats 4: 11/12.
    // Class 1, column 1: positives 0.5, 0.3 vs negatives 0.2, 0.4, 0.2, 0.5, 0.3.
    //   0.5 beats 4 and ties 1 (4.5), 0.3 beats 2 and ties 1 (2.5): 7/10.
    // Class 2, column 2: positives 0.6, 0.4 vs negatives 0.1, 0.2, 0.2, 0.2, 0.1: 10/10.
    // macro (11/12 + 7/10 + 1) / 3 = 157/180; weighted (3·11/12 + 2·7/10 + 2·1) / 7 = 123/140.
    expectClose(try definedValue("roc_auc_macro_ovr", in: report), 157.0 / 180, "macro ovr")
    expectClose(try definedValue("roc_auc_weighted_ovr", in: report), 123.0 / 140, "weighted ovr")
}

@Test func multiclassOneVsOneROCAUC() throws {
    let report = try MulticlassMetrics.compute(
        yTrue: labels, yProb: probabilities, metrics: ["roc_auc_macro_ovo", "roc_auc_weighted_ovo"])

    // Pair (0, 1), rows 0, 1, 6 and 2, 3:
    //   A(0|1) column 0: 0.7, 0.4, 0.6 vs 0.3, 0.5 → 2 + 1 + 2 = 5/6
    //   A(1|0) column 1: 0.5, 0.3 vs 0.2, 0.4, 0.3 → 3 + 1.5 = 4.5/6
    //   pair (5/6 + 3/4) / 2 = 19/24
    // Pair (0, 2), rows 0, 1, 6 and 4, 5: both directions separate perfectly, pair 1.
    // Pair (1, 2), rows 2, 3 and 4, 5:
    //   A(1|2) column 1: 0.5, 0.3 vs 0.2, 0.5 → 1.5 + 1 = 2.5/4
    //   A(2|1) column 2: 0.6, 0.4 vs 0.2, 0.2 → 4/4
    //   pair (5/8 + 1) / 2 = 13/16
    // macro (19/24 + 1 + 13/16) / 3 = 125/144.
    // weighted by the share of samples in each pair (5/7, 5/7, 4/7):
    //   (5·19/24 + 5·1 + 4·13/16) / 14 = 293/336.
    expectClose(try definedValue("roc_auc_macro_ovo", in: report), 125.0 / 144, "macro ovo")
    expectClose(try definedValue("roc_auc_weighted_ovo", in: report), 293.0 / 336, "weighted ovo")
}

@Test func multiclassCalibration() throws {
    let report = try MulticlassMetrics.compute(
        yTrue: labels, yProb: probabilities,
        metrics: ["brier_top1", "ECE", "ECE_adapt", "cwECEt", "cwECEt_adapt"])

    // Top probability minus correctness, squared: 0.09, 0.36, 0.25, 0.25, 0.16, 0.25, 0.16; sum 1.52.
    expectClose(try definedValue("brier_top1", in: report), 1.52 / 7, "brier_top1")

    // Top probabilities in equal-width bins: 0.4 (correct) gap 0.6; the three 0.5s share
    // (0.45, 0.5] with accuracy 1/3, gap 1/6 each; 0.6 twice (correct) gap 0.4 each; 0.7 gap 0.3.
    // (0.6 + 3/6 + 0.8 + 0.3) / 7 = 2.2 / 7
    expectClose(try definedValue("ECE", in: report), 2.2 / 7, "ECE")

    // Equal-size bins of one sample each: |conf − correct| = 0.3, 0.6, 0.5, 0.5, 0.4, 0.5, 0.4.
    expectClose(try definedValue("ECE_adapt", in: report), 3.2 / 7, "ECE_adapt")

    // Classwise, threshold min(0.01, 1/3) keeps every probability. Per class, column k against
    // "label is k" in equal-width bins:
    //   class 0: all seven in separate bins, Σ|p − y| = .3 + .6 + .3 + .5 + .2 + .1 + .4 = 2.4
    //   class 1: 0.2 ×2 (y 0, 0) gap 0.2·2; 0.4 (y 0) 0.4; 0.5 ×2 (y 1, 0) gap 0;
    //            0.3 ×2 (y 1, 0) gap 0.2·2. Sum 1.2
    //   class 2: 0.1 ×2 (y 0) 0.2; 0.2 ×3 (y 0) 0.6; 0.6 (y 1) 0.4; 0.4 (y 1) 0.6. Sum 1.8
    // cwECEt = mean of (2.4, 1.2, 1.8) / 7 = 5.4 / 21.
    expectClose(try definedValue("cwECEt", in: report), 5.4 / 21, "cwECEt")

    // One sample per bin, Σ|p − y| per class: 2.4; .2 + .4 + .5 + .7 + .2 + .5 + .3 = 2.8;
    // .1 + .2 + .2 + .2 + .4 + .6 + .1 = 1.8. Mean (2.4 + 2.8 + 1.8) / 21 = 1/3.
    expectClose(try definedValue("cwECEt_adapt", in: report), 1.0 / 3, "cwECEt_adapt")
}

@Test func multiclassDefaultMetrics() throws {
    let report = try MulticlassMetrics.compute(yTrue: labels, yProb: probabilities)

    #expect(report.names == ["accuracy", "f1_macro", "f1_micro"])
}

@Test func multiclassFlatInputMatchesRows() throws {
    let names = MulticlassMetrics.supportedMetrics
    let expected = try MulticlassMetrics.compute(yTrue: labels, yProb: probabilities, metrics: names)

    let flat = try MulticlassMetrics.compute(
        yTrue: labels, yProb: probabilities.flatMap { $0 }, classCount: 3, metrics: names)
    #expect(flat == expected)

    // Float rows keep every order and tie, so the rank and argmax metrics agree exactly.
    let rankNames = ["accuracy", "f1_macro", "roc_auc_macro_ovr", "roc_auc_weighted_ovo", "cohen_kappa"]
    let fromDoubles = try MulticlassMetrics.compute(yTrue: labels, yProb: probabilities, metrics: rankNames)
    let floatRows = probabilities.map { $0.map(Float.init) }
    #expect(try MulticlassMetrics.compute(yTrue: labels, yProb: floatRows, metrics: rankNames) == fromDoubles)
    #expect(
        try MulticlassMetrics.compute(
            yTrue: labels, yProb: floatRows.flatMap { $0 }, classCount: 3, metrics: rankNames) == fromDoubles)
}

// MARK: - Classes missing from the data

@Test func multiclassAbsentClassLeftOutOfAverages() throws {
    // Class 2 is neither a label nor a prediction:
    //   row  yTrue  argmax
    //   0    0      0
    //   1    1      1
    //   2    0      1
    //   3    1      1
    // Class 0: TP 1, FP 0, FN 1 → F1 2/3. Class 1: TP 2, FP 1, FN 0 → F1 4/5.
    // macro over the present classes (2/3 + 4/5) / 2 = 11/15, as scikit-learn without `labels`.
    let report = try MulticlassMetrics.compute(
        yTrue: [0, 1, 0, 1],
        yProb: [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.6, 0.1], [0.1, 0.8, 0.1]],
        metrics: ["f1_macro", "roc_auc_macro_ovr", "roc_auc_weighted_ovo"])

    expectClose(try definedValue("f1_macro", in: report), 11.0 / 15, "f1_macro")
    #expect(try undefinedReason("roc_auc_macro_ovr", in: report).contains("no samples of class 2"))
    #expect(try undefinedReason("roc_auc_weighted_ovo", in: report).contains("no samples of class 2"))
}

@Test func multiclassROCAUCNeedsProbabilities() throws {
    // Row 1 sums to 1.5, so the scores are not probabilities; argmax metrics still work.
    let report = try MulticlassMetrics.compute(
        yTrue: [0, 1, 2], yProb: [[0.8, 0.1, 0.1], [0.5, 0.5, 0.5], [0.1, 0.1, 0.8]],
        metrics: ["roc_auc_macro_ovr", "roc_auc_macro_ovo", "accuracy"])

    #expect(try undefinedReason("roc_auc_macro_ovr", in: report).contains("yProb[1] sums to 1.5"))
    #expect(try undefinedReason("roc_auc_macro_ovo", in: report).contains("yProb[1] sums to 1.5"))
    // Row 1 ties three ways, so argmax is 0: 2 of 3 correct.
    expectClose(try definedValue("accuracy", in: report), 2.0 / 3, "accuracy")
}

@Test func multiclassTwoClassROCAUC() throws {
    // Column 1 for "label is 1": positives 0.7, 0.4 vs negatives 0.5, 0.2 → 2 + 1 = 3/4.
    // Column 0 for "label is 0": positives 0.5, 0.8 vs negatives 0.3, 0.6 → 1 + 2 = 3/4.
    // With one pair, one-vs-one is the same mean (3/4 + 3/4) / 2.
    let report = try MulticlassMetrics.compute(
        yTrue: [0, 1, 1, 0], yProb: [[0.5, 0.5], [0.3, 0.7], [0.6, 0.4], [0.8, 0.2]],
        metrics: ["roc_auc_macro_ovr", "roc_auc_weighted_ovo"])

    expectClose(try definedValue("roc_auc_macro_ovr", in: report), 0.75, "macro ovr")
    expectClose(try definedValue("roc_auc_weighted_ovo", in: report), 0.75, "weighted ovo")
}

@Test func multiclassSingleClassKappaUndefined() throws {
    let report = try MulticlassMetrics.compute(
        yTrue: [0, 0], yProb: [[0.9, 0.05, 0.05], [0.6, 0.3, 0.1]], metrics: ["cohen_kappa", "f1_macro"])

    #expect(try undefinedReason("cohen_kappa", in: report).contains("kappa is 0/0"))
    // Class 0 is the only present class, with TP 2, FP 0, FN 0.
    expectClose(try definedValue("f1_macro", in: report), 1, "f1_macro")
}

@Test func multiclassClasswiseECEWithNothingKept() throws {
    // Every probability is below min(0.01, 1/3), so no class keeps a sample.
    let report = try MulticlassMetrics.compute(
        yTrue: [0, 1], yProb: [[0.001, 0.002, 0.003], [0.003, 0.002, 0.001]], metrics: ["cwECEt"])

    #expect(try undefinedReason("cwECEt", in: report).contains("threshold 0.01"))
}

@Test func multiclassEmptyInput() throws {
    let report = try MulticlassMetrics.compute(
        yTrue: [], yProb: [Double](), classCount: 3, metrics: MulticlassMetrics.supportedMetrics)

    for entry in report.entries {
        #expect(entry.value == .undefined(reason: "no samples"), "\(entry.name)")
    }
}

// MARK: - Errors

@Test func multiclassUnknownMetric() {
    #expect(throws: MetricsError.unknownMetric(
        name: "f1_macr", task: "multiclass", validNames: MulticlassMetrics.supportedMetrics, suggestion: "f1_macro")
    ) {
        try MulticlassMetrics.compute(yTrue: labels, yProb: probabilities, metrics: ["f1_macr"])
    }
    // pr_auc is a binary metric only.
    #expect(throws: MetricsError.self) {
        try MulticlassMetrics.compute(yTrue: labels, yProb: probabilities, metrics: ["pr_auc"])
    }
}

@Test func multiclassUnknownMetricCheckedFirst() {
    // The name is rejected before the ragged second row is reached.
    #expect(throws: MetricsError.unknownMetric(
        name: "auroc", task: "multiclass", validNames: MulticlassMetrics.supportedMetrics, suggestion: nil)
    ) {
        try MulticlassMetrics.compute(yTrue: [0, 1], yProb: [[0.2, 0.8], [1.0]], metrics: ["auroc"])
    }
}

@Test func multiclassInvalidShapes() {
    #expect(throws: MetricsError.raggedProbabilityRow(row: 1, count: 2, expected: 3)) {
        try MulticlassMetrics.compute(yTrue: [0, 1], yProb: [[0.2, 0.3, 0.5], [0.5, 0.5]])
    }
    #expect(throws: MetricsError.flatProbabilityCount(count: 5, classCount: 3)) {
        try MulticlassMetrics.compute(yTrue: [0, 1], yProb: [0.2, 0.3, 0.5, 0.5, 0.5], classCount: 3)
    }
    #expect(throws: MetricsError.tooFewClasses(1)) {
        try MulticlassMetrics.compute(yTrue: [0, 0], yProb: [[1.0], [1.0]])
    }
    #expect(throws: MetricsError.sampleCountMismatch(yTrueCount: 3, yProbCount: 2)) {
        try MulticlassMetrics.compute(yTrue: [0, 1, 2], yProb: [[0.2, 0.8], [0.5, 0.5]])
    }
}

@Test func multiclassInvalidValues() {
    #expect(throws: MetricsError.invalidLabel(index: 1, value: "3", expected: "a class index in 0..<3")) {
        try MulticlassMetrics.compute(yTrue: [0, 3], yProb: [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]])
    }
    #expect(throws: MetricsError.invalidLabel(index: 0, value: "-1", expected: "a class index in 0..<3")) {
        try MulticlassMetrics.compute(yTrue: [-1, 0], yProb: [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]])
    }
    #expect(throws: MetricsError.nonFiniteProbability(row: 1, column: 2, value: "inf")) {
        try MulticlassMetrics.compute(yTrue: [0, 1], yProb: [[0.2, 0.3, 0.5], [0.5, 0.25, Double.infinity]])
    }
    #expect(throws: MetricsError.nonFiniteProbability(row: 1, column: 0, value: "nan")) {
        try MulticlassMetrics.compute(yTrue: [0, 1], yProb: [0.5, 0.5, Float.nan, 0.5], classCount: 2)
    }
}
