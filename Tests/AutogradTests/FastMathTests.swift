import Autograd
import Foundation
import Testing

// The vectorisable elementary functions against Foundation's Double versions.

@Suite("Fast math")
struct FastMathTests {
    /// Values from -limit to limit in steps of `step`.
    private func grid(_ limit: Float, step: Float) -> Tensor {
        let values = stride(from: -limit, through: limit, by: step).map { $0 }
        return Tensor(shape: [values.count], scalars: values)
    }

    @Test func expRelativeErrorBelowHalfMicro() {
        let x = grid(80, step: 0.0137)
        let worst = zip(x.scalars, x.exp().scalars).map { input, output in
            Swift.abs(Double(output) / Foundation.exp(Double(input)) - 1)
        }.max()!
        #expect(worst < 5e-7, "worst relative error \(worst)")
    }

    @Test func expOverflowUnderflowAndNaN() {
        let y = Tensor(shape: [5], scalars: [100, -100, .nan, 88.7, -87]).exp().scalars
        #expect(y[0] == .infinity)
        #expect(y[1] == 0)
        #expect(y[2].isNaN)
        // Near the ends of the finite range: e^88.7 = 3.3260e38 and e^-87 = 1.6458e-38.
        #expect(Swift.abs(Double(y[3]) / 3.326_0e38 - 1) < 1e-4)
        #expect(Swift.abs(Double(y[4]) / 1.645_8e-38 - 1) < 1e-4)
    }

    @Test func tanhAbsoluteErrorBelowQuarterMicro() {
        let x = grid(12, step: 0.00731)
        let worst = zip(x.scalars, x.tanh().scalars).map { input, output in
            Swift.abs(Double(output) - Foundation.tanh(Double(input)))
        }.max()!
        #expect(worst < 2.5e-7, "worst absolute error \(worst)")
    }

    @Test func sigmoidAbsoluteErrorBelowTenthMicro() {
        let x = grid(30, step: 0.0113)
        let worst = zip(x.scalars, x.sigmoid().scalars).map { input, output in
            Swift.abs(Double(output) - 1 / (1 + Foundation.exp(-Double(input))))
        }.max()!
        #expect(worst < 1e-7, "worst absolute error \(worst)")
    }

    @Test func geluMatchesErfForm() {
        // GELU(x) = x · (1 + erf(x / √2)) / 2; the CDF approximation is within 1.5e-7, so the error
        // grows at most like 1.5e-7 · |x| plus Float32 rounding.
        let x = grid(8, step: 0.00917)
        let worst = zip(x.scalars, x.gelu().scalars).map { input, output in
            let exact = Double(input) * 0.5 * (1 + erf(Double(input) / 2.0.squareRoot()))
            return Swift.abs(Double(output) - exact) / Swift.max(1, Swift.abs(Double(input)))
        }.max()!
        #expect(worst < 3e-7, "worst scaled error \(worst)")
    }

    @Test func zerosAfterBufferReuse() {
        // A large buffer returns to the pool and comes back for the next tensor of that size class.
        do {
            let filled = Tensor.full([300, 300], value: 7)
            #expect(filled.scalars[89_999] == 7)
        }
        let zeros = Tensor.zeros([300, 300])
        #expect(zeros.scalars.allSatisfy { $0 == 0 })
        let gradientOwner = Tensor.full([300, 300], value: 1, requiresGrad: true)
        (gradientOwner * 2).sum().backward()
        #expect(gradientOwner.grad!.scalars.allSatisfy { $0 == 2 })
    }
}
