import Foundation
import Testing
@testable import Training

@testable import Workbench

/// Returns the `events.jsonl` line for `event`, formatted the way the run folder writer formats it.
func eventLine(_ event: TrainingEvent, time: Double = 1_800_000_000) throws -> String {
    String(decoding: try jsonData(event.jsonObject(time: time)), as: UTF8.self)
}

private func roundTrip(_ event: TrainingEvent) throws -> RunEvent {
    try RunEventDecoder.decode(try eventLine(event, time: 1_800_000_123.5), lineNumber: 1)
}

@Test func decoderReadsBackStartedAndStep() throws {
    let started = TrainingEvent.started(model: "retain", task: "length_of_stay", epochs: 3, stepsPerEpoch: 4, trainSamples: 100, validationSamples: 12, testSamples: 13)
    #expect(try roundTrip(started) == RunEvent(event: started, time: 1_800_000_123.5))
    let step = TrainingEvent.step(epoch: 2, step: 3, stepsPerEpoch: 4, loss: 0.6931)
    #expect(try roundTrip(step).event == step)
}

@Test func decoderReadsBackEpochWithUndefinedMetric() throws {
    // Already in the decoder's order (by name, loss last), so the round trip must give the same value back.
    let summary = EpochSummary(
        epoch: 2, trainLoss: 0.41, validation: [
            MetricEntry(name: "pr_auc", value: 0.5), MetricEntry(name: "roc_auc", value: nil, undefinedReason: "one class"),
            MetricEntry(name: "loss", value: 0.62),
        ], isBest: true, seconds: 1.25)
    #expect(try roundTrip(.epochEnded(summary)).event == .epochEnded(summary))
}

@Test func decoderSortsMetricsWithLossLast() throws {
    // The trainer writes loss last, but the JSON object's keys are sorted, so loss comes first in the file.
    let validation = [MetricEntry(name: "loss", value: 0.7), MetricEntry(name: "accuracy", value: 0.4)]
    let summary = EpochSummary(epoch: 1, trainLoss: 0.5, validation: validation, isBest: false, seconds: 2)
    guard case .epochEnded(let decoded) = try roundTrip(.epochEnded(summary)).event else {
        Issue.record("expected an epoch event")
        return
    }
    #expect(decoded.validation.map(\.name) == ["accuracy", "loss"])
}

@Test func decoderReadsBackNonFiniteLossAsNaN() throws {
    // The writer turns NaN into null and the decoder turns null back into NaN, which never equals itself.
    guard case .step(_, _, _, let loss) = try roundTrip(.step(epoch: 1, step: 1, stepsPerEpoch: 1, loss: .nan)).event else {
        Issue.record("expected a step event")
        return
    }
    #expect(loss.isNaN)
}

@Test func decoderReadsBackTheOtherKinds() throws {
    let events: [TrainingEvent] = [
        .checkpointSaved(kind: .best, epoch: 2, path: "runs/a/best.safetensors"),
        .checkpointSaved(kind: .last, epoch: 3, path: "runs/a/last.safetensors"),
        .earlyStopped(epoch: 4, patience: 2),
        .finished(test: [MetricEntry(name: "accuracy", value: 0.25), MetricEntry(name: "loss", value: 1.5)], bestEpoch: 2),
        .finished(test: [], bestEpoch: nil),
        .failed(message: "the loss became NaN at epoch 2"),
    ]
    for event in events {
        #expect(try roundTrip(event).event == event)
    }
}

@Test func decoderErrorsNameLineAndField() {
    #expect(throws: RunEventDecodingError.self) { try RunEventDecoder.decode("{\"event\":\"step\"", lineNumber: 3) }
    do {
        _ = try RunEventDecoder.decode(#"{"event":"step","time":1,"epoch":1,"step":2}"#, lineNumber: 7)
        Issue.record("a step without steps_per_epoch must not decode")
    } catch {
        #expect(error.description == "events.jsonl line 7: 'step' event lacks the field 'steps_per_epoch' (a whole number)")
    }
    do {
        _ = try RunEventDecoder.decode(#"{"event":"epoch","time":1,"epoch":1,"train_loss":0.5,"val":{},"is_best":1,"seconds":2}"#, lineNumber: 2)
        Issue.record("is_best must be a boolean, not 1")
    } catch {
        #expect(error.description.contains("is_best = 1; expected true or false"))
    }
    do {
        _ = try RunEventDecoder.decode(#"{"event":"paused","time":1}"#, lineNumber: 4)
        Issue.record("an unknown event kind must not decode")
    } catch {
        #expect(error.description.hasPrefix("events.jsonl line 4: unknown event 'paused'"))
    }
}
