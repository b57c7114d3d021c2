/// The outcome of comparing backpropagated gradients with central finite differences.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// One compared element.
    public struct Mismatch: Sendable {
        /// Position of the tensor in the `withRespectTo` list.
        public let tensor: Int
        /// Row-major element index within that tensor.
        public let element: Int
        /// The gradient from `backward()`.
        public let analytic: Double
        /// The central-difference estimate.
        public let numeric: Double
    }

    /// Number of elements compared.
    public let checkedCount: Int
    /// Elements outside the tolerance, in the order checked.
    public let mismatches: [Mismatch]
    /// Largest |analytic - numeric| over all elements.
    public let maxAbsoluteError: Double

    /// Whether at least one element was checked and none was outside the tolerance.
    public var passed: Bool { mismatches.isEmpty && checkedCount > 0 }

    public var description: String {
        if passed {
            return "gradient check passed: \(checkedCount) elements, max abs error \(maxAbsoluteError)"
        }
        if checkedCount == 0 {
            return "gradient check failed: no element was checked (no tensor requires a gradient)"
        }
        let listed = mismatches.prefix(5).map {
            "tensor \($0.tensor) element \($0.element): analytic \($0.analytic), numeric \($0.numeric)"
        }
        return "gradient check failed on \(mismatches.count) of \(checkedCount) elements; " + listed.joined(separator: "; ")
    }
}

/// Checks backward steps against central finite differences.
public enum GradientCheck {
    /// Compares the gradients that `backward()` computes for each tensor in `tensors` with central differences.
    ///
    /// The scalar objective is `L = Σ f() ⊙ R` with a fixed random `R` in [-1, 1), so every output element
    /// contributes with a different weight and a backward step that mixes up elements is caught. `L` is
    /// summed in Double from the Float32 outputs of `f`; the numeric derivative is
    /// `(L(x + ε) - L(x - ε)) / (2ε)` per element, with ε the actual Float32 step.
    ///
    /// - Parameters:
    ///   - function: computes the output from the tensors (captured, perturbed in place between calls).
    ///     It must be deterministic: reseed any generator inside it.
    ///   - tensors: leaves with `requiresGrad`, whose gradients are checked; their `grad` is cleared afterwards.
    ///   - epsilon: the perturbation. 1e-2 keeps Float32 rounding in `L` (about 1e-7 relative) well below the
    ///     tolerance, and the truncation error (about ε²/6 times the third derivative) small.
    ///   - absoluteTolerance, relativeTolerance: an element passes when
    ///     `|analytic - numeric| <= absoluteTolerance + relativeTolerance * max(|analytic|, |numeric|)`.
    public static func check(
        _ function: () -> Tensor,
        withRespectTo tensors: [Tensor],
        epsilon: Float = 1e-2,
        absoluteTolerance: Double = 1e-3,
        relativeTolerance: Double = 1e-2,
        seed: UInt64 = 0x5EED
    ) -> GradientCheckResult {
        for tensor in tensors {
            precondition(tensor.requiresGrad && tensor.node == nil, "GradientCheck: every checked tensor must be a leaf with requiresGrad")
            tensor.zeroGrad()
        }

        // Analytic gradients of L = Σ f ⊙ R.
        let firstOutput = GradMode.$isEnabled.withValue(true) { function() }
        let generator = SeededGenerator(seed: seed)
        let projection = Tensor.uniform(firstOutput.shape, low: -1, high: 1, generator: generator)
        let objective = GradMode.$isEnabled.withValue(true) { (firstOutput * projection).sum() }
        if objective.requiresGrad {
            objective.backward()
        }
        let analytic = tensors.map { $0.grad?.scalars ?? [Float](repeating: 0, count: $0.count) }
        for tensor in tensors { tensor.zeroGrad() }

        func evaluate() -> Double {
            let output = withNoGrad { function() }
            precondition(output.shape == projection.shape, "GradientCheck: output shape changed from \(projection.shape) to \(output.shape)")
            var total = 0.0
            for i in 0..<output.count {
                total += Double(output.storage.pointer[i]) * Double(projection.storage.pointer[i])
            }
            return total
        }

        // Numeric gradients, one element at a time.
        var mismatches: [GradientCheckResult.Mismatch] = []
        var maxError = 0.0
        var checked = 0
        for (tensorIndex, tensor) in tensors.enumerated() {
            let values = tensor.storage.pointer
            for element in 0..<tensor.count {
                let original = values[element]
                let plus = original + epsilon
                let minus = original - epsilon
                values[element] = plus
                let objectivePlus = evaluate()
                values[element] = minus
                let objectiveMinus = evaluate()
                values[element] = original

                let numeric = (objectivePlus - objectiveMinus) / (Double(plus) - Double(minus))
                let computed = Double(analytic[tensorIndex][element])
                let error = Swift.abs(computed - numeric)
                maxError = Swift.max(maxError, error)
                checked += 1
                if !(error <= absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(computed), Swift.abs(numeric))) {
                    mismatches.append(.init(tensor: tensorIndex, element: element, analytic: computed, numeric: numeric))
                }
            }
        }
        return GradientCheckResult(checkedCount: checked, mismatches: mismatches, maxAbsoluteError: maxError)
    }
}
