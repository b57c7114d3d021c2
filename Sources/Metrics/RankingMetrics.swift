/// Positive and negative counts of the samples that share one score.
struct TieGroup: Equatable {
    var positives: Int
    var negatives: Int
}

/// Groups samples by distinct score, highest score first, in O(n log n).
///
/// Both ranking metrics walk these groups as the decision threshold drops through each distinct
/// score, which is how scikit-learn builds its ROC and precision-recall curves.
func tieGroupsByDescendingScore(scores: [Double], isPositive: [Bool]) -> [TieGroup] {
    var pairs = [(score: Double, isPositive: Bool)]()
    pairs.reserveCapacity(scores.count)
    for index in scores.indices {
        pairs.append((scores[index], isPositive[index]))
    }
    pairs.sort { $0.score > $1.score }

    var groups: [TieGroup] = []
    var index = 0
    while index < pairs.count {
        let score = pairs[index].score
        var group = TieGroup(positives: 0, negatives: 0)
        while index < pairs.count, pairs[index].score == score {
            if pairs[index].isPositive {
                group.positives += 1
            } else {
                group.negatives += 1
            }
            index += 1
        }
        groups.append(group)
    }
    return groups
}

/// Computes the area under the ROC curve: the probability that a random positive scores above a random
/// negative, with a tie counting one half (the Mann-Whitney U statistic divided by P·N).
///
/// This equals the trapezoidal area under scikit-learn's `roc_curve`, which has one point per
/// distinct score. Undefined unless both classes are present.
func rocAUC(tieGroups groups: [TieGroup]) -> MetricValue {
    let positives = groups.reduce(0) { $0 + $1.positives }
    let negatives = groups.reduce(0) { $0 + $1.negatives }
    if let reason = singleClassReason(positives: positives, negatives: negatives, metric: "ROC AUC") {
        return .undefined(reason: reason)
    }

    // Counting in halves keeps the sum an exact integer: each positive gains 2 per negative
    // ranked strictly below it and 1 per negative tied with it.
    var negativesBelow = 0
    var twiceWins = 0
    for group in groups.reversed() {
        twiceWins += 2 * group.positives * negativesBelow + group.positives * group.negatives
        negativesBelow += group.negatives
    }
    return .value(Double(twiceWins) / (2.0 * Double(positives) * Double(negatives)))
}

/// Computes average precision as scikit-learn's `average_precision_score` does:
/// AP = Σₙ (Rₙ − Rₙ₋₁) · Pₙ over the distinct scores in descending order, a step function with
/// no interpolation between points.
///
/// Undefined when `yTrue` contains one class. With no positives recall is 0/0 (scikit-learn
/// 1.9.1 returns 0 with a warning there). With no negatives every precision is 1, so AP is 1 for
/// any scores and measures nothing about the ranking, but scikit-learn returns that 1.
func averagePrecision(tieGroups groups: [TieGroup]) -> MetricValue {
    let positives = groups.reduce(0) { $0 + $1.positives }
    let negatives = groups.reduce(0) { $0 + $1.negatives }
    let metric = "average precision (pr_auc)"
    if let reason = singleClassReason(positives: positives, negatives: negatives, metric: metric) {
        return .undefined(reason: reason)
    }

    var truePositives = 0
    var falsePositives = 0
    var sum = 0.0
    for group in groups {
        truePositives += group.positives
        falsePositives += group.negatives

        // A group without positives leaves recall unchanged, so its step has zero width.
        if group.positives > 0 {
            let recallStep = Double(group.positives) / Double(positives)
            let precision = Double(truePositives) / Double(truePositives + falsePositives)
            sum += recallStep * precision
        }
    }
    return .value(sum)
}

/// Returns why a ranking metric is undefined when the labels hold a single class, else nil.
func singleClassReason(positives: Int, negatives: Int, metric: String) -> String? {
    if positives == 0 && negatives == 0 {
        return "no samples"
    }
    if positives == 0 {
        return "yTrue has no positive samples (\(negatives) negatives), but \(metric) needs both classes"
    }
    if negatives == 0 {
        return "yTrue has no negative samples (\(positives) positives), but \(metric) needs both classes"
    }
    return nil
}
