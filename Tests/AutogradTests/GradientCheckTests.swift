import Autograd
import Testing

/// x³ with a backward step that the caller chooses, to prove the checker rejects wrong ones.
private func cube(_ x: Tensor, derivative: @escaping (_ x: Float, _ index: Int) -> Float) -> Tensor {
    // Forward.
    let values = x.scalars.map { $0 * $0 * $0 }
    let output = Tensor(shape: x.shape, scalars: values)

    // Local backward.
    let inputs = x.scalars
    let backward: BackwardFunction = { gradient in
        guard let inputGradient = x.backwardBuffer() else { return }
        for i in 0..<inputs.count {
            inputGradient[i] += gradient[i] * derivative(inputs[i], i)
        }
    }

    // Attach.
    return Tensor.record(output, operation: "cube", inputs: [x], backward: backward)
}

@Suite("Gradient check")
struct GradientCheckTests {
    @Test func correctCustomOperationPasses() {
        let x = leaf([3, 4], seed: 1, in: -1.5...1.5)
        let result = GradientCheck.check({ cube(x) { value, _ in 3 * value * value } }, withRespectTo: [x])
        #expect(result.passed, "\(result)")
        #expect(result.checkedCount == 12)
    }

    @Test func derivativeOffByFivePercentFails() {
        let x = leaf([3, 4], seed: 1, in: 0.5...1.5)
        let result = GradientCheck.check({ cube(x) { value, _ in 3.15 * value * value } }, withRespectTo: [x])
        // The error of element i is 0.15 · 3x² · |R_i| for the random projection R, so most elements fail.
        #expect(!result.passed)
        #expect(result.mismatches.count >= 6)
    }

    @Test func derivativeFromWrongElementFails() {
        // Reads the neighbouring element's input: right formula, wrong position.
        let x = leaf([2, 3], seed: 2, in: -1.5...1.5)
        let inputs = x.scalars
        let result = GradientCheck.check(
            { cube(x) { _, index in 3 * inputs[(index + 1) % 6] * inputs[(index + 1) % 6] } },
            withRespectTo: [x])
        #expect(!result.passed)
    }

    @Test func missingGradientContributionFails() {
        // a is used twice, but the deliberately wrong op drops the second use's gradient.
        let a = leaf([2, 2], seed: 3, in: 0.5...1.5)
        let result = GradientCheck.check(
            { cube(a) { value, _ in 3 * value * value } + withNoGrad { a * 2 } },
            withRespectTo: [a])
        #expect(!result.passed)
    }

    @Test func nothingToCheckFails() {
        let result = GradientCheck.check({ Tensor.ones([2]) }, withRespectTo: [])
        #expect(!result.passed)
    }
}
