import Autograd
import NeuralNet

/// Modules keyed by name in insertion order, like `torch.nn.ModuleDict`: a child's parameters are named
/// `<key>.<parameter>`, so one encoder per feature gets names such as `rnn.conditions.rnn.weight_ih_l0`.
public final class ModuleDictionary<Element: Module>: Module {
    /// The entries in insertion order.
    public let entries: [(key: String, module: Element)]
    public var isTraining = true

    /// Creates the dictionary from entries with unique keys.
    public init(_ entries: [(key: String, module: Element)]) {
        precondition(
            Set(entries.map(\.key)).count == entries.count,
            "ModuleDictionary: keys \(entries.map(\.key)) are not unique")
        self.entries = entries
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        entries.map { ($0.key, $0.module) }
    }

    /// The module stored under `key`, or nil.
    public subscript(key: String) -> Element? {
        entries.first { $0.key == key }?.module
    }

    /// The module at position `index` in insertion order.
    public subscript(index: Int) -> Element { entries[index].module }

    public var count: Int { entries.count }
}
