/// An elementwise binary operation and its partial derivatives, each scaled by the output gradient `g`.
protocol BinaryKernel {
    static var name: String { get }
    static func value(_ a: Float, _ b: Float) -> Float
    static func gradientA(_ a: Float, _ b: Float, _ g: Float) -> Float
    static func gradientB(_ a: Float, _ b: Float, _ g: Float) -> Float
}

enum AddKernel: BinaryKernel {
    static let name = "add"
    @inline(__always) static func value(_ a: Float, _ b: Float) -> Float { a + b }
    @inline(__always) static func gradientA(_ a: Float, _ b: Float, _ g: Float) -> Float { g }
    @inline(__always) static func gradientB(_ a: Float, _ b: Float, _ g: Float) -> Float { g }
}

enum SubtractKernel: BinaryKernel {
    static let name = "subtract"
    @inline(__always) static func value(_ a: Float, _ b: Float) -> Float { a - b }
    @inline(__always) static func gradientA(_ a: Float, _ b: Float, _ g: Float) -> Float { g }
    @inline(__always) static func gradientB(_ a: Float, _ b: Float, _ g: Float) -> Float { -g }
}

enum MultiplyKernel: BinaryKernel {
    static let name = "multiply"
    @inline(__always) static func value(_ a: Float, _ b: Float) -> Float { a * b }
    @inline(__always) static func gradientA(_ a: Float, _ b: Float, _ g: Float) -> Float { g * b }
    @inline(__always) static func gradientB(_ a: Float, _ b: Float, _ g: Float) -> Float { g * a }
}

enum DivideKernel: BinaryKernel {
    static let name = "divide"
    @inline(__always) static func value(_ a: Float, _ b: Float) -> Float { a / b }
    @inline(__always) static func gradientA(_ a: Float, _ b: Float, _ g: Float) -> Float { g / b }
    @inline(__always) static func gradientB(_ a: Float, _ b: Float, _ g: Float) -> Float { -g * a / (b * b) }
}

extension Tensor {
    /// Applies `Kernel` elementwise with broadcasting; the gradient of a repeated operand sums over the repeats.
    static func broadcastBinary<Kernel: BinaryKernel>(_ a: Tensor, _ b: Tensor, _: Kernel.Type) -> Tensor {
        // Forward.
        let layout = BroadcastLayout(a.shape, b.shape, operation: Kernel.name)
        let output = Tensor(uninitializedShape: layout.outputShape)
        let valuesA = a.storage.pointer
        let valuesB = b.storage.pointer
        let values = output.storage.pointer
        let inner = layout.innerCount
        let strideA = layout.innerStrideA
        let strideB = layout.innerStrideB
        layout.forEachRun { outputOffset, offsetA, offsetB in
            let runA = valuesA + offsetA
            let runB = valuesB + offsetB
            let run = values + outputOffset
            if strideA == 1 && strideB == 1 {
                for i in 0..<inner { run[i] = Kernel.value(runA[i], runB[i]) }
            } else if strideA == 1 {
                let scalarB = runB[0]
                for i in 0..<inner { run[i] = Kernel.value(runA[i], scalarB) }
            } else if strideB == 1 {
                let scalarA = runA[0]
                for i in 0..<inner { run[i] = Kernel.value(scalarA, runB[i]) }
            } else {
                let value = Kernel.value(runA[0], runB[0])
                for i in 0..<inner { run[i] = value }
            }
        }

        // Local backward: each output element adds its partials at the operand positions it read; a
        // repeated operand sums over its repeats.
        let backward: BackwardFunction = { gradient in
            if let gradientA = a.gradientBuffer() {
                accumulateBinaryGradient(
                    layout, gradient: gradient, valuesA: valuesA, valuesB: valuesB, target: gradientA,
                    forA: true, Kernel.self)
            }
            if let gradientB = b.gradientBuffer() {
                accumulateBinaryGradient(
                    layout, gradient: gradient, valuesA: valuesA, valuesB: valuesB, target: gradientB,
                    forA: false, Kernel.self)
            }
        }

        // Attach.
        return record(output, operation: Kernel.name, inputs: [a, b], backward: backward)
    }

