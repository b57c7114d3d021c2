import Foundation

/// An elementwise function and its derivative, given the input `x` and the output `y`.
protocol UnaryKernel {
    static var name: String { get }
    static func value(_ x: Float) -> Float
    static func derivative(x: Float, y: Float) -> Float
}

enum SigmoidKernel: UnaryKernel {
    static let name = "sigmoid"
    @inline(__always) static func value(_ x: Float) -> Float { fastSigmoid(x) }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { y * (1 - y) }
}

enum TanhKernel: UnaryKernel {
    static let name = "tanh"
    @inline(__always) static func value(_ x: Float) -> Float { fastTanh(x) }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { 1 - y * y }
}

enum ReLUKernel: UnaryKernel {
    static let name = "relu"
    @inline(__always) static func value(_ x: Float) -> Float { x > 0 ? x : 0 }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { x > 0 ? 1 : 0 }
}

/// GELU x·Φ(x) in its erf form, PyTorch's `nn.GELU()` default (not the tanh approximation), with Φ
/// accurate to 1.5e-7.
enum GELUKernel: UnaryKernel {
    static let name = "gelu"
    @inline(__always) static func value(_ x: Float) -> Float { x * normalDistribution(x).cdf }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float {
        // d/dx x·Φ(x) = Φ(x) + x·φ(x), with φ the standard normal density.
        let (cdf, density) = normalDistribution(x)
        return cdf + x * density
    }
}

enum ExpKernel: UnaryKernel {
    static let name = "exp"
    @inline(__always) static func value(_ x: Float) -> Float { fastExp(x) }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { y }
}

enum LogKernel: UnaryKernel {
    static let name = "log"
    @inline(__always) static func value(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { 1 / x }
}

enum SquareRootKernel: UnaryKernel {
    static let name = "sqrt"
    @inline(__always) static func value(_ x: Float) -> Float { x.squareRoot() }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { 0.5 / y }
}

enum SquareKernel: UnaryKernel {
    static let name = "square"
    @inline(__always) static func value(_ x: Float) -> Float { x * x }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { 2 * x }
}

enum ReciprocalKernel: UnaryKernel {
    static let name = "reciprocal"
    @inline(__always) static func value(_ x: Float) -> Float { 1 / x }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { -y * y }
}

enum AbsoluteKernel: UnaryKernel {
    static let name = "abs"
    @inline(__always) static func value(_ x: Float) -> Float { Swift.abs(x) }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// ELU with alpha = 1, PyTorch's `nn.ELU()` default.
enum ELUKernel: UnaryKernel {
    static let name = "elu"
    @inline(__always) static func value(_ x: Float) -> Float { x > 0 ? x : expm1f(x) }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { x > 0 ? 1 : y + 1 }
}

/// Leaky ReLU with slope 0.01 below zero, PyTorch's `nn.LeakyReLU()` default.
enum LeakyReLUKernel: UnaryKernel {
    static let name = "leakyRelu"
    @inline(__always) static func value(_ x: Float) -> Float { x > 0 ? x : 0.01 * x }
    @inline(__always) static func derivative(x: Float, y: Float) -> Float { x > 0 ? 1 : 0.01 }
}

extension Tensor {
    /// Applies `Kernel` to every element.
    func unary<Kernel: UnaryKernel>(_: Kernel.Type) -> Tensor {
        // Forward.
        let output = Tensor(uninitializedShape: shape)
        let input = storage.pointer
        let outputStorage = output.storage
        let values = outputStorage.pointer
        for i in 0..<count {
            values[i] = Kernel.value(input[i])
        }

        // Local backward, reading the saved output so the output tensor itself is not captured.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            let savedOutput = outputStorage.pointer
            for i in 0..<count {
                inputGradient[i] += gradient[i] * Kernel.derivative(x: input[i], y: savedOutput[i])
            }
        }

        // Attach.
        return Tensor.record(output, operation: Kernel.name, inputs: [self], backward: backward)
    }

    /// Logistic sigmoid 1 / (1 + e^-x).
    public func sigmoid() -> Tensor { unary(SigmoidKernel.self) }

    /// Hyperbolic tangent, computed from exp for speed.
    public func tanh() -> Tensor { unary(TanhKernel.self) }

    /// max(x, 0); the derivative at 0 is taken as 0, as PyTorch does.
    public func relu() -> Tensor { unary(ReLUKernel.self) }

    /// Exact GELU, x·Φ(x) (Hendrycks and Gimpel, 2016), as `torch.nn.GELU()` computes it.
    public func gelu() -> Tensor { unary(GELUKernel.self) }

    /// ELU with alpha 1.
    public func elu() -> Tensor { unary(ELUKernel.self) }

    /// Leaky ReLU with negative slope 0.01.
    public func leakyRelu() -> Tensor { unary(LeakyReLUKernel.self) }

    /// e^x.
    public func exp() -> Tensor { unary(ExpKernel.self) }

    /// Natural logarithm; non-positive inputs give -inf or NaN as in IEEE arithmetic.
    public func log() -> Tensor { unary(LogKernel.self) }

    /// Square root.
    public func squareRoot() -> Tensor { unary(SquareRootKernel.self) }

    /// x².
    public func squared() -> Tensor { unary(SquareKernel.self) }

    /// 1 / x.
    public func reciprocal() -> Tensor { unary(ReciprocalKernel.self) }

    /// |x|; the derivative at 0 is 0.
    public func abs() -> Tensor { unary(AbsoluteKernel.self) }
}
