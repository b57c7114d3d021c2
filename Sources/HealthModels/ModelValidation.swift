import HealthData

/// Checks of a schema and of model options, shared by the model initialisers.
enum ModelValidation {
    static func checkSchema(_ schema: SampleSchema) throws(ModelError) {
        guard !schema.features.isEmpty else {
            throw .invalidSchema(reason: "it has no input features; a model needs at least one")
        }
        var seen = Set<String>()
        for feature in schema.features {
            guard seen.insert(feature.name).inserted else {
                throw .invalidSchema(reason: "feature name \(feature.name) appears twice")
            }
            guard feature.vocabularySize >= 1 else {
                throw .invalidSchema(reason: "feature \(feature.name) has vocabulary size \(feature.vocabularySize); it must hold at least <pad> at index 0")
            }
        }
        guard schema.label.outputSize >= 1 else {
            throw .invalidSchema(reason: "label \(schema.labelName) has \(schema.label.outputSize) classes; it needs at least 1")
        }
    }

    static func checkPositive(_ name: String, _ value: Int) throws(ModelError) {
        guard value > 0 else { throw .invalidOption(name: name, value: String(value), reason: "it must be positive") }
    }

    static func checkDropout(_ value: Float) throws(ModelError) {
        guard value >= 0 && value < 1 else {
            throw .invalidOption(name: "dropout", value: String(value), reason: "a dropout probability must be in [0, 1)")
        }
    }
}
