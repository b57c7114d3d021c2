import Foundation
import Training

/// One line of a run's `events.jsonl`: the event and when it was written.
public struct RunEvent: Sendable, Equatable {
    public var event: TrainingEvent
    /// Seconds since 1970, UTC, as the trainer's clock read when it wrote the line.
    public var time: Double

    public init(event: TrainingEvent, time: Double) {
        self.event = event
        self.time = time
    }
}

/// The error for a line of `events.jsonl` that does not decode. Its `description` names the line and the field.
public struct RunEventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in the file.
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "events.jsonl line \(line): \(reason)" }
}

/// Reads the lines `TrainingEvent.jsonObject(time:)` writes back into events, the inverse of that format.
///
/// Metrics come back sorted by name with `loss` last, the trainer's own order for PyHealth's metric lists,
/// because a JSON object keeps no key order.
public enum RunEventDecoder {
    /// Decodes one line (without its newline). `lineNumber` only labels errors.
    public static func decode(_ line: some StringProtocol, lineNumber: Int) throws(RunEventDecodingError) -> RunEvent {
        let fail = { (reason: String) in RunEventDecodingError(line: lineNumber, reason: reason) }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        } catch {
            throw fail("invalid JSON (\(shortened(line))): each line must be one JSON object")
        }
        guard let object = parsed as? [String: Any] else { throw fail("expected a JSON object, found \(shortened(line))") }
        var fields = Fields(object: object, fail: fail)
        let kind = try fields.string("event")
        fields.kind = kind
        let time = try fields.double("time")

        let event: TrainingEvent
        switch kind {
        case "started":
            let samples = try fields.object("samples")
            let counts = Fields(object: samples, fail: fail, kind: kind, prefix: "samples.")
            event = .started(
                model: try fields.string("model"), task: try fields.string("task"), epochs: try fields.int("epochs"),
                stepsPerEpoch: try fields.int("steps_per_epoch"), trainSamples: try counts.int("train"),
                validationSamples: try counts.int("val"), testSamples: try counts.int("test"))
        case "step":
            event = .step(
                epoch: try fields.int("epoch"), step: try fields.int("step"), stepsPerEpoch: try fields.int("steps_per_epoch"),
                loss: try fields.optionalDouble("loss") ?? .nan)
        case "epoch":
            let summary = EpochFields(
                epoch: try fields.int("epoch"), trainLoss: try fields.optionalDouble("train_loss") ?? .nan,
                validation: metrics(try fields.object("val")), isBest: try fields.bool("is_best"), seconds: try fields.double("seconds"))
            event = .epochEnded(try summary.epochSummary(fail: fail))
        case "checkpoint":
            let kindText = try fields.string("kind")
            guard let checkpoint = CheckpointKind(rawValue: kindText) else {
                throw fail("'checkpoint' event has kind '\(kindText)'; expected 'best' or 'last'")
            }
            event = .checkpointSaved(kind: checkpoint, epoch: try fields.int("epoch"), path: try fields.string("path"))
        case "early_stopped":
            event = .earlyStopped(epoch: try fields.int("epoch"), patience: try fields.int("patience"))
        case "finished":
            event = .finished(test: metrics(try fields.object("test")), bestEpoch: try fields.optionalInt("best_epoch"))
        case "failed":
            event = .failed(message: try fields.string("message"))
        default:
            throw fail("unknown event '\(kind)'; expected started, step, epoch, checkpoint, early_stopped, finished or failed")
        }
        return RunEvent(event: event, time: time)
    }

    /// Rebuilds metric entries from `metricsObject`'s `{name: value}` plus `"<name>_undefined": reason` form.
    static func metrics(_ object: [String: Any]) -> [MetricEntry] {
        var entries: [MetricEntry] = []
        for (name, value) in object {
            // A reason key belongs to its metric, written only next to that metric's null.
            if name.hasSuffix("_undefined"), object[String(name.dropLast("_undefined".count))] is NSNull { continue }
            let number = (value as? NSNumber).map(\.doubleValue)
            entries.append(MetricEntry(name: name, value: number, undefinedReason: number == nil ? object["\(name)_undefined"] as? String : nil))
        }
        return entries.sorted { left, right in
            (left.name == "loss" ? 1 : 0, left.name) < (right.name == "loss" ? 1 : 0, right.name)
        }
    }

    static func shortened(_ line: some StringProtocol) -> String {
        let text = String(line)
        return text.count > 60 ? "'\(text.prefix(57))...'" : "'\(text)'"
    }
}

