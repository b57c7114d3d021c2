import Autograd
import HealthData
import NeuralNet

/// One input feature after the embedding step, ready for its encoder.
struct EmbeddedFeature {
    let name: String
    /// `[batch, steps, embeddingDimension]`. A nested feature has its codes summed within each visit.
    let values: Tensor
    /// `[batch, steps]`, 1 at a real step and 0 at padding, with no graph.
    let mask: Tensor
    /// Number of real steps per row. PyHealth packs this many leading steps for its recurrent layers.
    let lengths: [Int]

    var batchSize: Int { values.shape[0] }
    var steps: Int { values.shape[1] }
}

/// The sum of one feature's code vectors per row, and the number of real codes summed.
struct SummedFeature {
    let name: String
    /// `[batch, embeddingDimension]`.
    let sums: Tensor
    /// Number of codes other than `<pad>` per row.
    let counts: [Int]
}

/// One embedding table per feature, laid out as PyHealth's `EmbeddingModel`.
///
/// Each table is `Embedding(vocabularySize, embeddingDimension, padding index 0)`, drawn from N(0, 1) with
/// a zero padding row. Parameter names are `embedding_layers.<feature>.weight`, plus an empty
/// `_dummy_param` that PyHealth's base model registers, so that state dicts have exactly PyHealth's keys.
///
/// A step counts as real when its index is not 0 (`<pad>`), and a visit counts as real when any of its codes
/// does. PyHealth tests whether the embedded vector is non-zero instead, which differs only for a trained
/// code vector that is exactly zero.
public final class FeatureEmbeddings: Module {
    /// The schema whose features the tables follow, in order.
    public let schema: SampleSchema
    /// Size of every code vector.
    public let dimension: Int
    /// One `Embedding` per feature, keyed by feature name.
    public let tables: ModuleDictionary<Embedding>
    /// The empty `_dummy_param` of PyHealth's base model, kept only for checkpoint compatibility.
    let placeholder = Tensor.zeros([0])
    public var isTraining = true

    init(schema: SampleSchema, dimension: Int, generator: SeededGenerator) {
        self.schema = schema
        self.dimension = dimension
        tables = ModuleDictionary(schema.features.map { feature in
            (feature.name, Embedding(count: feature.vocabularySize, dimension: dimension, paddingIndex: 0, generator: generator))
        })
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("_dummy_param", placeholder)] }

    public var children: [(name: String, module: any Module)] { [("embedding_layers", tables)] }

    /// Embeds every feature of `batch`, which `BatchValidation.checkFeatures` has accepted.
    ///
    /// A flat feature has one step per code. A nested feature has one step per visit, the sum of its code
    /// vectors, as PyHealth's RNN, Transformer and RETAIN do.
    ///
    /// - Parameter maximumSteps: keeps only the first this many steps of each feature (the Transformer's
    ///   `max_seq_len`), or nil to keep all.
    func embed(_ batch: Batch, maximumSteps: Int? = nil) -> [EmbeddedFeature] {
        zip(schema.features, batch.features).enumerated().map { index, pair in
            switch pair.0.kind {
            case .sequence: return embedSequence(pair.1, table: tables[index], maximumSteps: maximumSteps)
            case .nestedSequence: return embedVisits(pair.1, table: tables[index], maximumSteps: maximumSteps)
            }
        }
    }

    /// Sums the code vectors of each row of every feature of `batch`, which `BatchValidation.checkFeatures`
    /// has accepted. A nested feature sums over all of its visits' codes, because PyHealth's MLP flattens
    /// `[batch, visits, codes]` first.
    func sumCodes(_ batch: Batch) -> [SummedFeature] {
        zip(tables.entries, batch.features).map { entry, codes in
            let rows = codes.shape[0]
            let width = codes.shape.dropFirst().reduce(1, *)
            var counts = [Int](repeating: 0, count: rows)
            for (position, index) in codes.indices.enumerated() where index != 0 {
                counts[position / width] += 1
            }
            let sums = Tensor.embeddingSum(entry.module.weight, indices: codes.indices, groups: rows, width: width, paddingIndex: 0)
            return SummedFeature(name: codes.name, sums: sums, counts: counts)
        }
    }

    /// Embeds `[batch, length]` codes. A feature of length 0 gets one padding step, so that every encoder
    /// reads at least one step. Because the models are padding invariant, this changes no result.
    private func embedSequence(_ codes: CodeBatch, table: Embedding, maximumSteps: Int?) -> EmbeddedFeature {
        let batch = codes.shape[0]
        let length = codes.shape[1]
        let steps = Swift.max(1, Swift.min(length, maximumSteps ?? length))
        var indices = [Int32](repeating: 0, count: batch * steps)
        var mask = [Float](repeating: 0, count: batch * steps)
        var lengths = [Int](repeating: 0, count: batch)
        for row in 0..<batch {
            for step in 0..<Swift.min(steps, length) {
                let index = codes.indices[row * length + step]
                indices[row * steps + step] = index
                if index != 0 {
                    mask[row * steps + step] = 1
                    lengths[row] += 1
                }
            }
        }
        return EmbeddedFeature(
            name: codes.name, values: table(indices, shape: [batch, steps]),
            mask: Tensor(shape: [batch, steps], scalars: mask), lengths: lengths)
    }

    /// Embeds `[batch, visits, codes]` codes and sums the code vectors of each visit, as PyHealth does for
    /// nested sequences. A visit whose codes are all padding is a padding step.
    private func embedVisits(_ codes: CodeBatch, table: Embedding, maximumSteps: Int?) -> EmbeddedFeature {
        let batch = codes.shape[0]
        let visits = codes.shape[1]
        let width = codes.shape[2]
        let steps = Swift.max(1, Swift.min(visits, maximumSteps ?? visits))
        let slotWidth = Swift.max(1, width)
        var indices = [Int32](repeating: 0, count: batch * steps * slotWidth)
        var mask = [Float](repeating: 0, count: batch * steps)
        var lengths = [Int](repeating: 0, count: batch)
        for row in 0..<batch {
            for visit in 0..<Swift.min(steps, visits) {
                var isReal = false
                for slot in 0..<width {
                    let index = codes.indices[(row * visits + visit) * width + slot]
                    indices[(row * steps + visit) * slotWidth + slot] = index
                    isReal = isReal || index != 0
                }
                if isReal {
                    mask[row * steps + visit] = 1
                    lengths[row] += 1
                }
            }
        }
        let values = Tensor.embeddingSum(table.weight, indices: indices, groups: batch * steps, width: slotWidth, paddingIndex: 0)
            .reshaped([batch, steps, dimension])
        return EmbeddedFeature(
            name: codes.name, values: values, mask: Tensor(shape: [batch, steps], scalars: mask), lengths: lengths)
    }
}
