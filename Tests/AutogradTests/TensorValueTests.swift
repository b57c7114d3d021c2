import Autograd
import Testing

// Forward values and graph behaviour, with expected numbers worked by hand from the definitions.

@Suite("Tensor values")
struct TensorValueTests {
    @Test func broadcastingAddsRowsAndColumns() {
        let matrix = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let row = Tensor(shape: [3], scalars: [10, 20, 30])
        let column = Tensor(shape: [2, 1], scalars: [100, 200])
        #expect((matrix + row).scalars == [11, 22, 33, 14, 25, 36])
        #expect((matrix * column).scalars == [100, 200, 300, 800, 1000, 1200])
        #expect((row - column).shape == [2, 3])
        #expect((row - column).scalars == [-90, -80, -70, -190, -180, -170])
    }

    @Test func scalarOperatorsAndNegation() {
        let a = Tensor(shape: [3], scalars: [1, 2, 4])
        #expect((a * 2 + 1).scalars == [3, 5, 9])
        #expect((8 / a).scalars == [8, 4, 2])
        #expect((1 - a).scalars == [0, -1, -3])
        #expect((-a / 2).scalars == [-0.5, -1, -2])
    }

    @Test func matmulAgainstHandProduct() {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]].
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2], scalars: [5, 6, 7, 8])
        #expect(Tensor.matmul(a, b).scalars == [19, 22, 43, 50])
        // a · bᵀ = [[1·5 + 2·6, 1·7 + 2·8], [3·5 + 4·6, 3·7 + 4·8]] = [[17, 23], [39, 53]].
        #expect(Tensor.matmul(a, b, transposeB: true).scalars == [17, 23, 39, 53])
        // aᵀ · b = [[1·5 + 3·7, 1·6 + 3·8], [2·5 + 4·7, 2·6 + 4·8]] = [[26, 30], [38, 44]].
        #expect(Tensor.matmul(a, b, transposeA: true).scalars == [26, 30, 38, 44])
    }

    @Test func linearAddsBiasToEachRow() {
        // x = [[1, 2]], W = [[1, 0], [0, 1], [1, 1]], b = [0.5, -1, 0]: x·Wᵀ + b = [1.5, 1, 3].
        let x = Tensor(shape: [1, 2], scalars: [1, 2])
        let weight = Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
        let bias = Tensor(shape: [3], scalars: [0.5, -1, 0])
        #expect(Tensor.linear(x, weight: weight, bias: bias).scalars == [1.5, 1, 3])
    }

    @Test func permuteAndTransposeMoveValues() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(a.transposed().shape == [3, 2])
        #expect(a.transposed().scalars == [1, 4, 2, 5, 3, 6])
        let b = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        #expect(b.permuted([0, 2, 1, 3]).scalars == [1, 3, 2, 4])
    }

    @Test func concatSliceSelect() {
        let a = Tensor(shape: [2, 1], scalars: [1, 2])
        let b = Tensor(shape: [2, 2], scalars: [3, 4, 5, 6])
        let joined = Tensor.concat([a, b], axis: 1)
        #expect(joined.shape == [2, 3])
        #expect(joined.scalars == [1, 3, 4, 2, 5, 6])
        #expect(joined.slice(axis: 1, range: 1..<3).scalars == [3, 4, 5, 6])
        #expect(joined.select(axis: 0, index: 1).scalars == [2, 5, 6])
        let pieces = joined.split(sizes: [2, 1], axis: -1)
        #expect(pieces.map(\.shape) == [[2, 2], [2, 1]])
        #expect(pieces[1].scalars == [4, 6])
    }

    @Test func reductions() {
        let a = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        #expect(a.sum(axis: 0).scalars == [5, 7, 9])
        #expect(a.sum(axis: 1, keepingAxis: true).shape == [2, 1])
        #expect(a.mean(axis: 1).scalars == [3, 4])
        #expect(a.max(axis: 1).scalars == [5, 6])
        #expect(a.sum().scalar == 21)
        #expect(a.mean().scalar == 3.5)
    }

    @Test func activationValues() {
        let x = Tensor(shape: [3], scalars: [-1, 0, 1])
        // GELU(1) = Φ(1) = 0.841345; GELU(-1) = -(1 - Φ(1)) = -0.158655.
        #expect(isClose(x.gelu().scalars, [-0.158655, 0, 0.841345]))
        // tanh(1) = 0.761594, sigmoid(1) = 0.731059, ELU(-1) = e⁻¹ - 1 = -0.632121.
        #expect(isClose(x.tanh().scalars, [-0.761594, 0, 0.761594]))
        #expect(isClose(x.sigmoid().scalars, [0.268941, 0.5, 0.731059]))
        #expect(isClose(x.elu().scalars, [-0.632121, 0, 1]))
        #expect(x.relu().scalars == [0, 0, 1])
        #expect(x.leakyRelu().scalars == [-0.01, 0, 1])
    }

    @Test func tanhKeepsPrecisionAndSaturates() {
        // tanh(1e-4) = 1e-4 - 3.3e-13: the exp-based form must not lose the small value to cancellation.
        let x = Tensor(shape: [4], scalars: [1e-4, -1e-6, 30, -100])
        let y = x.tanh().scalars
        #expect(Swift.abs(y[0] - 1e-4) < 1e-10)
        #expect(Swift.abs(y[1] + 1e-6) < 1e-12)
        #expect(y[2] == 1)
        #expect(y[3] == -1)
        #expect(Tensor(shape: [2], scalars: [-100, 100]).sigmoid().scalars == [0, 1])
    }

    @Test func softmaxRowsAndMask() {
        // softmax([1, 2, 3]) = e^x / (e + e² + e³) = [0.090031, 0.244728, 0.665241].
        let x = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        #expect(isClose(x.softmax().scalars, [0.090031, 0.244728, 0.665241]))
        // log-softmax = x - log(e + e² + e³) = x - 3.407606.
        #expect(isClose(x.logSoftmax().scalars, [-2.407606, -1.407606, -0.407606]))
        // Masking the last position leaves softmax([1, 2]) = [0.268941, 0.731059].
        let mask = Tensor(shape: [3], scalars: [1, 1, 0])
        #expect(isClose(x.softmax(mask: mask).scalars, [0.268941, 0.731059, 0]))
        // A huge value must not overflow.
        #expect(isClose(Tensor(shape: [2], scalars: [1000, 0]).softmax().scalars, [1, 0]))
        // A row with nothing valid is all zeros.
        #expect(x.softmax(mask: Tensor.zeros([1, 3])).scalars == [0, 0, 0])
    }

    @Test func layerNormValues() {
        // [1, 2, 3, 4]: mean 2.5, biased variance 1.25, so (x - 2.5) / √(1.25 + 1e-5).
        let x = Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])
        #expect(isClose(x.layerNorm(weight: nil, bias: nil).scalars, [-1.341635, -0.447212, 0.447212, 1.341635]))
        let weight = Tensor(shape: [4], scalars: [2, 2, 2, 2])
        let bias = Tensor(shape: [4], scalars: [1, 1, 1, 1])
        #expect(isClose(x.layerNorm(weight: weight, bias: bias).scalars, [-1.683271, 0.105576, 1.894424, 3.683271]))
    }

    @Test func layerNormWideRowValues() {
        // 11 features, so the eight-wide sums and their one-by-one tail both run. x = 0...10: mean 5,
        // biased variance (2 · (1 + 4 + 9 + 16 + 25)) / 11 = 10, so x̂ = (x - 5) / √(10 + 1e-5).
        let x = Tensor(shape: [1, 11], scalars: (0..<11).map(Float.init))
        let expected = (0..<11).map { (Float($0) - 5) / (10 + 1e-5 as Float).squareRoot() }
        #expect(isClose(x.layerNorm(weight: nil, bias: nil).scalars, expected))
        let bias = Tensor(shape: [11], scalars: Array(repeating: 1, count: 11))
        #expect(isClose(x.layerNorm(weight: nil, bias: bias).scalars, expected.map { $0 + 1 }))
    }

    @Test func dropoutScalesKeptValues() {
        let x = Tensor.ones([1000])
        let y = x.dropout(probability: 0.25, generator: SeededGenerator(seed: 3)).scalars
        // Kept values are scaled by 1 / (1 - 0.25); about a quarter are dropped.
        #expect(y.allSatisfy { $0 == 0 || Swift.abs($0 - 4.0 / 3.0) < 1e-6 })
        let dropped = y.filter { $0 == 0 }.count
        #expect(dropped > 200)
        #expect(dropped < 300)
        // The same seed gives the same mask.
        #expect(x.dropout(probability: 0.25, generator: SeededGenerator(seed: 3)).scalars == y)
        #expect(x.dropout(probability: 1, generator: SeededGenerator(seed: 3)).scalars.allSatisfy { $0 == 0 })
    }

    @Test func embeddingAndStepSelection() {
        let weight = Tensor(shape: [3, 2], scalars: [0, 0, 1, 2, 3, 4])
        let looked = Tensor.embedding(weight, indices: [2, 0, 1], indexShape: [3])
        #expect(looked.scalars == [3, 4, 0, 0, 1, 2])

        // Rows of [batch 2, time 3, 1]: [1, 2, 3] with length 2, [4, 5, 6] with length 3.
        let x = Tensor(shape: [2, 3, 1], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.lastValidSteps(lengths: [2, 3]).scalars == [2, 6])
        #expect(x.reversedSteps(lengths: [2, 3]).scalars == [2, 1, 0, 6, 5, 4])
        #expect(x.lastValidSteps(lengths: [0, 1]).scalars == [0, 4])
    }

    @Test func maskedFillReplacesWhereMaskIsSet() {
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let mask = Tensor(shape: [2, 1], scalars: [0, 1])
        #expect(x.maskedFill(mask, with: -9).scalars == [1, 2, -9, -9])
    }

    @Test func noGradScopeRecordsNothing() {
        let a = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        let inside = withNoGrad { (a * 3).sigmoid() }
        #expect(!inside.requiresGrad)
        #expect(!withNoGrad { isGradRecordingEnabled })
        #expect(isGradRecordingEnabled)
        #expect((a * 3).requiresGrad)
        #expect(!(Tensor.ones([2]) * 3).requiresGrad)
    }

    @Test func backwardAccumulatesIntoLeavesAndFreesGraph() {
        let a = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        let loss = (a * a).sum()
        loss.backward()
        // d(Σa²)/da = 2a.
        #expect(a.grad?.scalars == [2, 4])
        // Only leaves keep a gradient.
        #expect(loss.grad == nil)

        // A second forward and backward adds to the existing gradient, as in PyTorch.
        (a * 3).sum().backward()
        #expect(a.grad?.scalars == [5, 7])
        a.zeroGrad()
        #expect(a.grad == nil)
    }

    @Test func backwardWithExplicitGradient() {
        let a = Tensor(shape: [3], scalars: [1, 2, 3], requiresGrad: true)
        let y = a * 2
        y.backward(gradient: Tensor(shape: [3], scalars: [1, 0, -1]))
        #expect(a.grad?.scalars == [2, 0, -2])
    }

    @Test func reshapeSharesStorage() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = a.reshaped([4])
        a.withUnsafeMutableBufferPointer { $0[0] = 9 }
        #expect(b.scalars == [9, 2, 3, 4])
        #expect(a.reshaped([-1, 1]).shape == [4, 1])
    }

    @Test func seededGeneratorRepeatsAndSpreads() {
        let first = Tensor.normal([1000], generator: SeededGenerator(seed: 42)).scalars
        let second = Tensor.normal([1000], generator: SeededGenerator(seed: 42)).scalars
        #expect(first == second)
        #expect(first != Tensor.normal([1000], generator: SeededGenerator(seed: 43)).scalars)
        // Sample mean and variance of 1000 standard normals: within about 3 standard errors of 0 and 1.
        let mean = first.reduce(0, +) / 1000
        let variance = first.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1000
        #expect(Swift.abs(mean) < 0.1)
        #expect(Swift.abs(variance - 1) < 0.15)
        let uniform = Tensor.uniform([1000], low: -2, high: 3, generator: SeededGenerator(seed: 1)).scalars
        #expect(uniform.allSatisfy { $0 >= -2 })
        #expect(uniform.allSatisfy { $0 < 3 })
    }
}

@Suite("Graph lifetime")
struct GraphLifetimeTests {
    @Test func sharedSubgraphSummedLossesReachLeaf() {
        // Two losses that share y = 2a: adding them first and calling backward once reaches a through both.
        let a = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        let y = a * 2
        let total = y.sum() + (y * y).sum()
        total.backward()
        // d/da [Σ2a + Σ4a²] = 2 + 8a.
        #expect(a.grad?.scalars == [10, 18])
    }

    @Test func releasedResultStillRequiresGrad() {
        // After backward frees y's node, y still counts as part of a graph, so a second backward through it
        // stops with a precondition instead of silently skipping a.
        let a = Tensor(shape: [1], scalars: [3], requiresGrad: true)
        let y = a * 2
        y.sum().backward()
        #expect(y.requiresGrad)
        #expect(y.grad == nil)
        #expect(a.grad?.scalars == [2])
    }
}
