import Autograd

/// A fully connected layer `y = x · Wᵀ + b`, like `torch.nn.Linear`.
///
/// Parameters: `weight` `[outputSize, inputSize]` and `bias` `[outputSize]`, both initialised from
/// U(-1/√inputSize, 1/√inputSize), which is what PyTorch's default (Kaiming uniform with a = √5) works out to.
public final class Linear: Module {
    /// `[outputSize, inputSize]`.
    public let weight: Tensor
    /// `[outputSize]`, or nil for a layer without bias.
    public let bias: Tensor?
    public var isTraining = true

    /// Number of input features.
    public var inputSize: Int { weight.shape[1] }
    /// Number of output features.
    public var outputSize: Int { weight.shape[0] }

    /// Creates a layer with PyTorch's initialisation drawn from `generator`.
    public init(inputSize: Int, outputSize: Int, bias: Bool = true, generator: SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize) -> \(outputSize)")
        let bound = 1 / Float(inputSize).squareRoot()
        weight = Tensor.uniform([outputSize, inputSize], low: -bound, high: bound, generator: generator, requiresGrad: true)
        self.bias = bias
            ? Tensor.uniform([outputSize], low: -bound, high: bound, generator: generator, requiresGrad: true)
            : nil
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// Applies the layer to `[..., inputSize]`, giving `[..., outputSize]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.last == inputSize,
            "Linear: input shape \(input.shape) does not end in the layer's input size \(inputSize) (weight \(weight.shape))")
        return Tensor.linear(input, weight: weight, bias: bias)
    }
}
