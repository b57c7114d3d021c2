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
    private var states = ParameterStates(bufferCount: 2)

    /// Creates an optimizer over parameter groups. `decoupledWeightDecay` true selects AdamW's decay.
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
        forEachGradient(in: groups) { parameter, gradient, weightDecay in
            update(parameter, gradient: gradient, weightDecay: weightDecay)
        }
    }

    private func update(_ parameter: Tensor, gradient: Tensor, weightDecay: Float) {
        let state = states.state(for: parameter)
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
                // An empty parameter (PyHealth's `_dummy_param`) has no base address and nothing to update.
                guard let parameterBase = p.baseAddress, let gradientBase = g.baseAddress else { return }
                Self.updateElements(
                    count: p.count, parameter: parameterBase, gradient: gradientBase,
                    firstMoment: firstMoment, secondMoment: secondMoment,
                    constants: AdamConstants(
                        beta1: beta1, beta2: beta2, epsilon: epsilon, stepSize: stepSize,
                        correction2Root: correction2Root, decayFactor: decayFactor, l2: l2))
            }
        }
    }

    /// Scalars of one Adam step, so that the element loop reads locals and not class fields.
    struct AdamConstants {
        let beta1, beta2, epsilon, stepSize, correction2Root, decayFactor, l2: Float
    }

    /// Applies the update to `count` elements, eight at a time in SIMD registers and the rest one by one.
    ///
    /// Both paths do the same operations in the same order, so every element gets the scalar formula's result.
    private static func updateElements(
        count: Int, parameter: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
        firstMoment: UnsafeMutablePointer<Float>, secondMoment: UnsafeMutablePointer<Float>, constants c: AdamConstants
    ) {
        typealias Vector = SIMD8<Float>
        let width = Vector.scalarCount
        var i = 0
        while i + width <= count {
            let offset = i * MemoryLayout<Float>.stride
            var p = UnsafeRawPointer(parameter).loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let g = UnsafeRawPointer(gradient).loadUnaligned(fromByteOffset: offset, as: Vector.self)
            var m = UnsafeRawPointer(firstMoment).loadUnaligned(fromByteOffset: offset, as: Vector.self)
            var v = UnsafeRawPointer(secondMoment).loadUnaligned(fromByteOffset: offset, as: Vector.self)
            p *= c.decayFactor
            let gradientValue = g + c.l2 * p
            m = c.beta1 * m + (1 - c.beta1) * gradientValue
            v = c.beta2 * v + (1 - c.beta2) * gradientValue * gradientValue
            let denominator = v.squareRoot() / c.correction2Root + c.epsilon
            p -= c.stepSize * m / denominator
            UnsafeMutableRawPointer(parameter).storeBytes(of: p, toByteOffset: offset, as: Vector.self)
            UnsafeMutableRawPointer(firstMoment).storeBytes(of: m, toByteOffset: offset, as: Vector.self)
            UnsafeMutableRawPointer(secondMoment).storeBytes(of: v, toByteOffset: offset, as: Vector.self)
            i += width
        }
        while i < count {
            parameter[i] *= c.decayFactor
            let gradientValue = gradient[i] + c.l2 * parameter[i]
            firstMoment[i] = c.beta1 * firstMoment[i] + (1 - c.beta1) * gradientValue
            secondMoment[i] = c.beta2 * secondMoment[i] + (1 - c.beta2) * gradientValue * gradientValue
            let denominator = secondMoment[i].squareRoot() / c.correction2Root + c.epsilon
            parameter[i] -= c.stepSize * firstMoment[i] / denominator
            i += 1
        }
    }
}

/// Adam with weight decay as an L2 term added to the gradient, matching `torch.optim.Adam`
/// (defaults lr 1e-3, betas (0.9, 0.999), epsilon 1e-8, weight decay 0).
///
/// `AdamW` subclasses it and differs only in how weight decay is applied.
public class Adam: Optimizer {
    private let core: AdamUpdate

    public var learningRate: Float {
        get { core.learningRate }
        set { core.learningRate = newValue }
    }

    public var groups: [ParameterGroup] { core.groups }

    /// Creates an optimizer over parameter groups, each with its own weight decay.
    public convenience init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8) {
        self.init(groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon, decoupledWeightDecay: false)
    }

    /// Creates an optimizer over parameter groups. `decoupledWeightDecay` true selects AdamW's decay.
    init(groups: [ParameterGroup], learningRate: Float, betas: (Float, Float), epsilon: Float, decoupledWeightDecay: Bool) {
        core = AdamUpdate(
            groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon,
            decoupledWeightDecay: decoupledWeightDecay)
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
public final class AdamW: Adam {
    /// Creates an optimizer over parameter groups, each with its own weight decay.
    public convenience init(groups: [ParameterGroup], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8) {
        self.init(groups: groups, learningRate: learningRate, betas: betas, epsilon: epsilon, decoupledWeightDecay: true)
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
}
