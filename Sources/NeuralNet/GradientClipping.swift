import Autograd

/// Scales all gradients so that their total L2 norm is at most `maxNorm`, like
/// `torch.nn.utils.clip_grad_norm_`: the factor is `maxNorm / (norm + 1e-6)`, applied only when below 1.
/// Parameters without a gradient are ignored.
///
/// - Returns: the total norm before clipping, √(Σ over all gradient elements of g²).
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    let gradients = parameters.compactMap(\.grad)
    var squaredTotal = 0.0
    for gradient in gradients {
        gradient.withUnsafeBufferPointer { values in
            for value in values { squaredTotal += Double(value) * Double(value) }
        }
    }
    let norm = Float(squaredTotal.squareRoot())
    let factor = maxNorm / (norm + 1e-6)
    if factor < 1 {
        for gradient in gradients {
            gradient.withUnsafeMutableBufferPointer { values in
                for i in 0..<values.count { values[i] *= factor }
            }
        }
    }
    return norm
}
