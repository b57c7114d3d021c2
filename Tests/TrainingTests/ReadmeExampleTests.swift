import Foundation
import HealthData
import HealthModels
import TestSupport
import Testing
import Training

/// The library example in README.md, kept compiling and running here.
@Suite(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
struct ReadmeExampleTests {
    @Test func readmissionPipelineRuns() throws {
        let root = try TestData.require("mimic3-demo")

        // --- README example start ---
        let task = ReadmissionPredictionMIMIC3(windowDays: 15)
        let dataset = try EHRDataset.mimic3(root: root, forTask: task)
        let samples = try dataset.setTask(task)
        let split = try splitByPatient(samples, ratios: [0.8, 0.1, 0.1], seed: 42)

        let processor = try SampleProcessor.fit(samples, trainingIndices: split.train)
        let encoded = try processor.encode(samples)
        let train = try BatchLoader(samples: encoded, indices: split.train, batchSize: 32, shuffle: true, seed: 42)
        let validation = try BatchLoader(samples: encoded, indices: split.validation, batchSize: 32)
        let test = try BatchLoader(samples: encoded, indices: split.test, batchSize: 32)

        let model = try ModelKind.retain.make(schema: processor.schema, seed: 42)
        var configuration = TrainerConfiguration()
        configuration.epochs = 3
        configuration.monitor = "roc_auc"
        let result = try Trainer(model: model, configuration: configuration)
            .train(train: train, validation: validation, test: test)
        // --- README example end ---

        // 26 samples with labels 0: 19 and 1: 7, as PyHealth 2.1.0 builds them from the demo.
        #expect(samples.count == 26)
        #expect(samples.labelCounts() == [0: 19, 1: 7])
        #expect(result.epochs.count == 3)
        #expect(result.test.map(\.name) == ["pr_auc", "roc_auc", "f1", "loss"])
    }
}
