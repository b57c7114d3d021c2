import COpenBLAS

/// Row-major `C = alpha · op(A) · op(B) + beta · C` through OpenBLAS, where op(A) is m×k and op(B) is k×n.
///
/// `transposeA` means A is stored k×m; `transposeB` means B is stored n×k. With `beta` = 1 the product is
/// added into C, which is how backward steps accumulate gradients without a temporary.
@inline(__always)
func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    beta: Float, c: UnsafeMutablePointer<Float>
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        // BLAS may skip the beta scaling when k is 0, so do it here.
        if beta != 1 {
            for i in 0..<(m * n) { c[i] *= beta }
        }
        return
    }
    cblas_sgemm(
        CblasRowMajor,
        transposeA ? CblasTrans : CblasNoTrans,
        transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k),
        alpha,
        a, Int32(transposeA ? m : k),
        b, Int32(transposeB ? k : n),
        beta,
        c, Int32(n))
}

extension Tensor {
    /// Matrix product over the last two axes, through OpenBLAS `cblas_sgemm`.
    ///
    /// - `a`: `[..., m, k]`, or `[..., k, m]` with `transposeA`.
    /// - `b`: `[k, n]` shared by every leading index of `a`, or `[..., k, n]` with the same leading axes as
    ///   `a`; with `transposeB`, `[n, k]` or `[..., n, k]`.
    /// - Returns: `[..., m, n]`.
    ///
    /// `transposeB: true` computes `x · Wᵀ` for a PyTorch-layout weight `W` of shape `[out, in]`, and
    /// `q · kᵀ` in attention, without copying a transpose.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(
            a.rank >= 2 && b.rank >= 2,
            "matmul: both operands need at least 2 axes, got shapes \(a.shape) and \(b.shape)")
        let batchShape = Array(a.shape.dropLast(2))
        let sharedB = b.rank == 2
        precondition(
            sharedB || Array(b.shape.dropLast(2)) == batchShape,
            "matmul: leading axes of \(a.shape) and \(b.shape) differ; b must be 2-D or have the same leading axes")

        let m = transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2]
        let k = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
        let kB = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2]
        let n = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]
        precondition(
            k == kB,
            "matmul: inner sizes differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "") (\(k) vs \(kB))")

        let batch = elementCount(of: batchShape)
        let strideA = m * k
        let strideB = sharedB ? 0 : k * n
        let strideC = m * n
        let valuesA = a.storage.pointer
        let valuesB = b.storage.pointer

        // A shared right operand without a transposed left one is a single tall product.
        let flattened = sharedB && !transposeA
        let rowsPerProduct = flattened ? batch * m : m
        let products = flattened ? 1 : batch

        // Forward.
        let output = Tensor(uninitializedShape: batchShape + [m, n])
        let values = output.storage.pointer
        for index in 0..<products {
            gemm(
                transposeA: transposeA, transposeB: transposeB, m: rowsPerProduct, n: n, k: k,
                a: valuesA + index * strideA, b: valuesB + index * strideB, beta: 0, c: values + index * strideC)
        }

        // Local backward: with C = op(A)·op(B), dop(A) = dC·op(B)ᵀ and dop(B) = op(A)ᵀ·dC.
        let backward: BackwardFunction = { gradient in
            if let gradientA = a.gradientBuffer() {
                for index in 0..<products {
                    let dC = gradient + index * strideC
                    let bIndex = valuesB + index * strideB
                    if transposeA {
                        // dA (k×m) = op(B) · dCᵀ.
                        gemm(
                            transposeA: transposeB, transposeB: true, m: k, n: m, k: n,
                            a: bIndex, b: dC, beta: 1, c: gradientA + index * strideA)
                    } else {
                        // dA (m×k) = dC · op(B)ᵀ.
                        gemm(
                            transposeA: false, transposeB: !transposeB, m: rowsPerProduct, n: k, k: n,
                            a: dC, b: bIndex, beta: 1, c: gradientA + index * strideA)
                    }
                }
            }
            if let gradientB = b.gradientBuffer() {
                for index in 0..<products {
                    let dC = gradient + index * strideC
                    let aIndex = valuesA + index * strideA
                    if transposeB {
                        // dB (n×k) = dCᵀ · op(A).
                        gemm(
                            transposeA: true, transposeB: transposeA, m: n, n: k, k: rowsPerProduct,
                            a: dC, b: aIndex, beta: 1, c: gradientB + index * strideB)
                    } else {
                        // dB (k×n) = op(A)ᵀ · dC.
                        gemm(
                            transposeA: !transposeA, transposeB: false, m: k, n: n, k: rowsPerProduct,
                            a: aIndex, b: dC, beta: 1, c: gradientB + index * strideB)
                    }
                }
            }
        }

        // Attach.
        return record(output, operation: "matmul", inputs: [a, b], backward: backward)
    }
}

extension Tensor {
    /// `input · weightᵀ + bias` in one operation, as `torch.nn.functional.linear`.
    ///
    /// - Parameters:
    ///   - input: `[..., in]`.
    ///   - weight: `[out, in]`.
    ///   - bias: `[out]`, or nil.
    /// - Returns: `[..., out]`. The bias is written first and the product added onto it by sgemm, which
    ///   saves the separate broadcast pass of `matmul(...) + bias`.
    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(weight.rank == 2, "linear: weight must be [out, in], got shape \(weight.shape)")
        let inputSize = weight.shape[1]
        let outputSize = weight.shape[0]
        precondition(
            input.rank >= 1 && input.shape[input.rank - 1] == inputSize,
            "linear: input shape \(input.shape) does not match weight shape \(weight.shape)")
        if let bias {
            precondition(bias.shape == [outputSize], "linear: bias shape \(bias.shape) does not match weight shape \(weight.shape)")
        }
        let rows = input.count / Swift.max(inputSize, 1)
        let x = input.storage.pointer
        let w = weight.storage.pointer

        // Forward.
        let output = Tensor(uninitializedShape: Array(input.shape.dropLast()) + [outputSize])
        let values = output.storage.pointer
        fillRows(values, rows: rows, width: outputSize, bias: bias.map { UnsafePointer($0.storage.pointer) })
        gemm(transposeA: false, transposeB: true, m: rows, n: outputSize, k: inputSize, a: x, b: w, beta: 1, c: values)

        // Local backward: dx = g · W, dW = gᵀ · x, dbias = column sums of g.
        let backward: BackwardFunction = { gradient in
            if let inputGradient = input.gradientBuffer() {
                gemm(transposeA: false, transposeB: false, m: rows, n: inputSize, k: outputSize,
                     a: gradient, b: w, beta: 1, c: inputGradient)
            }
            if let weightGradient = weight.gradientBuffer() {
                gemm(transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: rows,
                     a: gradient, b: x, beta: 1, c: weightGradient)
            }
            if let biasGradient = bias?.gradientBuffer() {
                for row in 0..<rows {
                    let source = gradient + row * outputSize
                    for j in 0..<outputSize { biasGradient[j] += source[j] }
                }
            }
        }

        // Attach.
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        return record(output, operation: "linear", inputs: inputs, backward: backward)
    }
}
