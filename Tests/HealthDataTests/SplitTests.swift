import Foundation
import Testing
import TestSupport
@testable import HealthData

@Suite struct SplitTests {
    /// `patients` patients with `perPatient` samples each, interleaved so a patient's samples are not adjacent.
    static func sampleSet(patients: Int, perPatient: Int = 3) -> SampleSet {
        var samples: [Sample] = []
        for round in 0..<perPatient {
            for patient in 0..<patients {
                samples.append(Sample(patientID: "p\(patient)", visitID: "v\(patient)-\(round)", features: ["conditions": ["c"]], label: 0))
            }
        }
        return SampleSet(
            taskName: "Toy", taskIdentity: "Toy()", inputFields: ["conditions"], labelName: "label", labelKind: .binary, samples: samples)
    }

    func sizes(_ split: DataSplit) -> [Int] {
        [split.train.count, split.validation.count, split.test.count]
    }

    func patientSets(_ set: SampleSet, _ split: DataSplit) -> [Set<String>] {
        [split.train, split.validation, split.test].map { Set($0.map { set.samples[$0].patientID }) }
    }

    @Test func patientSplitIsDisjoint() throws {
        let set = Self.sampleSet(patients: 10)

        let split = try splitByPatient(set, seed: 42)

        let parts = patientSets(set, split)
        // Ten patients cut at Int(10 * 0.8) = 8 and Int(10 * 0.9) = 9.
        #expect(parts.map(\.count) == [8, 1, 1])
        #expect(parts[0].isDisjoint(with: parts[1]))
        #expect(parts[0].isDisjoint(with: parts[2]))
        #expect(parts[1].isDisjoint(with: parts[2]))
        #expect((split.train + split.validation + split.test).sorted() == Array(0..<30))
        // Each patient's samples stay together, in index order.
        let firstPatient = set.samples[split.train[0]].patientID
        #expect(split.train.prefix(3).map { set.samples[$0].patientID } == [firstPatient, firstPatient, firstPatient])
        #expect(Array(split.train.prefix(3)) == split.train.prefix(3).sorted())
    }

    @Test func cutPointsTruncateLikePython() throws {
        // Python: int(7 * 0.8) = 5 and int(7 * (0.8 + 0.1)) = 6; int(10 * 0.7) = 7 and int(10 * (0.7 + 0.2)) = 9.
        let seven = try splitBySample(Self.sampleSet(patients: 7, perPatient: 1), seed: 1)
        #expect(sizes(seven) == [5, 1, 1])

        let ten = try splitByPatient(Self.sampleSet(patients: 10, perPatient: 1), ratios: [0.7, 0.2, 0.1], seed: 1)
        #expect(sizes(ten) == [7, 2, 1])

        let single = try splitBySample(Self.sampleSet(patients: 1, perPatient: 1), seed: 1)
        #expect(sizes(single) == [0, 0, 1])
    }

    @Test func sameSeedSameSplit() throws {
        let set = Self.sampleSet(patients: 40)

        let first = try splitByPatient(set, seed: 5)
        _ = try splitByPatient(set, seed: 6)
        _ = try splitBySample(set, seed: 5)
        let again = try splitByPatient(set, seed: 5)
        let other = try splitByPatient(set, seed: 6)

        #expect(first == again)
        #expect(first != other)
        let bySample = try splitBySample(set, seed: 9)
        let bySampleAgain = try splitBySample(set, seed: 9)
        let byVisit = try splitByVisit(set, seed: 9)
        #expect(bySample == bySampleAgain)
        #expect(byVisit == bySample)
    }

    @Test func sampleSplitCoversEverySample() throws {
        let set = Self.sampleSet(patients: 11, perPatient: 2)

        let split = try splitBySample(set, ratios: [0.5, 0.25, 0.25], seed: 3)

        #expect(sizes(split) == [11, 5, 6])
        #expect((split.train + split.validation + split.test).sorted() == Array(0..<22))
    }

    @Test func invalidRatiosAreRejected() throws {
        let set = Self.sampleSet(patients: 4)
        for ratios in [[0.8, 0.1], [0.8, 0.1, 0.05], [1.1, -0.05, -0.05], [0.8, 0.1, 0.1, 0], [Double.nan, 0.5, 0.5]] {
            let error = try #require(throws: HealthDataError.self, "\(ratios)") { try splitByPatient(set, ratios: ratios, seed: 1) }
            #expect(error.kind == .invalidArgument)
        }
        #expect(throws: HealthDataError.self) { try splitBySample(set, ratios: [0.5, 0.5, 0.1], seed: 1) }
        // Within 1e-9 of 1 is accepted.
        _ = try splitByPatient(set, ratios: [0.8, 0.1, 0.1 + 1e-12], seed: 1)
    }

    @Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
    func demoPipelineEndToEnd() throws {
        let root = try TestData.require("mimic3-demo")
        let dataset = try EHRDataset.mimic3(root: root, tables: ["diagnoses_icd", "procedures_icd", "prescriptions"], useCache: false)
        let samples = try dataset.setTask(LengthOfStayPredictionMIMIC3())

        let split = try splitByPatient(samples, seed: 42)
        let parts = patientSets(samples, split)
        // 82 patients with samples, cut at Int(82 * 0.8) = 65 and Int(82 * 0.9) = 73.
        #expect(parts.map(\.count) == [65, 8, 9])
        #expect(parts[0].isDisjoint(with: parts[1].union(parts[2])))
        #expect(parts[1].isDisjoint(with: parts[2]))

        let processor = try SampleProcessor.fit(samples, trainingIndices: split.train)
        let encoded = try processor.encode(samples)
        let loader = try BatchLoader(samples: encoded, indices: split.train, batchSize: 32, shuffle: true, seed: 1, prefetch: true)
        var seen: [Int] = []
        for batch in loader.batches(epoch: 0) {
            #expect(batch.features.count == 3)
            #expect(batch.features.allSatisfy { $0.shape[0] == batch.size })
            seen += batch.sampleIndices
        }
        #expect(seen.sorted() == split.train.sorted())
        #expect(processor.schema.label == .multiclass(classes: 10))
        #expect(processor.schema.features.allSatisfy { $0.vocabularySize > 2 })
    }
}
