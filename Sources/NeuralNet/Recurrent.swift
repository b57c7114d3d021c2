import Autograd

/// The parameters of one layer and direction of a recurrent network, named as PyTorch names them.
struct RecurrentWeights {
    let suffix: String
    let inputWeight: Tensor
    let hiddenWeight: Tensor
    let inputBias: Tensor?
    let hiddenBias: Tensor?

    var named: [(name: String, tensor: Tensor)] {
        var result = [("weight_ih" + suffix, inputWeight), ("weight_hh" + suffix, hiddenWeight)]
        if let inputBias, let hiddenBias {
            result += [("bias_ih" + suffix, inputBias), ("bias_hh" + suffix, hiddenBias)]
        }
        return result
    }
}

/// The implementation GRU and LSTM share: stacked layers, an optional reverse direction and dropout
/// between layers.
///
/// Every weight and bias is drawn from U(-1/√hidden, 1/√hidden), PyTorch's initialisation.
final class RecurrentStack {
    enum Cell {
        case gru, lstm

        var gates: Int { self == .gru ? 3 : 4 }
        var name: String { self == .gru ? "GRU" : "LSTM" }
    }

    let cell: Cell
    let inputSize: Int
    let hiddenSize: Int
    let layerCount: Int
    let isBidirectional: Bool
    /// Layers in order, each with the forward direction first.
    let weights: [[RecurrentWeights]]
    let interLayerDropout: Dropout

    init(
        cell: Cell, inputSize: Int, hiddenSize: Int, layerCount: Int, bias: Bool, dropout: Float,
        bidirectional: Bool, generator: SeededGenerator
    ) {
        precondition(inputSize > 0 && hiddenSize > 0 && layerCount > 0, "\(cell.name): sizes and layer count must be positive")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.isBidirectional = bidirectional
        self.interLayerDropout = Dropout(probability: dropout, generator: generator)

        let bound = 1 / Float(hiddenSize).squareRoot()
        let directions = bidirectional ? 2 : 1
        func draw(_ shape: [Int]) -> Tensor {
            Tensor.uniform(shape, low: -bound, high: bound, generator: generator, requiresGrad: true)
        }
        var layers: [[RecurrentWeights]] = []
        for layer in 0..<layerCount {
            let layerInput = layer == 0 ? inputSize : hiddenSize * directions
            var directionWeights: [RecurrentWeights] = []
            for direction in 0..<directions {
                let gateRows = cell.gates * hiddenSize
                directionWeights.append(RecurrentWeights(
                    suffix: "_l\(layer)" + (direction == 1 ? "_reverse" : ""),
                    inputWeight: draw([gateRows, layerInput]),
                    hiddenWeight: draw([gateRows, hiddenSize]),
                    inputBias: bias ? draw([gateRows]) : nil,
                    hiddenBias: bias ? draw([gateRows]) : nil))
            }
            layers.append(directionWeights)
        }
        weights = layers
    }

    var named: [(name: String, tensor: Tensor)] {
        weights.flatMap { $0.flatMap(\.named) }
    }

    func run(_ input: Tensor, lengths: [Int]?, training: Bool) -> (outputs: Tensor, lastHidden: Tensor) {
        precondition(
            input.rank == 3 && input.shape[2] == inputSize,
            "\(cell.name): input must be [batch, time, \(inputSize)], got shape \(input.shape)")
        let batch = input.shape[0]
        let time = input.shape[1]
        let resolvedLengths = lengths ?? Array(repeating: time, count: batch)
        precondition(resolvedLengths.count == batch, "\(cell.name): \(resolvedLengths.count) lengths for a batch of \(batch)")
        interLayerDropout.isTraining = training

        let layout = PackedSequenceLayout(lengths: resolvedLengths, time: time)
        var layerInput = input
        var lastHidden: [Tensor] = []
        for (layer, directions) in weights.enumerated() {
            var outputs: [Tensor] = []
            lastHidden = []
            for (direction, weights) in directions.enumerated() {
                // The reverse direction runs forward over each row's valid steps reversed.
                let reversed = direction == 1
                if cell == .gru {
                    let packed = runPackedGRU(layerInput, layout: layout, reversed: reversed, weights: weights)
                    lastHidden.append(packed.lastHidden)
                    outputs.append(packed.outputs)
                    continue
                }
                // NOTE: the LSTM still runs its products on the padded batch, padding steps included.
                let sequence = reversed ? layerInput.reversedSteps(lengths: resolvedLengths) : layerInput
                let projection = Tensor.linear(sequence, weight: weights.inputWeight, bias: weights.inputBias)
                let states = Tensor.lstmSequence(
                    inputProjection: projection, hiddenWeight: weights.hiddenWeight,
                    hiddenBias: weights.hiddenBias, lengths: resolvedLengths)
                lastHidden.append(states.lastValidSteps(lengths: resolvedLengths))
                outputs.append(reversed ? states.reversedSteps(lengths: resolvedLengths) : states)
            }
            layerInput = outputs.count == 1 ? outputs[0] : Tensor.concat(outputs, axis: 2)
            if layer < layerCount - 1 {
                layerInput = interLayerDropout(layerInput)
            }
        }
        let hidden = lastHidden.count == 1 ? lastHidden[0] : Tensor.concat(lastHidden, axis: 1)
        return (layerInput, hidden)
    }

