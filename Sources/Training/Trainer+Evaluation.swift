import Autograd
import HealthData
import HealthModels
import Metrics

extension Trainer {
    /// Runs the model in evaluation mode over every batch of `split`, without recording gradients.
    public func inference(_ split: any BatchProvider) throws -> InferenceResult {
        model.eval()
        defer { model.train() }

        let outputSize = model.schema.label.outputSize
        var labels: [Int] = []
        var probabilities: [Float] = []
        var patientIDs: [String] = []
        var sampleIndices: [Int] = []
        var lossSum = 0.0
        var batchCount = 0

        try withNoGrad {
            for batch in split.epochBatches(0) {
                let output = try model.forward(batch, training: false)
                lossSum += Double(output.loss.scalar)
                batchCount += 1
                probabilities += output.probabilities.scalars
                patientIDs += batch.patientIDs
                sampleIndices += batch.sampleIndices

                switch batch.labels {
                case .binary(let values):
                    labels += values.map { $0 >= 0.5 ? 1 : 0 }
                case .multiclass(let values, _):
                    labels += values.map { Int($0) }
                case .multilabel:
                    throw TrainingError.invalidConfiguration("multilabel tasks are not supported by the trainer yet")
                }
            }
        }

        return InferenceResult(
            labels: labels, probabilities: probabilities, outputSize: outputSize,
            loss: batchCount == 0 ? .nan : lossSum / Double(batchCount),
            patientIDs: patientIDs, sampleIndices: sampleIndices)
    }

    /// Computes the configured metrics of an inference result, followed by `loss`, as PyHealth's `evaluate` does.
    public func evaluate(_ result: InferenceResult) throws -> [MetricEntry] {
        let report: MetricReport
        do {
            switch model.schema.label {
            case .binary:
                report = try BinaryMetrics.compute(yTrue: result.labels, yProb: result.probabilities, metrics: metricNames)
            case .multiclass(let classes):
                report = try MulticlassMetrics.compute(
                    yTrue: result.labels, yProb: result.probabilities, classCount: classes, metrics: metricNames)
            case .multilabel:
                throw TrainingError.invalidConfiguration("multilabel tasks are not supported by the trainer yet")
            }
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError.metricsFailed("\(error)")
        }

        var entries = report.entries.map { entry -> MetricEntry in
            switch entry.value {
            case .value(let number): return MetricEntry(name: entry.name, value: number)
            case .undefined(let reason): return MetricEntry(name: entry.name, value: nil, undefinedReason: reason)
            }
        }
        entries.append(MetricEntry(name: "loss", value: result.loss))
        return entries
    }

    /// PyHealth's default metric list for a label kind.
    public static func defaultMetrics(for label: LabelKind) -> [String] {
        switch label {
        case .binary: return BinaryMetrics.defaultMetrics
        case .multiclass: return MulticlassMetrics.defaultMetrics
        case .multilabel: return []
        }
    }

    /// Returns every metric name the trainer can compute for a label kind.
    public static func metricNames(for label: LabelKind) -> [String] {
        switch label {
        case .binary: return BinaryMetrics.supportedMetrics
        case .multiclass: return MulticlassMetrics.supportedMetrics
        case .multilabel: return []
        }
    }

    static func labelDescription(_ label: LabelKind) -> String {
        switch label {
        case .binary: return "binary"
        case .multiclass(let classes): return "\(classes)-class"
        case .multilabel: return "multilabel"
        }
    }
}
