import Autograd
import Testing

// Finite-difference checks of every operation's backward step (GradientCheck: central differences in
// Double over Float32 outputs, eps 1e-2, tolerance 1e-3 + 1e-2 relative unless stated).

@Suite("Operation gradients")
struct OperationGradientTests {
    @Test func addSameShape() {
        let a = leaf([2, 3], seed: 1), b = leaf([2, 3], seed: 2)
        let result = GradientCheck.check({ a + b }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func addRowVectorBroadcast() {
        let a = leaf([2, 3, 4], seed: 1), b = leaf([4], seed: 2)
        let result = GradientCheck.check({ a + b }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func subtractBothSidesBroadcast() {
        // [3, 1] against [1, 4]: each operand repeats along a different axis.
        let a = leaf([3, 1], seed: 3), b = leaf([1, 4], seed: 4)
        let result = GradientCheck.check({ a - b }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func multiplyColumnBroadcast() {
        // RETAIN's α [batch, time, 1] times x [batch, time, features].
        let a = leaf([2, 3, 1], seed: 5), b = leaf([2, 3, 4], seed: 6)
        let result = GradientCheck.check({ a * b }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func divideMiddleAxisBroadcast() {
        let a = leaf([2, 3, 4], seed: 7), b = leaf([2, 1, 4], seed: 8, in: 0.5...2)
        let result = GradientCheck.check({ a / b }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func scalarOperators() {
        let a = leaf([3, 2], seed: 9, in: 0.5...2)
        let result = GradientCheck.check({ (2 - a) * 3 + 1 / a - a / 4 + (-a) }, withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func matmulPlain() {
        let a = leaf([3, 4], seed: 10), b = leaf([4, 5], seed: 11)
        let result = GradientCheck.check({ Tensor.matmul(a, b) }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func matmulSharedWeightTransposed() {
        // x [batch, time, in] · Wᵀ with W [out, in], as in Linear.
        let x = leaf([2, 3, 4], seed: 12), w = leaf([5, 4], seed: 13)
        let result = GradientCheck.check({ Tensor.matmul(x, w, transposeB: true) }, withRespectTo: [x, w])
        #expect(result.passed, "\(result)")
    }

    @Test func matmulBatchedTransposes() {
        let a = leaf([2, 4, 3], seed: 14), b = leaf([2, 5, 4], seed: 15)
        let result = GradientCheck.check(
            { Tensor.matmul(a, b, transposeA: true, transposeB: true) }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func matmulSharedWeightTransposedLeft() {
        let a = leaf([2, 4, 3], seed: 16), b = leaf([4, 2], seed: 17)
        let result = GradientCheck.check({ Tensor.matmul(a, b, transposeA: true) }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func transposeAndPermute() {
        let a = leaf([2, 3, 4, 2], seed: 18)
        let transposed = GradientCheck.check({ a.transposed() }, withRespectTo: [a])
        #expect(transposed.passed, "\(transposed)")
        let permuted = GradientCheck.check({ a.permuted([0, 2, 1, 3]) }, withRespectTo: [a])
        #expect(permuted.passed, "\(permuted)")
    }

    @Test func reshapeAndSqueeze() {
        let a = leaf([2, 6], seed: 19)
        let result = GradientCheck.check(
            { a.reshaped([3, -1]).unsqueezed(axis: 1).squeezed(axis: 1) * a.reshaped([3, 4]) },
            withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func concatMiddleAxis() {
        let a = leaf([2, 1, 3], seed: 20), b = leaf([2, 2, 3], seed: 21)
        let result = GradientCheck.check({ Tensor.concat([a, b, a], axis: 1) }, withRespectTo: [a, b])
        #expect(result.passed, "\(result)")
    }

    @Test func sliceSplitSelect() {
        let a = leaf([2, 5, 3], seed: 22)
        let result = GradientCheck.check(
            {
                let pieces = a.split(sizes: [2, 3], axis: 1)
                return pieces[0].sum(axis: 1) * pieces[1].select(axis: 1, index: 2) + a.slice(axis: -1, range: 1..<2).sum(axis: 1)
            },
            withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func sumAndMeanAlongAxes() {
        let a = leaf([2, 3, 4], seed: 23)
        for axis in [0, 1, -1] {
            let summed = GradientCheck.check({ a.sum(axis: axis, keepingAxis: axis == 1) }, withRespectTo: [a])
            #expect(summed.passed, "axis \(axis): \(summed)")
            let averaged = GradientCheck.check({ a.mean(axis: axis) }, withRespectTo: [a])
            #expect(averaged.passed, "axis \(axis): \(averaged)")
        }
        let total = GradientCheck.check({ a.sum() + a.mean() }, withRespectTo: [a])
        #expect(total.passed, "\(total)")
    }

    @Test func maxAlongAxis() {
        // Distinct values (a permutation of steps of 0.1) keep every maximum at least 2·eps from the runner-up.
        let values: [Float] = [3, 11, 0, 7, 5, 9, 1, 10, 4, 8, 2, 6].map { $0 / 10 }
        let a = Tensor(shape: [3, 4], scalars: values, requiresGrad: true)
        let result = GradientCheck.check({ a.max(axis: 1) }, withRespectTo: [a], epsilon: 1e-3)
        #expect(result.passed, "\(result)")
    }

    @Test func elementwiseActivations() {
        let a = leaf([3, 4], seed: 24, in: -2...2)
        let activations: [(String, (Tensor) -> Tensor)] = [
            ("sigmoid", { $0.sigmoid() }), ("tanh", { $0.tanh() }), ("gelu", { $0.gelu() }),
            ("exp", { $0.exp() }), ("elu", { $0.elu() }), ("squared", { $0.squared() }),
        ]
        for (name, activation) in activations {
            let result = GradientCheck.check({ activation(a) }, withRespectTo: [a])
            #expect(result.passed, "\(name): \(result)")
        }
    }

    @Test func kinkedActivationsAwayFromZero() {
        // relu, leaky relu and abs have a kink at 0, so inputs stay at least 0.1 away from it.
        let values: [Float] = [-1.5, -0.7, -0.1, 0.1, 0.4, 1.2, -0.3, 2.0]
        let a = Tensor(shape: [2, 4], scalars: values, requiresGrad: true)
        for (name, activation) in [("relu", { (x: Tensor) in x.relu() }), ("leakyRelu", { $0.leakyRelu() }), ("abs", { $0.abs() })] {
            let result = GradientCheck.check({ activation(a) }, withRespectTo: [a])
            #expect(result.passed, "\(name): \(result)")
        }
    }

    @Test func logSqrtReciprocalOnPositives() {
        let a = leaf([3, 3], seed: 25, in: 0.5...3)
        let result = GradientCheck.check({ a.log() + a.squareRoot() + a.reciprocal() }, withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func softmaxWithAndWithoutMask() {
        let a = leaf([2, 3, 4], seed: 26, in: -2...2)
        let plain = GradientCheck.check({ a.softmax() }, withRespectTo: [a])
        #expect(plain.passed, "\(plain)")

        // Key padding mask [batch, 1, keys]; row 1 keeps only the first key, and [0, 0, 0, 0] would be empty.
        let mask = Tensor(shape: [2, 1, 4], scalars: [1, 1, 0, 1, 1, 0, 0, 0])
        let masked = GradientCheck.check({ a.softmax(mask: mask) }, withRespectTo: [a])
        #expect(masked.passed, "\(masked)")
    }

    @Test func softmaxFullyMaskedRow() {
        let a = leaf([2, 3], seed: 27)
        let mask = Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 0])
        let result = GradientCheck.check({ a.softmax(mask: mask) }, withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func logSoftmaxWithAndWithoutMask() {
        let a = leaf([3, 5], seed: 28, in: -2...2)
        let plain = GradientCheck.check({ a.logSoftmax() }, withRespectTo: [a])
        #expect(plain.passed, "\(plain)")
        let mask = Tensor(shape: [3, 5], scalars: [1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
        let masked = GradientCheck.check({ a.logSoftmax(mask: mask) }, withRespectTo: [a])
        #expect(masked.passed, "\(masked)")
    }

    @Test func layerNormWithAffine() {
        let x = leaf([3, 5], seed: 29, in: -2...2)
        let weight = leaf([5], seed: 30, in: 0.5...1.5), bias = leaf([5], seed: 31)
        let result = GradientCheck.check(
            { x.layerNorm(weight: weight, bias: bias) }, withRespectTo: [x, weight, bias])
        #expect(result.passed, "\(result)")
        let plain = GradientCheck.check({ x.layerNorm(weight: nil, bias: nil) }, withRespectTo: [x])
        #expect(plain.passed, "\(plain)")
    }

    @Test func layerNormWideRows() {
        // 19 features: two eight-wide chunks and a tail of 3, with weight only and with bias only.
        let x = leaf([2, 19], seed: 33, in: -2...2)
        let weight = leaf([19], seed: 34, in: 0.5...1.5), bias = leaf([19], seed: 35)
        let weighted = GradientCheck.check({ x.layerNorm(weight: weight, bias: nil) }, withRespectTo: [x, weight])
        #expect(weighted.passed, "\(weighted)")
        let shifted = GradientCheck.check({ x.layerNorm(weight: nil, bias: bias) }, withRespectTo: [x, bias])
        #expect(shifted.passed, "\(shifted)")
    }

    @Test func dropoutWithFixedSeed() {
        let a = leaf([4, 5], seed: 32)
        let result = GradientCheck.check(
            { a.dropout(probability: 0.4, generator: SeededGenerator(seed: 99)) }, withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func embeddingSkipsPaddingRow() {
        let weight = leaf([4, 3], seed: 33)
        let indices: [Int32] = [1, 0, 3, 1, 2, 0]
        let result = GradientCheck.check(
            { Tensor.embedding(weight, indices: indices, indexShape: [2, 3], paddingIndex: nil) },
            withRespectTo: [weight])
        #expect(result.passed, "\(result)")

        // With padding index 0, row 0 gets no gradient although it is looked up twice.
        let output = Tensor.embedding(weight, indices: indices, indexShape: [2, 3], paddingIndex: 0)
        output.sum().backward()
        let gradient = try! #require(weight.grad).scalars
        #expect(Array(gradient[0..<3]) == [0, 0, 0])
        #expect(Array(gradient[3..<6]) == [2, 2, 2])
    }

    @Test func gatherLastAndReversedSteps() {
        let x = leaf([3, 4, 2], seed: 34)
        let lengths = [2, 4, 0]
        let last = GradientCheck.check({ x.lastValidSteps(lengths: lengths) }, withRespectTo: [x])
        #expect(last.passed, "\(last)")
        let reversed = GradientCheck.check({ x.reversedSteps(lengths: lengths) }, withRespectTo: [x])
        #expect(reversed.passed, "\(reversed)")
    }

    @Test func gatherStepsRepeatedAndEmpty() {
        // Row 0 picks step 1 twice (its gradient sums both), row 1 picks a zero step (-1) and step 0.
        let x = leaf([2, 3, 2], seed: 37)
        let result = GradientCheck.check({ x.gatherSteps([1, 1, 2, -1, 0, 0], steps: 3) }, withRespectTo: [x])
        #expect(result.passed, "\(result)")
    }

    @Test func maskedFillBroadcastMask() {
        let a = leaf([2, 3, 2], seed: 35)
        let mask = Tensor(shape: [2, 3, 1], scalars: [0, 1, 0, 1, 1, 0])
        let result = GradientCheck.check({ a.maskedFill(mask, with: -5) }, withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }

    @Test func reusedInputAccumulates() {
        // a feeds two branches, so its gradient is the sum of both.
        let a = leaf([2, 3], seed: 36)
        let result = GradientCheck.check({ a * a.sigmoid() + a.tanh() }, withRespectTo: [a])
        #expect(result.passed, "\(result)")
    }
}

@Suite("Recurrent operation gradients")
struct RecurrentGradientTests {
    // Lengths cover a full row, a short row and an empty row, so the padding paths are checked too.
    let lengths = [4, 2, 0]

    @Test func gruSequenceAllInputs() {
        let hidden = 3
        let projection = leaf([3, 4, 3 * hidden], seed: 40)
        let weight = leaf([3 * hidden, hidden], seed: 41)
        let bias = leaf([3 * hidden], seed: 42)
        let result = GradientCheck.check(
            { Tensor.gruSequence(inputProjection: projection, hiddenWeight: weight, hiddenBias: bias, lengths: lengths) },
            withRespectTo: [projection, weight, bias])
        #expect(result.passed, "\(result)")
    }

    @Test func gruSequenceThroughLastStep() {
        // The final state reaches the loss only through the last valid step, as in PyHealth's RNN layer.
        let projection = leaf([3, 4, 6], seed: 43)
        let weight = leaf([6, 2], seed: 44)
        let result = GradientCheck.check(
            {
                Tensor.gruSequence(inputProjection: projection, hiddenWeight: weight, hiddenBias: nil, lengths: lengths)
                    .lastValidSteps(lengths: lengths)
            },
            withRespectTo: [projection, weight])
        #expect(result.passed, "\(result)")
    }

    @Test func gruPackedSequenceAllInputs() {
        // Rows of lengths 4, 2 and 0 pack into 6 steps with batch sizes [2, 2, 1, 1].
        let hidden = 3
        let layout = PackedSequenceLayout(lengths: lengths, time: 4)
        let projection = leaf([layout.count, 3 * hidden], seed: 48)
        let weight = leaf([3 * hidden, hidden], seed: 49)
        let bias = leaf([3 * hidden], seed: 50)
        let result = GradientCheck.check(
            { Tensor.gruPackedSequence(inputProjection: projection, hiddenWeight: weight, hiddenBias: bias, layout: layout) },
            withRespectTo: [projection, weight, bias])
        #expect(result.passed, "\(result)")
    }

    @Test func packedStepsRoundTrip() {
        // Packing reversed and padding back reversed restores the valid steps and zeros the padding.
        let layout = PackedSequenceLayout(lengths: [1, 3, 2], time: 3)
        let input = leaf([3, 3, 2], seed: 51)
        let result = GradientCheck.check(
            { input.packedSteps(layout, reversed: true).paddedSteps(layout, reversed: true) },
            withRespectTo: [input])
        #expect(result.passed, "\(result)")
    }

    @Test func sumPackedStepsGradient() {
        let layout = PackedSequenceLayout(lengths: [1, 3, 0], time: 3)
        let input = leaf([layout.count, 2], seed: 52)
        let result = GradientCheck.check({ input.sumPackedSteps(layout) }, withRespectTo: [input])
        #expect(result.passed, "\(result)")
    }

    @Test func lstmSequenceAllInputs() {
        let hidden = 3
        let projection = leaf([3, 4, 4 * hidden], seed: 45)
        let weight = leaf([4 * hidden, hidden], seed: 46)
        let bias = leaf([4 * hidden], seed: 47)
        let result = GradientCheck.check(
            { Tensor.lstmSequence(inputProjection: projection, hiddenWeight: weight, hiddenBias: bias, lengths: lengths) },
            withRespectTo: [projection, weight, bias])
        #expect(result.passed, "\(result)")
    }

    @Test func lstmSequenceThroughLastStep() {
        let projection = leaf([3, 4, 8], seed: 48)
        let weight = leaf([8, 2], seed: 49)
        let result = GradientCheck.check(
            {
                Tensor.lstmSequence(inputProjection: projection, hiddenWeight: weight, hiddenBias: nil, lengths: nil)
                    .lastValidSteps(lengths: [4, 4, 4])
            },
            withRespectTo: [projection, weight])
        #expect(result.passed, "\(result)")
    }
}

@Suite("Linear operation gradients")
struct LinearGradientTests {
    @Test func linearWithBias() {
        let x = leaf([2, 3, 4], seed: 50), weight = leaf([5, 4], seed: 51), bias = leaf([5], seed: 52)
        let result = GradientCheck.check({ Tensor.linear(x, weight: weight, bias: bias) }, withRespectTo: [x, weight, bias])
        #expect(result.passed, "\(result)")
    }

    @Test func linearWithoutBias() {
        let x = leaf([3, 4], seed: 53), weight = leaf([2, 4], seed: 54)
        let result = GradientCheck.check({ Tensor.linear(x, weight: weight, bias: nil) }, withRespectTo: [x, weight])
        #expect(result.passed, "\(result)")
    }
}
