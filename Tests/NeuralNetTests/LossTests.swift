import Autograd
import NeuralNet
import Testing

@Suite("Losses")
struct LossTests {
    @Test func binaryCrossEntropyValues() {
        // Per element max(x, 0) - x·y + log(1 + e^-|x|): (0, 0) → log 2 = 0.693147,
        // (2, 1) → log(1 + e⁻²) = 0.126928, (-1, 1) → 1 + log(1 + e⁻¹) = 1.313262; mean 0.711112.
        let logits = Tensor(shape: [3], scalars: [0, 2, -1])
        let targets = Tensor(shape: [3], scalars: [0, 1, 1])
        #expect(isClose([binaryCrossEntropyWithLogits(logits, targets: targets).scalar], [0.711112]))
    }

    @Test func binaryCrossEntropyStableForLargeLogits() {
        // x = 100, y = 0 costs 100; x = -100, y = 0 costs log(1 + e⁻¹⁰⁰) ≈ 0. A naive log(σ(x)) gives inf.
        let loss = binaryCrossEntropyWithLogits(Tensor(shape: [2], scalars: [100, -100]), targets: Tensor.zeros([2]))
        #expect(isClose([loss.scalar], [50]))
    }

    @Test func crossEntropyValue() {
        // -log softmax([1, 2, 3])[2] = log(1 + e⁻¹ + e⁻²) = 0.407606; row 2 target 0 of [0, 0]: log 2.
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, -1000])
        let loss = crossEntropy(logits, targets: [2, 0])
        #expect(isClose([loss.scalar], [(0.407606 + 0.693147) / 2]))
    }

    @Test func meanSquaredErrorValue() {
        // ((1 - 0)² + (2 - 4)²) / 2 = 2.5.
        let loss = meanSquaredError(Tensor(shape: [2], scalars: [1, 2]), targets: Tensor(shape: [2], scalars: [0, 4]))
        #expect(loss.scalar == 2.5)
    }
}
