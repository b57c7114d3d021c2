import Autograd
import Foundation
import HealthData
import HealthModels
import NeuralNet
import Testing

@Suite("Checkpoints and seeds")
struct CheckpointTests {
    /// Creates a fresh folder under the system temporary directory, which the caller removes.
    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("healthmodels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func safetensorsRoundTripReproducesOutputs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = smallBatch()
        for (kind, model) in try smallModels(schema: smallSchema(), seed: 5) {
            let url = folder.appendingPathComponent("\(kind).safetensors")
            try model.saveStateDict(to: url, metadata: ["model": model.name])

            let restored = try kind.make(schema: smallSchema(), seed: 6, options: ModelOptions(embeddingDimension: 4, hiddenDimension: 3))
            let before = try restored.forward(batch, training: false).logits.scalars
            try restored.loadStateDict(from: url)
            let expected = try model.forward(batch, training: false).logits.scalars
            let after = try restored.forward(batch, training: false).logits.scalars
            #expect(before != expected, "\(kind): seeds 5 and 6 should give different models")
            #expect(after == expected, "\(kind)")
            #expect(try SafeTensors.read(from: url).metadata["model"] == model.name, "\(kind)")
        }
    }

    @Test func missingAndUnexpectedNamesAreListed() throws {
        let model = try ModelKind.mlp.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 4, hiddenDimension: 3))
        var state = Dictionary(uniqueKeysWithValues: model.stateDict().map { ($0.name, $0.tensor.copy()) })
        state["fc.bias"] = nil
        state["fc.extra"] = Tensor.zeros([1])
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("partial.safetensors")
        try SafeTensors.write(state.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: url)

        let error = #expect(throws: ModelError.self) { try model.loadStateDict(from: url) }
        guard case .checkpointMismatch(let path, let reason)? = error else {
            Issue.record("expected checkpointMismatch, got \(String(describing: error))")
            return
        }
        #expect(path == url.path)
        #expect(reason.contains("missing parameters: fc.bias"), "\(reason)")
        #expect(reason.contains("unexpected names: fc.extra"), "\(reason)")

        // Without strict checking, the names present in both are loaded and the others are left alone.
        let biasBefore = model.stateDict().first { $0.name == "fc.bias" }!.tensor.scalars
        try model.loadStateDict(from: url, strict: false)
        #expect(model.stateDict().first { $0.name == "fc.bias" }!.tensor.scalars == biasBefore)
    }

    @Test func shapeMismatchNamesTensorAndShapes() throws {
        let small = try ModelKind.transformer.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 4))
        let wide = try ModelKind.transformer.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 8))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("wide.safetensors")
        try wide.saveStateDict(to: url)

        let error = #expect(throws: ModelError.self) { try small.loadStateDict(from: url) }
        #expect(error?.description.contains("embedding_model.embedding_layers.conditions.weight has shape [7, 8], but the model expects [7, 4]") == true, "\(String(describing: error))")
    }

    @Test func unreadableFileIsCheckpointFileError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("truncated.safetensors")
        try Data([1, 2, 3]).write(to: url)
        let model = try ModelKind.retain.make(schema: smallSchema(), seed: 1, options: ModelOptions(embeddingDimension: 4))
        let error = #expect(throws: ModelError.self) { try model.loadStateDict(from: url) }
        guard case .checkpointFile(let path, _)? = error else {
            Issue.record("expected checkpointFile, got \(String(describing: error))")
            return
        }
        #expect(path == url.path)
    }

    @Test func sameSeedGivesIdenticalModelsAndOutputs() throws {
        let batch = smallBatch()
        let first = try smallModels(schema: smallSchema(), seed: 21)
        let second = try smallModels(schema: smallSchema(), seed: 21)
        for ((kind, a), (_, b)) in zip(first, second) {
            #expect(a.parameters().map(\.scalars) == b.parameters().map(\.scalars), "\(kind)")
            // Training mode: the dropout masks come from the seed too, call after call.
            for _ in 0..<2 {
                let outputA = try a.forward(batch, training: true)
                let outputB = try b.forward(batch, training: true)
                #expect(outputA.logits.scalars == outputB.logits.scalars, "\(kind)")
                #expect(outputA.loss.scalar == outputB.loss.scalar, "\(kind)")
            }
        }
    }

    @Test func differentSeedsGiveDifferentModels() throws {
        for ((kind, a), (_, b)) in zip(try smallModels(schema: smallSchema(), seed: 1), try smallModels(schema: smallSchema(), seed: 2)) {
            #expect(a.parameters().map(\.scalars) != b.parameters().map(\.scalars), "\(kind)")
        }
    }

    @Test func dropoutIsOnOnlyInTraining() throws {
        let batch = smallBatch()
        for (kind, model) in try smallModels(schema: smallSchema()) where kind != .mlp {
            let evaluation = try model.forward(batch, training: false).logits.scalars
            let again = try model.forward(batch, training: false).logits.scalars
            let training = try model.forward(batch, training: true).logits.scalars
            #expect(evaluation == again, "\(kind)")
            #expect(evaluation != training, "\(kind): dropout 0.5 should change the training logits")
        }
    }
}
