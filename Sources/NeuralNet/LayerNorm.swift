import Autograd

/// Layer normalisation over the last axis, like `torch.nn.LayerNorm(size)`.
///
/// Parameters: `weight` (ones) and `bias` (zeros), both `[size]`.
public final class LayerNorm: Module {
    /// Scale, `[size]`.
    public let weight: Tensor
    /// Shift, `[size]`.
    public let bias: Tensor
    /// Added to the variance; PyTorch's default 1e-5.
    public let epsilon: Float
    public var isTraining = true

    /// Creates a layer normalising `size` features.
    public init(size: Int, epsilon: Float = 1e-5) {
        precondition(size > 0, "LayerNorm: size must be positive, got \(size)")
        weight = Tensor.ones([size], requiresGrad: true)
        bias = Tensor.zeros([size], requiresGrad: true)
        self.epsilon = epsilon
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }

    public var children: [(name: String, module: any Module)] { [] }

    /// Normalises `[..., size]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.layerNorm(weight: weight, bias: bias, epsilon: epsilon)
    }
}
