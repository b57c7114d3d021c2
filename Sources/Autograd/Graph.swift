/// Propagates the gradient of an operation's output, `count` values in the output's layout, into the
/// gradient buffers of its inputs.
public typealias BackwardFunction = (_ outputGradient: UnsafePointer<Float>) -> Void

/// One recorded operation: its inputs and how to send the output gradient back to them.
final class GradNode {
    let operation: String
    let inputs: [Tensor]
    let backward: BackwardFunction

    init(operation: String, inputs: [Tensor], backward: @escaping BackwardFunction) {
        self.operation = operation
        self.inputs = inputs
        self.backward = backward
    }
}

/// Whether operations record the graph on the current thread or task; see `withNoGrad`.
enum GradMode {
    @TaskLocal static var isEnabled = true
}

/// Runs `body` without recording gradients, like `torch.no_grad()`: results have no graph and
/// `requiresGrad == false`. Use it for evaluation, inference and in-place parameter updates.
public func withNoGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradMode.$isEnabled.withValue(false) {
        try body()
    }
}

/// Whether operations currently record gradients (false inside `withNoGrad`).
public var isGradRecordingEnabled: Bool { GradMode.isEnabled }

extension Tensor {
    /// Attaches `backward` to `output` when recording is on and an input requires a gradient.
    ///
    /// This is the last step of every operation: forward computes `output`, a closure computes the local
    /// gradient and adds it into `input.gradientBuffer()`, then this records the closure. Code outside
    /// this module can define its own differentiable operations the same way, through `backwardBuffer`.
    /// The closure must not capture `output` itself (capture its storage values instead), or the graph
    /// keeps itself alive.
    @discardableResult
    public static func record(
        _ output: Tensor, operation: String, inputs: [Tensor], backward: @escaping BackwardFunction
    ) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else {
            return output
        }
        output.node = GradNode(operation: operation, inputs: inputs, backward: backward)
        return output
    }

    /// Returns this tensor's gradient buffer for a custom operation's backward step, zero-filled on first
    /// use, or nil when no gradient flows here (skip the work then). Add into it; never overwrite it.
    public func backwardBuffer() -> UnsafeMutablePointer<Float>? {
        gradientBuffer()
    }

    /// Read-only pointer to the values, valid while this tensor is alive; for custom operations.
    public var unsafeValues: UnsafePointer<Float> { UnsafePointer(storage.pointer) }

    /// Computes the gradient of this tensor with respect to every leaf that requires one, accumulating
    /// into each leaf's `grad`.
    ///
    /// - Parameter gradient: the gradient of the final objective with respect to this tensor, of the same
    ///   shape. It defaults to 1, which requires a one-element tensor such as a loss.
    ///
    /// The graph is freed as it is walked, as PyTorch does without `retain_graph`: call `backward()` once per
    /// forward pass. Intermediate results keep no gradient afterwards; only leaves do.
    public func backward(gradient: Tensor? = nil) {
        precondition(requiresGrad, "backward(): tensor of shape \(shape) does not require a gradient; mark a leaf with requiresGrad")
        if let gradient {
            precondition(gradient.shape == shape, "backward(): gradient shape \(gradient.shape) does not match tensor shape \(shape)")
        } else {
            precondition(count == 1, "backward(): an implicit gradient needs a one-element tensor, got shape \(shape); pass gradient:")
        }

        let order = topologicalOrder()

        // Seed the output gradient.
        let seed = gradientBuffer()!
        if let gradient {
            for index in 0..<count {
                seed[index] += gradient.storage.pointer[index]
            }
        } else {
            seed[0] += 1
        }

        // Walk from the output to the leaves, releasing each node and intermediate gradient once used.
        for tensor in order.reversed() {
            guard let node = tensor.node else { continue }
            if let outputGradient = tensor.gradStorage {
                node.backward(UnsafePointer(outputGradient.pointer))
            }
            tensor.node = nil
            tensor.isGraphReleased = true
            tensor.gradStorage = nil
        }
    }

    /// Tensors reachable from this one through recorded nodes, each after all of its inputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(tensor: Tensor, nextInput: Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))

        // Iterative depth-first search, because a long recurrent graph would overflow the call stack.
        while let (tensor, nextInput) = stack.popLast() {
            precondition(
                tensor.node != nil || !tensor.isGraphReleased,
                "backward(): the graph through a \(tensor.shape) result was freed by an earlier backward(); add the losses and call backward() once, or run the forward pass again")
            let inputs = tensor.node?.inputs ?? []
            if nextInput < inputs.count {
                stack.append((tensor, nextInput + 1))
                let input = inputs[nextInput]
                if input.requiresGrad, visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(tensor)
            }
        }
        return order
    }
}
