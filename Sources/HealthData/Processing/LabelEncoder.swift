/// Checks task labels against their kind and turns them into class indices.
public struct LabelEncoder: Sendable, Equatable {
    public let kind: LabelKind

    /// - Throws: `invalidArgument` for a multilabel kind, which the integer `Sample.label` cannot hold.
    public init(kind: LabelKind) throws {
        if case .multilabel = kind {
            throw HealthDataError(
                .invalidArgument, message: "multilabel labels are not supported by LabelEncoder",
                hint: "Use a binary or multiclass task.")
        }
        if case .multiclass(let classes) = kind, classes < 2 {
            throw HealthDataError(
                .invalidArgument, value: String(classes), message: "a multiclass label needs at least 2 classes",
                hint: "Pass the fixed number of classes of the task.")
        }
        self.kind = kind
    }

    /// Returns the class index of `label`.
    /// - Throws: `invalidArgument` for a binary label other than 0 or 1, or a class outside `0..<classes`.
    public func encode(_ label: Int) throws -> Int32 {
        let classes: Int
        switch kind {
        case .binary: classes = 2
        case .multiclass(let count): classes = count
        case .multilabel: classes = 0
        }
        guard (0..<classes).contains(label) else {
            throw HealthDataError(
                .invalidArgument, value: String(label), message: "the label is outside 0..<\(classes)",
                hint: "Check the task's labels; a binary label is 0 or 1 and a class index is below the class count.")
        }
        return Int32(label)
    }
}
