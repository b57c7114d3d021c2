import Autograd
import Foundation
import NeuralNet

extension HealthModel {
    /// Writes every parameter to a safetensors file under its PyHealth name, atomically.
    ///
    /// `safetensors.torch.load_file` reads the file, and PyHealth's model of the same configuration accepts
    /// the result in `load_state_dict`.
    /// - Parameter metadata: optional strings stored in the file's `__metadata__`.
    /// - Throws: `ModelError.checkpointFile` when the file cannot be written.
    public func saveStateDict(to url: URL, metadata: [String: String]? = nil) throws(ModelError) {
        do {
            try SafeTensors.write(stateDict(), metadata: metadata, to: url)
        } catch {
            throw .checkpointFile(path: url.path, reason: error.reason)
        }
    }

    /// Sets every parameter from a safetensors file, such as one saved by `saveStateDict(to:)` or converted
    /// from a PyHealth checkpoint with `safetensors.torch.save_file(model.state_dict(), path)`.
    ///
    /// - Parameter strict: when true (the default), every parameter must be in the file and every tensor in
    ///   the file must be a parameter. When false, only the names present in both are set.
    /// - Throws: `ModelError.checkpointFile` when the file cannot be read, and
    ///   `ModelError.checkpointMismatch` naming the missing or unexpected tensors, or the tensor whose shape
    ///   differs. No parameter changes unless every check passes.
    public func loadStateDict(from url: URL, strict: Bool = true) throws(ModelError) {
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.read(from: url)
        } catch {
            throw .checkpointFile(path: url.path, reason: error.reason)
        }
        do {
            try loadStateDict(file.dictionary, strict: strict)
        } catch {
            throw .checkpointMismatch(path: url.path, reason: error.description)
        }
    }
}
