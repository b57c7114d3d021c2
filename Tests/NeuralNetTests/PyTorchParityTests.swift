import Autograd
import Foundation
import NeuralNet
import Testing

/// Outputs and gradients computed by PyTorch 2.15 and PyHealth 2.1.0 for given weights and inputs, written
/// by Fixtures/make_pytorch_reference.py (which documents the contents).
private func loadReference() throws -> SafeTensorsFile {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pytorch-reference.safetensors")
    return try SafeTensors.read(from: url)
}

/// Loads `prefix.param.*` into `module` and returns the reference tensors under `prefix.`, without it.
private func prepare(_ module: some Module, prefix: String, from reference: SafeTensorsFile) throws -> [String: Tensor] {
    var state: [String: Tensor] = [:]
    var values: [String: Tensor] = [:]
    for (name, tensor) in reference.tensors where name.hasPrefix(prefix + ".") {
        let key = String(name.dropFirst(prefix.count + 1))
        if key.hasPrefix("param.") {
            state[String(key.dropFirst("param.".count))] = tensor
        } else {
            values[key] = tensor
        }
    }
    try module.loadStateDict(state)
    return values
}

/// Returns the largest absolute difference between two tensors of the same shape.
private func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
    return zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
}

@Suite("PyTorch parity")
struct PyTorchParityTests {
    // Float32 results of different summation orders agree to a few units in the 6th digit.
    let tolerance: Float = 2e-5

    @Test func transformerBlockMatchesPyHealth() throws {
        let reference = try loadReference()
        let block = TransformerBlock(modelSize: 8, headCount: 2, dropout: 0.5, generator: SeededGenerator(seed: 1))
        block.eval()
        let values = try prepare(block, prefix: "transformer", from: reference)
        let x = try #require(values["x"]).copy()
        x.requiresGrad = true

        // The projection is zero at padding positions, so only real positions are compared.
        let projection = try #require(values["projection.y"])
        let mask: Tensor = try #require(values["mask"])
        let output = block(x, mask: mask)
        #expect(maxDifference(output * projection, try #require(values["y"]) * projection) < tolerance)

        (output * projection).sum().backward()
        #expect(maxDifference(try #require(x.grad), try #require(values["grad.x"])) < tolerance)
        for (name, parameter) in block.namedParameters() {
            let expected = try #require(values["grad." + name], "no reference gradient for \(name)")
            #expect(maxDifference(try #require(parameter.grad), expected) < tolerance, "\(name)")
        }
    }

    @Test(arguments: ["gru", "lstm"])
    func recurrentLayerMatchesPyTorch(prefix: String) throws {
        let reference = try loadReference()
        let generator = SeededGenerator(seed: 2)
        let run: (Tensor, [Int]) -> (outputs: Tensor, lastHidden: Tensor)
        let module: any Module
        if prefix == "gru" {
            let gru = GRU(inputSize: 4, hiddenSize: 3, layerCount: 2, bidirectional: true, generator: generator)
            run = { gru($0, lengths: $1) }
            module = gru
        } else {
            let lstm = LSTM(inputSize: 4, hiddenSize: 3, generator: generator)
            run = { lstm($0, lengths: $1) }
            module = lstm
        }
        let values = try prepare(module, prefix: prefix, from: reference)
        let x = try #require(values["x"]).copy()
        x.requiresGrad = true
        let lengths = try #require(values["lengths"]).scalars.map { Int($0) }

        let (outputs, last) = run(x, lengths)
        #expect(maxDifference(outputs, try #require(values["outputs"])) < tolerance)
        #expect(maxDifference(last, try #require(values["last"])) < tolerance)

        let loss = (outputs * (try #require(values["projection.outputs"]))).sum()
            + (last * (try #require(values["projection.last"]))).sum()
        loss.backward()
        #expect(maxDifference(try #require(x.grad), try #require(values["grad.x"])) < tolerance)
        for (name, parameter) in module.namedParameters() {
            let expected = try #require(values["grad." + name], "no reference gradient for \(name)")
            #expect(maxDifference(try #require(parameter.grad), expected) < tolerance, "\(name)")
        }
    }
}
