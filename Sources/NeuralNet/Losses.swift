import Autograd
import Foundation

/// Computes the mean binary cross-entropy on logits, as `torch.nn.functional.binary_cross_entropy_with_logits`.
///
/// Per element, `max(x, 0) - x·y + log(1 + e^-|x|)`, which equals `-[y log σ(x) + (1-y) log(1 - σ(x))]`
/// without overflow for large |x|. The gradient is `(σ(x) - y) / count`; targets get none.
///
/// - Parameters:
///   - logits: any shape, such as `[batch, 1]` or `[batch, labels]`.
///   - targets: the same shape, values in [0, 1].
/// - Returns: a rank-0 tensor.
public func binaryCrossEntropyWithLogits(_ logits: Tensor, targets: Tensor) -> Tensor {
    precondition(
        logits.shape == targets.shape,
        "binaryCrossEntropyWithLogits: logits shape \(logits.shape) does not match targets shape \(targets.shape)")
    let count = logits.count
    let x = logits.unsafeValues
    let y = targets.unsafeValues

    // Forward, summed in Double.
    var total = 0.0
    for i in 0..<count {
        let value = Swift.max(x[i], 0) - x[i] * y[i] + log1pf(expf(-Swift.abs(x[i])))
        total += Double(value)
    }
    let output = Tensor(Float(total / Double(Swift.max(count, 1))))

    // Local backward.
    let backward: BackwardFunction = { gradient in
        guard let logitGradient = logits.backwardBuffer() else { return }
        let scale = gradient[0] / Float(Swift.max(count, 1))
        withExtendedLifetime(targets) {
            for i in 0..<count {
                logitGradient[i] += scale * (1 / (1 + expf(-x[i])) - y[i])
            }
        }
    }

    // Attach.
    return Tensor.record(output, operation: "binaryCrossEntropyWithLogits", inputs: [logits], backward: backward)
}

/// Computes the mean cross-entropy over classes, as `torch.nn.functional.cross_entropy` with class-index targets.
///
/// Per row, `-log softmax(x)[target]`, and the gradient is `(softmax(x) - onehot(target)) / rows`.
///
/// - Parameters:
///   - logits: `[rows, classes]`.
///   - targets: one class index per row, each in `0..<classes`.
/// - Returns: a rank-0 tensor.
public func crossEntropy(_ logits: Tensor, targets: [Int32]) -> Tensor {
    precondition(logits.rank == 2, "crossEntropy: logits must be [rows, classes], got shape \(logits.shape)")
    let rows = logits.shape[0]
    let classes = logits.shape[1]
    precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for logits shape \(logits.shape)")
    for (row, target) in targets.enumerated() where target < 0 || Int(target) >= classes {
        preconditionFailure("crossEntropy: target \(target) of row \(row) is outside 0..<\(classes)")
    }
    let logSoftmax = withNoGrad { logits.logSoftmax() }
    let logProbabilities = logSoftmax.unsafeValues

    // Forward.
    var total = 0.0
    for (row, target) in targets.enumerated() {
        total -= Double(logProbabilities[row * classes + Int(target)])
    }
    let output = Tensor(Float(total / Double(Swift.max(rows, 1))))

    // Local backward.
    let backward: BackwardFunction = { gradient in
        guard let logitGradient = logits.backwardBuffer() else { return }
        let scale = gradient[0] / Float(Swift.max(rows, 1))
        withExtendedLifetime(logSoftmax) {
            for (row, target) in targets.enumerated() {
                for j in 0..<classes {
                    let probability = expf(logProbabilities[row * classes + j])
                    let indicator: Float = j == Int(target) ? 1 : 0
                    logitGradient[row * classes + j] += scale * (probability - indicator)
                }
            }
        }
    }

    // Attach.
    return Tensor.record(output, operation: "crossEntropy", inputs: [logits], backward: backward)
}

/// Computes the mean squared error, as `torch.nn.functional.mse_loss`, of two tensors of the same shape.
public func meanSquaredError(_ predictions: Tensor, targets: Tensor) -> Tensor {
    precondition(
        predictions.shape == targets.shape,
        "meanSquaredError: predictions shape \(predictions.shape) does not match targets shape \(targets.shape)")
    return (predictions - targets).squared().mean()
}
