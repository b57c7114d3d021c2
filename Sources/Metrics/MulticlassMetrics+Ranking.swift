/// Per-class ROC AUCs behind the four multiclass ROC metrics, computed with one sort per column.
struct MulticlassROCAUCs {
    /// `oneVsRest[c]`: ROC AUC of "label is c" scored by column c, over all samples.
    let oneVsRest: [Double]

    /// `pairwise[a][b]` (a ≠ b): ROC AUC of "label is a" scored by column a, over the samples
    /// labelled a or b. Hand & Till's A(a|b).
    let pairwise: [[Double]]

    /// Sorts each column once and derives all of its AUCs from one walk, so the cost is
    /// O(K · n log n) whichever of the four metrics are requested.
    ///
    /// Every class must have samples, which the caller checks.
    init(labels: [Int], probabilities: ProbabilityMatrix, classCounts: [Int]) {
        let classCount = probabilities.classCount
        var oneVsRest = [Double](repeating: 0, count: classCount)
        var pairwise = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)

        var column = [(score: Double, label: Int)]()
        column.reserveCapacity(labels.count)
        for positiveClass in 0..<classCount {
            column.removeAll(keepingCapacity: true)
            for row in labels.indices {
                column.append((probabilities[row, positiveClass], labels[row]))
            }
            column.sort { $0.score > $1.score }
            let twiceWins = Self.twiceWinsByClass(
                descendingColumn: column, positiveClass: positiveClass, classCount: classCount)

            let positives = Double(classCounts[positiveClass])
            for negativeClass in 0..<classCount where negativeClass != positiveClass {
                pairwise[positiveClass][negativeClass] =
                    Double(twiceWins[negativeClass]) / (2 * positives * Double(classCounts[negativeClass]))
            }
            let negatives = Double(labels.count) - positives
            oneVsRest[positiveClass] = Double(twiceWins.reduce(0, +)) / (2 * positives * negatives)
        }

        self.oneVsRest = oneVsRest
        self.pairwise = pairwise
    }

    /// Returns, per class b, twice the Mann-Whitney count of `positiveClass` samples beating
    /// class-b samples in a column sorted by descending score.
    ///
    /// A class-b sample gains 2 for every positive scored strictly above it and 1 for every
    /// positive tied with it. Dividing by 2·n_c·n_b gives A(c|b), and the sum over all b divided
    /// by 2·n_c·(n − n_c) gives the one-vs-rest AUC of c.
    private static func twiceWinsByClass(
        descendingColumn column: [(score: Double, label: Int)], positiveClass: Int, classCount: Int
    ) -> [Int] {
        var twiceWins = [Int](repeating: 0, count: classCount)
        var positivesAbove = 0
        var groupStart = 0
        while groupStart < column.count {
            // The tie group's positives must be counted before its other samples are credited.
            let score = column[groupStart].score
            var groupEnd = groupStart
            var positivesInGroup = 0
            while groupEnd < column.count, column[groupEnd].score == score {
                if column[groupEnd].label == positiveClass {
                    positivesInGroup += 1
                }
                groupEnd += 1
            }

            for index in groupStart..<groupEnd where column[index].label != positiveClass {
                twiceWins[column[index].label] += 2 * positivesAbove + positivesInGroup
            }
            positivesAbove += positivesInGroup
            groupStart = groupEnd
        }
        return twiceWins
    }
}

extension MulticlassEvaluation {
    /// Computes one-vs-rest ROC AUC: class c against all others, scored by column c of `yProb`, then
    /// averaged plainly or by each class's count in `yTrue` (scikit-learn's `multi_class="ovr"`).
    func oneVsRestROCAUC(weighted: Bool) -> MetricValue {
        guard let aucs = rocAUCs else {
            return .undefined(reason: multiclassROCAUCUndefinedReason() ?? "ROC AUC was not requested")
        }

        var weightedSum = 0.0
        var weightTotal = 0.0
        for label in 0..<probabilities.classCount {
            let weight = weighted ? Double(confusion.trueCounts[label]) : 1
            weightedSum += weight * aucs.oneVsRest[label]
            weightTotal += weight
        }
        return .value(weightedSum / weightTotal)
    }

    /// Computes the one-vs-one ROC AUC of Hand & Till, "A Simple Generalisation of the Area Under the ROC Curve
    /// for Multiple Class Classification Problems" (Machine Learning 45, 2001), as scikit-learn's
    /// `multi_class="ovo"` computes it.
    ///
    /// Each pair a < b scores (A(a|b) + A(b|a)) / 2, where A(a|b) is the ROC AUC of "label is a"
    /// scored by column a over the samples labelled a or b. Macro averages the pairs plainly;
    /// weighted averages them by the fraction of all samples that are labelled a or b.
    func oneVsOneROCAUC(weighted: Bool) -> MetricValue {
        guard let aucs = rocAUCs else {
            return .undefined(reason: multiclassROCAUCUndefinedReason() ?? "ROC AUC was not requested")
        }

        var weightedSum = 0.0
        var weightTotal = 0.0
        for first in 0..<probabilities.classCount {
            for second in (first + 1)..<probabilities.classCount {
                let pairCount = confusion.trueCounts[first] + confusion.trueCounts[second]
                let weight = weighted ? Double(pairCount) / Double(labels.count) : 1
                weightedSum += weight * (aucs.pairwise[first][second] + aucs.pairwise[second][first]) / 2
                weightTotal += weight
            }
        }
        return .value(weightedSum / weightTotal)
    }

    /// Returns why multiclass ROC AUC is undefined, or nil when it is defined.
    ///
    /// scikit-learn 1.9.1 raises unless every column of `yProb` has samples in `yTrue` and each
    /// row sums to 1 (`np.allclose`: |1 − s| ≤ 1e-8 + 1e-5·|s|). Both conditions are kept here.
    /// It also raises for K = 2, because it then treats the labels as binary and expects one
    /// score column. Here K = 2 is computed like any K, and both averages equal the binary ROC
    /// AUC of column 1 when rows sum to 1.
    func multiclassROCAUCUndefinedReason() -> String? {
        guard !labels.isEmpty else { return "no samples" }

        let missing = (0..<probabilities.classCount).filter { confusion.trueCounts[$0] == 0 }
        if !missing.isEmpty {
            let classList = missing.map(String.init).joined(separator: ", ")
            return "yTrue has no samples of class \(classList) but yProb has \(probabilities.classCount) columns, "
                + "but multiclass ROC AUC needs every class present"
        }

        for row in 0..<probabilities.rowCount {
            let sum = probabilities.row(row).reduce(0, +)
            if abs(1 - sum) > 1e-8 + 1e-5 * abs(sum) {
                return "yProb[\(row)] sums to \(sum), not 1, "
                    + "but multiclass ROC AUC needs probabilities such as softmax output"
            }
        }
        return nil
    }
}
