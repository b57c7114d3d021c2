/// Sample indices of a train / validation / test split.
public struct DataSplit: Sendable, Equatable {
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }
}

/// Splits samples so that each patient's samples all land in one part (PyHealth's `split_by_patient`).
///
/// Patients, in order of their first sample, are shuffled with `SplitMix64(seed:)`. The first
/// `Int(n * r0)` go to train and the next up to `Int(n * (r0 + r1))` to validation, as PyHealth cuts
/// them. Each part lists its patients' samples patient by patient, in increasing index order within a
/// patient. The same samples and seed always give the same split, whatever ran before, but not the
/// split numpy's generator gives PyHealth for that seed.
/// - Parameter ratios: train, validation and test fractions, each at least 0, summing to 1 (within 1e-9).
/// - Throws: `invalidArgument` for ratios that are not three non-negative numbers summing to 1.
public func splitByPatient(_ samples: SampleSet, ratios: [Double] = [0.8, 0.1, 0.1], seed: UInt64) throws -> DataSplit {
    try validateRatios(ratios)
    var samplesByPatient: [String: [Int]] = [:]
    var patients: [String] = []
    for (index, sample) in samples.samples.enumerated() {
        if samplesByPatient[sample.patientID] == nil { patients.append(sample.patientID) }
        samplesByPatient[sample.patientID, default: []].append(index)
    }

    var generator = SplitMix64(seed: seed)
    generator.shuffle(&patients)
    let parts = cut(patients, ratios: ratios)
    return DataSplit(
        train: parts.0.flatMap { samplesByPatient[$0]! },
        validation: parts.1.flatMap { samplesByPatient[$0]! },
        test: parts.2.flatMap { samplesByPatient[$0]! })
}

/// Splits samples by visit (PyHealth's `split_by_visit`). Every sample is one visit here, so this is
/// the same shuffle of sample indices as `splitBySample`, as it is in PyHealth.
/// - Throws: `invalidArgument` for invalid ratios (see `splitByPatient`).
public func splitByVisit(_ samples: SampleSet, ratios: [Double] = [0.8, 0.1, 0.1], seed: UInt64) throws -> DataSplit {
    try splitBySample(samples, ratios: ratios, seed: seed)
}

/// Splits shuffled sample indices at `Int(n * r0)` and `Int(n * (r0 + r1))` (PyHealth's `split_by_sample`).
/// - Throws: `invalidArgument` for invalid ratios (see `splitByPatient`).
public func splitBySample(_ samples: SampleSet, ratios: [Double] = [0.8, 0.1, 0.1], seed: UInt64) throws -> DataSplit {
    try validateRatios(ratios)
    var indices = Array(samples.samples.indices)
    var generator = SplitMix64(seed: seed)
    generator.shuffle(&indices)
    let parts = cut(indices, ratios: ratios)
    return DataSplit(train: parts.0, validation: parts.1, test: parts.2)
}

private func validateRatios(_ ratios: [Double]) throws {
    let text = "[" + ratios.map { String($0) }.joined(separator: ", ") + "]"
    guard ratios.count == 3 else {
        throw HealthDataError(
            .invalidArgument, value: text, message: "a split needs 3 ratios (train, validation, test)",
            hint: "Pass three fractions such as [0.8, 0.1, 0.1].")
    }
    guard ratios.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
        throw HealthDataError(
            .invalidArgument, value: text, message: "split ratios must be finite and not negative",
            hint: "Pass three fractions such as [0.8, 0.1, 0.1].")
    }
    guard abs(ratios.reduce(0, +) - 1) <= 1e-9 else {
        throw HealthDataError(
            .invalidArgument, value: text, message: "split ratios must sum to 1",
            hint: "Adjust the fractions so they add up to 1, for example [0.8, 0.1, 0.1].")
    }
}

/// Cuts `items` at `Int(n * r0)` and `Int(n * (r0 + r1))`, the same floating-point expressions PyHealth uses.
private func cut<T>(_ items: [T], ratios: [Double]) -> ([T], [T], [T]) {
    let count = Double(items.count)
    let first = Int(count * ratios[0])
    let second = max(first, min(items.count, Int(count * (ratios[0] + ratios[1]))))
    return (Array(items[0..<first]), Array(items[first..<second]), Array(items[second...]))
}
