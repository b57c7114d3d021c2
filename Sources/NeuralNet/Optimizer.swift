import Autograd

/// Parameters that share optimizer settings, like one entry of PyTorch's `param_groups`.
public struct ParameterGroup {
    /// The parameters this group updates.
    public var parameters: [Tensor]
    /// Weight decay for this group: an L2 term for SGD and Adam, decoupled decay for AdamW.
    public var weightDecay: Float

    /// Creates a group; weight decay defaults to 0.
    public init(parameters: [Tensor], weightDecay: Float = 0) {
        self.parameters = parameters
        self.weightDecay = weightDecay
    }

    /// Splits named parameters into a decayed group and an undecayed one, as PyHealth's Trainer does.
    ///
    /// A parameter is left undecayed when its name contains any of `excludedNameParts`. The default is
    /// PyHealth's list; because PyHealth names its layer norms `norm`, only the "bias" entry matches in
    /// practice, so layer-norm weights are decayed. Pass `["bias", "norm"]` to exclude them too.
    /// - Returns: the decayed group first, then the undecayed one with weight decay 0.
    public static func splitForWeightDecay(
        _ named: [(name: String, tensor: Tensor)], weightDecay: Float,
        excludedNameParts: [String] = ["bias", "LayerNorm.bias", "LayerNorm.weight"]
    ) -> [ParameterGroup] {
        var decayed: [Tensor] = []
        var undecayed: [Tensor] = []
        for (name, tensor) in named {
            if excludedNameParts.contains(where: { name.contains($0) }) {
                undecayed.append(tensor)
            } else {
                decayed.append(tensor)
            }
        }
        return [ParameterGroup(parameters: decayed, weightDecay: weightDecay), ParameterGroup(parameters: undecayed, weightDecay: 0)]
    }
}

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// Step size; a scheduler may change it between steps.
    var learningRate: Float { get set }

    var groups: [ParameterGroup] { get }

    /// Applies one update to every parameter that has a gradient; parameters without one are skipped.
    func step()
}

extension Optimizer {
    /// Clears every parameter's gradient, like `zero_grad(set_to_none=True)`.
    public func zeroGrad() {
        for group in groups {
            for parameter in group.parameters {
                parameter.zeroGrad()
            }
        }
    }
}

/// Per-parameter optimizer buffers, allocated lazily and zero-filled like PyTorch's state.
final class ParameterState {
    private(set) var buffers: [UnsafeMutablePointer<Float>] = []
    let count: Int
    var step = 0

    init(count: Int, bufferCount: Int) {
        self.count = count
        for _ in 0..<bufferCount {
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
            buffer.initialize(repeating: 0, count: Swift.max(count, 1))
            buffers.append(buffer)
        }
    }

    deinit {
        for buffer in buffers {
            buffer.deallocate()
        }
    }
}

/// Calls `update` with each parameter that has a gradient, the gradient and the group's weight decay.
/// Gradient recording is off during the calls.
func forEachGradient(in groups: [ParameterGroup], _ update: (_ parameter: Tensor, _ gradient: Tensor, _ weightDecay: Float) -> Void) {
    withNoGrad {
        for group in groups {
            for parameter in group.parameters {
                guard let gradient = parameter.grad else { continue }
                update(parameter, gradient, group.weightDecay)
            }
        }
    }
}

/// Optimizer states keyed by parameter identity, each created on the parameter's first update.
struct ParameterStates {
    private var states: [ObjectIdentifier: ParameterState] = [:]
    /// Buffers per parameter, for example 1 for SGD momentum and 2 for Adam's moments.
    let bufferCount: Int

    init(bufferCount: Int) {
        self.bufferCount = bufferCount
    }

    /// Looks up the state of `parameter`, and creates it with zero-filled buffers on first use.
    mutating func state(for parameter: Tensor) -> ParameterState {
        let key = ObjectIdentifier(parameter)
        if let state = states[key] { return state }
        let state = ParameterState(count: parameter.count, bufferCount: bufferCount)
        states[key] = state
        return state
    }
}

/// Stochastic gradient descent with optional momentum, matching `torch.optim.SGD`.
///
/// With gradient g and weight decay λ: `d = g + λp`; with momentum μ, `buf = μ·buf + (1 - dampening)·d`
/// (the first step sets `buf = d`) and `d = buf`, or `d + μ·buf` with Nesterov; then `p -= lr·d`.
public final class SGD: Optimizer {
    public var learningRate: Float
    /// Momentum factor μ; 0 turns momentum off.
    public let momentum: Float
    /// Dampening of the gradient added to the momentum buffer.
    public let dampening: Float
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool
    public let groups: [ParameterGroup]
    private var states = ParameterStates(bufferCount: 1)

    /// Creates an optimizer over parameter groups, each with its own weight decay.
    public init(groups: [ParameterGroup], learningRate: Float, momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false) {
        precondition(learningRate >= 0, "SGD: learning rate \(learningRate) is negative")
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and dampening 0")
        self.groups = groups
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
    }

    /// Creates an optimizer over one group of parameters.
    public convenience init(parameters: [Tensor], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.init(groups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)], learningRate: learningRate, momentum: momentum)
    }

    /// Applies one update to every parameter that has a gradient.
    public func step() {
        forEachGradient(in: groups) { parameter, gradient, weightDecay in
            update(parameter, gradient: gradient, weightDecay: weightDecay)
        }
    }

    private func update(_ parameter: Tensor, gradient: Tensor, weightDecay: Float) {
        let count = parameter.count
        let state = momentum != 0 ? states.state(for: parameter) : nil
        parameter.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                for i in 0..<count {
                    var d = g[i] + weightDecay * p[i]
                    if let state {
                        let buffer = state.buffers[0]
                        buffer[i] = state.step == 0 ? d : momentum * buffer[i] + (1 - dampening) * d
                        d = nesterov ? d + momentum * buffer[i] : buffer[i]
                    }
                    p[i] -= learningRate * d
                }
            }
        }
        state?.step += 1
    }
}