/// Typed access to one event's fields, with errors that name the event kind and the field.
private struct Fields {
    let object: [String: Any]
    let fail: (String) -> RunEventDecodingError
    var kind: String
    let prefix: String

    init(object: [String: Any], fail: @escaping (String) -> RunEventDecodingError, kind: String = "?", prefix: String = "") {
        self.object = object
        self.fail = fail
        self.kind = kind
        self.prefix = prefix
    }

    func invalidField(_ name: String, _ expected: String) -> RunEventDecodingError {
        if let value = object[name] {
            return fail("'\(kind)' event has \(prefix)\(name) = \(value); expected \(expected)")
        }
        return fail("'\(kind)' event lacks the field '\(prefix)\(name)' (\(expected))")
    }

    func string(_ name: String) throws(RunEventDecodingError) -> String {
        guard let value = object[name] as? String else { throw invalidField(name, "a string") }
        return value
    }

    func object(_ name: String) throws(RunEventDecodingError) -> [String: Any] {
        guard let value = object[name] as? [String: Any] else { throw invalidField(name, "an object") }
        return value
    }

    func double(_ name: String) throws(RunEventDecodingError) -> Double {
        guard let value = try optionalDouble(name) else { throw invalidField(name, "a number") }
        return value
    }

    /// Returns the number, or nil for JSON null, which the writer uses for a non-finite value.
    func optionalDouble(_ name: String) throws(RunEventDecodingError) -> Double? {
        if object[name] is NSNull { return nil }
        guard let number = object[name] as? NSNumber, !isBoolean(number) else { throw invalidField(name, "a number") }
        return number.doubleValue
    }

    func int(_ name: String) throws(RunEventDecodingError) -> Int {
        guard let value = try optionalInt(name) else { throw invalidField(name, "a whole number") }
        return value
    }

    func optionalInt(_ name: String) throws(RunEventDecodingError) -> Int? {
        if object[name] is NSNull { return nil }
        guard let number = object[name] as? NSNumber, !isBoolean(number),
              let value = Int(exactly: number.doubleValue) else { throw invalidField(name, "a whole number") }
        return value
    }

    func bool(_ name: String) throws(RunEventDecodingError) -> Bool {
        guard let number = object[name] as? NSNumber, isBoolean(number) else { throw invalidField(name, "true or false") }
        return number.boolValue
    }

    private func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization hands true and false back as NSNumbers that report the "c" type, and a plain 1
        // also casts to Bool, so the type code is what tells them apart.
        String(cString: number.objCType) == "c"
    }
}

/// The fields of an `EpochSummary`, built into one through its `Codable` conformance.
private struct EpochFields: Encodable {
    var epoch: Int
    var trainLoss: Double
    var validation: [MetricEntry]
    var isBest: Bool
    var seconds: Double

    // NOTE: EpochSummary has no public initialiser, so this builds one through its synthesised Codable.
    // A public init in Training would remove this round trip.
    func epochSummary(fail: (String) -> RunEventDecodingError) throws(RunEventDecodingError) -> EpochSummary {
        let strategy = ("inf", "-inf", "nan")
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: strategy.0, negativeInfinity: strategy.1, nan: strategy.2)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: strategy.0, negativeInfinity: strategy.1, nan: strategy.2)
        do {
            return try decoder.decode(EpochSummary.self, from: encoder.encode(self))
        } catch {
            throw fail("'epoch' event could not be rebuilt: \(error)")
        }
    }
}