    /// Runs one GRU direction on the valid steps only: the input projection and the recurrence see packed
    /// steps, and the states go back to padded positions at the end.
    private func runPackedGRU(
        _ input: Tensor, layout: PackedSequenceLayout, reversed: Bool, weights: RecurrentWeights
    ) -> (outputs: Tensor, lastHidden: Tensor) {
        let states = packedGRUStates(input.packedSteps(layout, reversed: reversed), layout: layout, weights: weights)
        let lastHidden = states.reshaped([1, layout.count, hiddenSize])
            .gatherSteps(layout.lastStepPositions(), steps: layout.batch)
            .reshaped([layout.batch, hiddenSize])
        return (states.paddedSteps(layout, reversed: reversed), lastHidden)
    }

    /// Computes the GRU state after each packed step of `sequence` `[layout.count, input]`, `[layout.count, hidden]`.
    func packedGRUStates(_ sequence: Tensor, layout: PackedSequenceLayout, weights: RecurrentWeights) -> Tensor {
        let projection = Tensor.linear(sequence, weight: weights.inputWeight, bias: weights.inputBias)
        return Tensor.gruPackedSequence(
            inputProjection: projection, hiddenWeight: weights.hiddenWeight, hiddenBias: weights.hiddenBias,
            layout: layout)
    }
}

/// The module code that `GRU` and `LSTM` share, like PyTorch's `nn.RNNBase`: sizes, parameters, mode and the
/// forward pass over a padded batch.
public class RNNBase: Module {
    let stack: RecurrentStack
    public var isTraining = true

    /// Number of input features.
    public var inputSize: Int { stack.inputSize }
    /// Hidden state size per direction.
    public var hiddenSize: Int { stack.hiddenSize }

    init(
        cell: RecurrentStack.Cell, inputSize: Int, hiddenSize: Int, layerCount: Int, bias: Bool, dropout: Float,
        bidirectional: Bool, generator: SeededGenerator
    ) {
        stack = RecurrentStack(
            cell: cell, inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, bias: bias,
            dropout: dropout, bidirectional: bidirectional, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { stack.named }

    public var children: [(name: String, module: any Module)] { [] }

    /// Runs over `input` `[batch, time, inputSize]` whose row b has `lengths[b]` valid leading steps
    /// (nil: all valid).
    ///
    /// - Returns: `outputs` `[batch, time, directions·hidden]` of the last layer, zero at padding steps, and
    ///   `lastHidden` `[batch, directions·hidden]`, the last layer's final state per direction (zeros for an
    ///   empty row). PyTorch's `h_n` also contains earlier layers, but this returns only the last. For an LSTM,
    ///   `lastHidden` is the final hidden state h, and the cell state is not returned.
    public func callAsFunction(_ input: Tensor, lengths: [Int]? = nil) -> (outputs: Tensor, lastHidden: Tensor) {
        stack.run(input, lengths: lengths, training: isTraining)
    }
}

/// A gated recurrent unit network, like `torch.nn.GRU(batch_first=True)` over a packed sequence.
///
/// Parameters per layer k: `weight_ih_lk` `[3·hidden, input]`, `weight_hh_lk` `[3·hidden, hidden]`,
/// `bias_ih_lk` and `bias_hh_lk` `[3·hidden]` (gate order r, z, n), plus `..._reverse` copies when
/// bidirectional. The initial state is zero.
public final class GRU: RNNBase {
    /// Creates a GRU initialised from `generator`.
    ///
    /// - Parameters:
    ///   - layerCount: stacked layers (PyTorch's `num_layers`).
    ///   - dropout: applied to the outputs of every layer but the last, in training mode.
    ///   - bidirectional: adds a reverse direction; outputs then have `2·hiddenSize` features.
    public init(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, bias: Bool = true, dropout: Float = 0,
        bidirectional: Bool = false, generator: SeededGenerator
    ) {
        super.init(
            cell: .gru, inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, bias: bias,
            dropout: dropout, bidirectional: bidirectional, generator: generator)
    }

    /// Runs a one-layer, one-direction GRU over packed steps `[layout.count, inputSize]` (see
    /// `Tensor.packedSteps(_:reversed:)`) and returns the state after each, `[layout.count, hiddenSize]`.
    ///
    /// This skips the padding that `callAsFunction(_:lengths:)` packs away and restores.
    public func packedOutputs(_ input: Tensor, layout: PackedSequenceLayout) -> Tensor {
        precondition(
            stack.layerCount == 1 && !stack.isBidirectional,
            "GRU.packedOutputs: needs one layer and one direction, got \(stack.layerCount) layers, bidirectional \(stack.isBidirectional)")
        precondition(
            input.shape == [layout.count, inputSize],
            "GRU.packedOutputs: input must be [\(layout.count), \(inputSize)] for the layout, got shape \(input.shape)")
        return stack.packedGRUStates(input, layout: layout, weights: stack.weights[0][0])
    }
}

/// A long short-term memory network, like `torch.nn.LSTM(batch_first=True)` over a packed sequence.
///
/// Parameters as for `GRU`, with `4·hidden` gate rows in the order i, f, g, o. Hidden and cell states
/// start at zero.
public final class LSTM: RNNBase {
    /// Creates an LSTM initialised from `generator`; the parameters are as for `GRU.init`.
    public init(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, bias: Bool = true, dropout: Float = 0,
        bidirectional: Bool = false, generator: SeededGenerator
    ) {
        super.init(
            cell: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, bias: bias,
            dropout: dropout, bidirectional: bidirectional, generator: generator)
    }
}
