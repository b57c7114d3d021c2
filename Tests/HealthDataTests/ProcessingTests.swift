import Foundation
import Testing
import TestSupport
@testable import HealthData

@Suite struct ProcessingTests {
    /// Four hand-made samples over two fields.
    static func sampleSet(labelKind: LabelKind = .binary, labels: [Int] = [1, 0, 0, 1]) -> SampleSet {
        let features: [[String: [String]]] = [
            ["conditions": ["a", "b", "a"], "drugs": ["x"]],
            ["conditions": ["c"], "drugs": ["y", "x"]],
            ["conditions": ["b", "d"], "drugs": ["z"]],
            ["conditions": ["a"], "drugs": ["x", "x", "x", "w"]],
        ]
        let samples = features.enumerated().map { index, fields in
            Sample(patientID: "p\(index / 2)", visitID: "v\(index)", features: fields, label: labels[index])
        }
        return SampleSet(
            taskName: "Toy", taskIdentity: "Toy()", inputFields: ["conditions", "drugs"], labelName: "label",
            labelKind: labelKind, samples: samples)
    }

    @Test func vocabularyStartsWithPadAndUnknown() throws {
        var vocabulary = CodeVocabulary()
        vocabulary.add("4019")
        vocabulary.add("4280")
        vocabulary.add("4019")

        #expect(vocabulary.tokens == ["<pad>", "<unk>", "4019", "4280"])
        #expect(vocabulary.index(of: "4280") == 3)
        #expect(vocabulary.index(of: "never seen") == CodeVocabulary.unknownIndex)
        #expect(vocabulary.encode(["4019", "zzz"]) == [2, 1])
        #expect(vocabulary.token(at: 2) == "4019")
        #expect(try CodeVocabulary(tokens: vocabulary.tokens) == vocabulary)
        #expect(throws: HealthDataError.self) { try CodeVocabulary(tokens: ["<unk>", "<pad>"]) }
        #expect(throws: HealthDataError.self) { try CodeVocabulary(tokens: ["<pad>", "<unk>", "a", "a"]) }
    }

    @Test func fitUsesTrainingSamplesOnly() throws {
        let set = Self.sampleSet()

        // Training samples 2 and 0, visited in index order: 0 then 2.
        let processor = try SampleProcessor.fit(set, trainingIndices: [2, 0])

        #expect(processor.vocabularies[0].tokens == ["<pad>", "<unk>", "a", "b", "d"])
        #expect(processor.vocabularies[1].tokens == ["<pad>", "<unk>", "x", "z"])
        #expect(processor.schema.features.map(\.vocabularySize) == [5, 4])
        #expect(processor.schema.features.map(\.kind) == [.sequence, .sequence])
        // Sample 1 contains "c" and "y", which only a validation or test split has seen.
        let encoded = try processor.encode(set)
        #expect(Array(encoded.codes(field: 0, sample: 1)) == [1])
        #expect(Array(encoded.codes(field: 1, sample: 1)) == [1, 2])
    }

    @Test func batchPadsToLongestSequence() throws {
        let set = Self.sampleSet()
        let processor = try SampleProcessor.fit(set, trainingIndices: [0, 1, 2, 3])
        let encoded = try processor.encode(set)

        let batch = encoded.batch([3, 1])

        // conditions: "a" -> 2, "c" -> 4; drugs: "x" -> 2, "y" -> 3, "w" -> 5.
        #expect(batch.features.map(\.name) == ["conditions", "drugs"])
        #expect(batch.features[0].shape == [2, 1])
        #expect(batch.features[0].indices == [2, 4])
        #expect(batch.features[1].shape == [2, 4])
        #expect(batch.features[1].indices == [2, 2, 2, 5, 3, 2, 0, 0])
        #expect(batch.labels == .binary([1, 0]))
        #expect(batch.sampleIndices == [3, 1])
        #expect(batch.patientIDs == ["p1", "p0"])
    }

    @Test func multiclassLabelsKeepFixedClasses() throws {
        let set = Self.sampleSet(labelKind: .multiclass(classes: 10), labels: [9, 0, 3, 3])
        let processor = try SampleProcessor.fit(set, trainingIndices: [0])

        let batch = try processor.encode(set).batch([0, 1, 2])

        #expect(batch.labels == .multiclass([9, 0, 3], classes: 10))
        #expect(processor.schema.label.outputSize == 10)
    }

    @Test func labelsOutOfRangeAreRejected() throws {
        let binary = try LabelEncoder(kind: .binary)
        #expect(try binary.encode(1) == 1)
        #expect(throws: HealthDataError.self) { try binary.encode(2) }
        let multiclass = try LabelEncoder(kind: .multiclass(classes: 10))
        #expect(try multiclass.encode(9) == 9)
        #expect(throws: HealthDataError.self) { try multiclass.encode(10) }
        #expect(throws: HealthDataError.self) { try LabelEncoder(kind: .multilabel(classes: 3)) }

        let set = Self.sampleSet(labels: [1, 0, 2, 1])
        let processor = try SampleProcessor.fit(set, trainingIndices: [0, 1])
        let error = try #require(throws: HealthDataError.self) { try processor.encode(set) }
        #expect(error.value == "2")
    }

