import Autograd

/// Inverted dropout, active only in training mode, like `torch.nn.Dropout(p)`.
public final class Dropout: Module {
    /// Probability of zeroing each element.
    public let probability: Float
    /// Source of the dropout masks; share one generator across a model so a seed fixes every mask.
    public let generator: SeededGenerator
    public var isTraining = true

    /// Creates a dropout layer that draws its masks from `generator`.
    public init(probability: Float, generator: SeededGenerator) {
        precondition(probability >= 0 && probability <= 1, "Dropout: probability \(probability) is outside [0, 1]")
        self.probability = probability
        self.generator = generator
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] { [] }

    /// Returns `input` unchanged in evaluation mode or with probability 0.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isTraining, probability > 0 else { return input }
        return input.dropout(probability: probability, generator: generator)
    }
}