    /// Adds the partial derivative for one operand (`forA`: the left one) into `target`, run by run.
    @inline(__always)
    static func accumulateBinaryGradient<Kernel: BinaryKernel>(
        _ layout: BroadcastLayout, gradient: UnsafePointer<Float>, valuesA: UnsafePointer<Float>,
        valuesB: UnsafePointer<Float>, target: UnsafeMutablePointer<Float>, forA: Bool, _: Kernel.Type
    ) {
        let inner = layout.innerCount
        let strideA = layout.innerStrideA
        let strideB = layout.innerStrideB
        let targetStride = forA ? strideA : strideB
        layout.forEachRun { outputOffset, offsetA, offsetB in
            let g = gradient + outputOffset
            let runA = valuesA + offsetA
            let runB = valuesB + offsetB
            let run = target + (forA ? offsetA : offsetB)
            @inline(__always) func partial(_ i: Int) -> Float {
                let valueA = runA[i * strideA]
                let valueB = runB[i * strideB]
                return forA ? Kernel.gradientA(valueA, valueB, g[i]) : Kernel.gradientB(valueA, valueB, g[i])
            }
            if targetStride == 1 {
                if strideA == 1 && strideB == 1 {
                    for i in 0..<inner {
                        run[i] += forA ? Kernel.gradientA(runA[i], runB[i], g[i]) : Kernel.gradientB(runA[i], runB[i], g[i])
                    }
                } else {
                    for i in 0..<inner { run[i] += partial(i) }
                }
            } else {
                // The target repeats across this run, so its partials sum into one element.
                var total: Float = 0
                for i in 0..<inner { total += partial(i) }
                run[0] += total
            }
        }
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, AddKernel.self) }

    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, SubtractKernel.self) }

    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, MultiplyKernel.self) }

    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, DivideKernel.self) }

    // MARK: - Scalar operands

    /// Computes `self * scale + shift` elementwise, the one operation behind the scalar operators.
    public func affine(scale: Float, shift: Float) -> Tensor {
        // Forward.
        let output = Tensor(uninitializedShape: shape)
        let input = storage.pointer
        let values = output.storage.pointer
        for i in 0..<count {
            values[i] = input[i] * scale + shift
        }

        // Local backward.
        let backward: BackwardFunction = { [self] gradient in
            guard let inputGradient = gradientBuffer() else { return }
            for i in 0..<count {
                inputGradient[i] += gradient[i] * scale
            }
        }

        // Attach.
        return Tensor.record(output, operation: "affine", inputs: [self], backward: backward)
    }

    /// Adds a scalar to every element.
    public static func + (a: Tensor, b: Float) -> Tensor { a.affine(scale: 1, shift: b) }
    /// Adds a scalar to every element.
    public static func + (a: Float, b: Tensor) -> Tensor { b.affine(scale: 1, shift: a) }
    /// Subtracts a scalar from every element.
    public static func - (a: Tensor, b: Float) -> Tensor { a.affine(scale: 1, shift: -b) }
    /// Subtracts every element from a scalar.
    public static func - (a: Float, b: Tensor) -> Tensor { b.affine(scale: -1, shift: a) }
    /// Multiplies every element by a scalar.
    public static func * (a: Tensor, b: Float) -> Tensor { a.affine(scale: b, shift: 0) }
    /// Multiplies every element by a scalar.
    public static func * (a: Float, b: Tensor) -> Tensor { b.affine(scale: a, shift: 0) }
    /// Divides every element by a scalar.
    public static func / (a: Tensor, b: Float) -> Tensor { a.affine(scale: 1 / b, shift: 0) }
    /// Divides a scalar by every element.
    public static func / (a: Float, b: Tensor) -> Tensor { b.reciprocal() * a }

    /// Negates every element.
    public static prefix func - (a: Tensor) -> Tensor { a.affine(scale: -1, shift: 0) }
}