    @Test func vocabularyFileRoundTrip() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let processor = try SampleProcessor.fit(Self.sampleSet(labelKind: .multiclass(classes: 10), labels: [1, 2, 3, 4]), trainingIndices: [0, 1])
        let file = folder.url.appendingPathComponent("vocab.json")

        try processor.save(to: file)
        let loaded = try SampleProcessor.load(from: file)

        #expect(loaded == processor)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["vocab.json"])
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"conditions\" : [\n      \"<pad>\",\n      \"<unk>\",\n      \"a\""))
        #expect(text.contains("\"label_kind\" : \"multiclass\""))
    }

    @Test func invalidVocabularyFilesAreRejected() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }

        let notJSON = try folder.write("broken.json", "{ not json")
        let broken = try #require(throws: HealthDataError.self) { try SampleProcessor.load(from: notJSON) }
        #expect(broken.kind == .invalidFormat)

        let noUnknown = try folder.write("nounk.json", """
            {"format": 1, "input_fields": ["conditions"], "label_name": "mortality", "label_kind": "binary",
             "vocabularies": {"conditions": ["<pad>", "4019"]}}
            """)
        let missingToken = try #require(throws: HealthDataError.self) { try SampleProcessor.load(from: noUnknown) }
        #expect(missingToken.kind == .invalidFormat)
        #expect(missingToken.column == "conditions")
        #expect(missingToken.file == noUnknown.path)

        let missingFile = try #require(throws: HealthDataError.self) {
            try SampleProcessor.load(from: folder.url.appendingPathComponent("absent.json"))
        }
        #expect(missingFile.kind == .ioFailure)
    }

    @Test func loaderBatchesInOrder() throws {
        let set = Self.sampleSet()
        let encoded = try SampleProcessor.fit(set, trainingIndices: [0, 1, 2, 3]).encode(set)

        let loader = try BatchLoader(samples: encoded, indices: [3, 0, 2], batchSize: 2)
        let batches = Array(loader.batches())

        #expect(loader.batchCount == 2)
        #expect(batches.map(\.sampleIndices) == [[3, 0], [2]])
        #expect(throws: HealthDataError.self) { try BatchLoader(samples: encoded, indices: [4], batchSize: 2) }
        #expect(throws: HealthDataError.self) { try BatchLoader(samples: encoded, indices: [0], batchSize: 0) }
    }

    @Test func shuffleIsSeededPerEpoch() throws {
        let set = SampleSet(
            taskName: "Toy", taskIdentity: "Toy()", inputFields: ["conditions"], labelName: "label", labelKind: .binary,
            samples: (0..<50).map { Sample(patientID: "p\($0)", visitID: "v\($0)", features: ["conditions": ["c\($0 % 7)"]], label: $0 % 2) })
        let encoded = try SampleProcessor.fit(set, trainingIndices: Array(0..<50)).encode(set)
        let loader = try BatchLoader(samples: encoded, indices: Array(0..<50), batchSize: 8, shuffle: true, seed: 7)
        let sameSeed = try BatchLoader(samples: encoded, indices: Array(0..<50), batchSize: 8, shuffle: true, seed: 7)
        let otherSeed = try BatchLoader(samples: encoded, indices: Array(0..<50), batchSize: 8, shuffle: true, seed: 8)

        let epoch0 = loader.batches(epoch: 0).flatMap(\.sampleIndices)
        let epoch1 = loader.batches(epoch: 1).flatMap(\.sampleIndices)

        #expect(epoch0.sorted() == Array(0..<50))
        #expect(epoch0 != Array(0..<50))
        #expect(epoch0 != epoch1)
        #expect(sameSeed.batches(epoch: 1).flatMap(\.sampleIndices) == epoch1)
        #expect(otherSeed.batches(epoch: 0).flatMap(\.sampleIndices) != epoch0)
    }

    @Test func prefetchYieldsSameBatches() throws {
        let set = SampleSet(
            taskName: "Toy", taskIdentity: "Toy()", inputFields: ["conditions"], labelName: "label", labelKind: .binary,
            samples: (0..<100).map { Sample(patientID: "p\($0)", visitID: "v\($0)", features: ["conditions": Array(repeating: "c", count: $0 % 5 + 1)], label: 0) })
        let encoded = try SampleProcessor.fit(set, trainingIndices: Array(0..<100)).encode(set)
        let plain = try BatchLoader(samples: encoded, indices: Array(0..<100), batchSize: 7, shuffle: true, seed: 3)
        let prefetching = try BatchLoader(samples: encoded, indices: Array(0..<100), batchSize: 7, shuffle: true, seed: 3, prefetch: true)

        #expect(Array(prefetching.batches(epoch: 2)) == Array(plain.batches(epoch: 2)))

        // Leaving an epoch early must release the producer thread instead of blocking it forever.
        for _ in 0..<20 {
            let iterator = prefetching.batches().makeIterator()
            _ = iterator.next()
        }
        #expect(Array(prefetching.batches()).count == 15)
    }

    @Test func splitMixIsDeterministic() {
        // First outputs of SplitMix64 seeded with 0, as published with the reference C implementation.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)

        var bounded = SplitMix64(seed: 99)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<3000 { counts[Int(bounded.nextBounded(3))] += 1 }
        for count in counts {
            #expect(count > 900)
            #expect(count < 1100)
        }
    }
}
