import Autograd
import Foundation

/// The Adam update shared by `Adam` and `AdamW` (Kingma and Ba, 2015), in the form of `torch.optim.Adam`:
///
///     m = β₁m + (1-β₁)g,  v = β₂v + (1-β₂)g²
///     p -= (lr / (1-β₁ᵗ)) · m / (√v / √(1-β₂ᵗ) + ε)
///
/// Weight decay λ is either added to the gradient as an L2 term (`g += λp`, Adam) or applied to the
/// parameter before the update (`p *= 1 - lr·λ`, AdamW; Loshchilov and Hutter, 2019).
final class AdamUpdate {
    var learningRate: Float
    let beta1: Float
    let beta2: Float
    let epsilon: Float
    let decoupledWeightDecay: Bool
    let groups: [ParameterGroup]
    private var states: [ObjectIdentifier: ParameterState] = [:]

    init(groups: [ParameterGroup], learningRate: Float, betas: (Float, Float), epsilon: Float, decoupledWeightDecay: Bool) {
        precondition(learningRate >= 0, "Adam: learning rate \(learningRate) is negative")
        precondition(
            betas.0 >= 0 && betas.0 < 1 && betas.1 >= 0 && betas.1 < 1,
            "Adam: betas \(betas) must each be in [0, 1)")
        precondition(epsilon >= 0, "Adam: epsilon \(epsilon) is negative")
        self.groups = groups
        self.learningRate = learningRate
        self.beta1 = betas.0
        self.beta2 = betas.1
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    func step() {
        withNoGrad {
            for group in groups {
                for parameter in group.parameters {
                    guard let gradient = parameter.grad else { continue }
                    update(parameter, gradient: gradient, weightDecay: group.weightDecay)
                }
            }
        }
    }

    private func update(_ parameter: Tensor, gradient: Tensor, weightDecay: Float) {
        let state = stateFor(parameter)
        state.step += 1
        let firstMoment = state.buffers[0]
        let secondMoment = state.buffers[1]

        // Bias corrections in Double, since β₂ᵗ stays close to 1 for many steps.
        let correction1 = 1 - Foundation.pow(Double(beta1), Double(state.step))
        let correction2 = 1 - Foundation.pow(Double(beta2), Double(state.step))
        let stepSize = Float(Double(learningRate) / correction1)
        let correction2Root = Float(correction2.squareRoot())
        let decayFactor = decoupledWeightDecay ? 1 - learningRate * weightDecay : 1
        let l2 = decoupledWeightDecay ? 0 : weightDecay

        parameter.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                for i in 0..<p.count {
                    p[i] *= decayFactor
                    let gradientValue = g[i] + l2 * p[i]
                    firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * gradientValue
                    secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * gradientValue * gradientValue
                    let denominator = secondMoment[i].squareRoot() / correction2Root + epsilon
                    p[i] -= stepSize * firstMoment[i] / denominator
                }
            }
        }
    }

    private func stateFor(_ parameter: Tensor) -> ParameterState {
        let key = ObjectIdentifier(parameter)
        if let state = states[key] { return state }
        let state = ParameterState(count: parameter.count, bufferCount: 2)
        states[key] = state
        return state
    }
}

/// Adam with weight decay as an L2 term added to the gradient, matching `torch.optim.Adam`
/// (defaults lr 1e-3, betas (0.9, 0.999), epsilon 1e-8, weight decay 0).
public final class Adam: Optimizer {
    private let core: AdamUpdate

    public var learningRate: Float {
        get { core.learningRate }
        set { core.learningRate = newValue }
    }

    public var groups: [ParameterGroup] { core.groups }

    /// Creates an optimizer over parameter groups, each with its own weight decay.
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8) {
        core = AdamUpdate(groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon, decoupledWeightDecay: false)
    }

    /// Creates an optimizer over one group of parameters.
    public convenience init(
        parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) {
        self.init(
            groups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)], learningRate: learningRate,
            betas: betas, epsilon: epsilon)
    }

    /// Applies one update to every parameter that has a gradient.
    public func step() { core.step() }
}

/// Adam with decoupled weight decay, matching `torch.optim.AdamW`
/// (defaults lr 1e-3, betas (0.9, 0.999), epsilon 1e-8, weight decay 0.01).
public final class AdamW: Optimizer {
    private let core: AdamUpdate

    public var learningRate: Float {
        get { core.learningRate }
        set { core.learningRate = newValue }
    }

    public var groups: [ParameterGroup] { core.groups }

    /// Creates an optimizer over parameter groups, each with its own weight decay.
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8) {
        core = AdamUpdate(groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon, decoupledWeightDecay: true)
    }

    /// Creates an optimizer over one group of parameters.
    public convenience init(
        parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8,
        weightDecay: Float = 0.01
    ) {
        self.init(
            groups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)], learningRate: learningRate,
            betas: betas, epsilon: epsilon)
    }

    /// Applies one update to every parameter that has a gradient.
    public func step() { core.step() }
}
