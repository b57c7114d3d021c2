import Autograd

/// A layer or model with named parameters and a training/evaluation mode, like `torch.nn.Module`.
///
/// Names follow PyTorch so that state dicts line up with a PyTorch model of the same structure:
/// a parameter's full name joins the child names on the path with dots, as in
/// `embeddings.conditions.weight` or `transformer.0.attention.linear_layers.0.weight`.
public protocol Module: AnyObject {
    /// Parameters this module owns directly, not through children, in registration order.
    var ownParameters: [(name: String, tensor: Tensor)] { get }

    /// Direct child modules in registration order.
    var children: [(name: String, module: any Module)] { get }

    /// Whether the module is in training mode, which turns dropout on. Set it for a whole tree with
    /// `train()` or `eval()`.
    var isTraining: Bool { get set }
}

extension Module {
    /// Returns every parameter of this module and its descendants with its dotted name, depth first in
    /// registration order (the order of PyTorch's `named_parameters()`).
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var result = ownParameters
        for (childName, child) in children {
            for (name, tensor) in child.namedParameters() {
                result.append((childName + "." + name, tensor))
            }
        }
        return result
    }

    /// Returns every parameter, in the order of `namedParameters()`.
    public func parameters() -> [Tensor] {
        namedParameters().map(\.tensor)
    }

    /// Total number of scalar parameters.
    public var parameterCount: Int {
        parameters().reduce(0) { $0 + $1.count }
    }

    /// Switches this module and all descendants to training mode (dropout on).
    public func train() {
        setTraining(true)
    }

    /// Switches this module and all descendants to evaluation mode (dropout off).
    public func eval() {
        setTraining(false)
    }

    private func setTraining(_ training: Bool) {
        isTraining = training
        for (_, child) in children {
            child.setTraining(training)
        }
    }

    /// Clears the gradient of every parameter.
    public func zeroGrad() {
        for parameter in parameters() {
            parameter.zeroGrad()
        }
    }

    /// Returns the parameters by dotted name, sharing their storage, like PyTorch's `state_dict()`.
    public func stateDict() -> [(name: String, tensor: Tensor)] {
        namedParameters()
    }

    /// Copies values into the parameters by dotted name, like PyTorch's `load_state_dict`.
    ///
    /// - Parameter strict: when true (the default), a parameter missing from `state` or a name in `state`
    ///   that is not a parameter throws. When false, only the names present in both are copied.
    /// - Throws: `StateDictError` for a shape mismatch, or for missing or unexpected names in strict mode.
    ///   Nothing is copied unless every check passes.
    public func loadStateDict(_ state: [String: Tensor], strict: Bool = true) throws(StateDictError) {
        let named = namedParameters()
        let known = Set(named.map(\.name))
        if strict {
            let missing = named.map(\.name).filter { state[$0] == nil }
            let unexpected = state.keys.filter { !known.contains($0) }.sorted()
            if !missing.isEmpty || !unexpected.isEmpty {
                throw StateDictError.keysDiffer(missing: missing, unexpected: unexpected)
            }
        }
        for (name, parameter) in named {
            if let value = state[name], value.shape != parameter.shape {
                throw StateDictError.shapeMismatch(name: name, expected: parameter.shape, found: value.shape)
            }
        }
        for (name, parameter) in named {
            if let value = state[name] {
                parameter.assign(value)
            }
        }
    }
}

/// An error from loading a state dict into a module.
public enum StateDictError: Error, Equatable, CustomStringConvertible {
    /// Parameter names that the state lacks, and state names that are not parameters.
    case keysDiffer(missing: [String], unexpected: [String])
    /// A tensor whose shape differs from the parameter's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .keysDiffer(let missing, let unexpected):
            var parts: [String] = []
            if !missing.isEmpty {
                parts.append("missing parameters: \(missing.joined(separator: ", "))")
            }
            if !unexpected.isEmpty {
                parts.append("unexpected names: \(unexpected.joined(separator: ", "))")
            }
            return "state dict does not match the model (" + parts.joined(separator: "; ")
                + "); check that the checkpoint was saved from the same model configuration, or load with strict: false"
        case .shapeMismatch(let name, let expected, let found):
            return "state dict tensor \(name) has shape \(found), but the model expects \(expected); check the model configuration (vocabulary and embedding sizes)"
        }
    }
}

/// An ordered list of modules named "0", "1", ..., like `torch.nn.ModuleList`.
public final class ModuleList<Element: Module>: Module {
    /// The modules in order.
    public let modules: [Element]
    public var isTraining = true

    /// Creates a list of `modules`, named by position.
    public init(_ modules: [Element]) {
        self.modules = modules
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [] }

    public var children: [(name: String, module: any Module)] {
        modules.enumerated().map { (String($0.offset), $0.element) }
    }

    /// The module at `index`.
    public subscript(index: Int) -> Element { modules[index] }

    /// Number of modules.
    public var count: Int { modules.count }
}
