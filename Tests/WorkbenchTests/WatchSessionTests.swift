import Foundation
import Testing
@testable import Training

@testable import Workbench

/// Writes a three-epoch RETAIN run on length of stay with made-up numbers, as `swifthealth train --run-dir` would.
private func writeFinishedRun(in folder: URL, finish: Bool = true) throws {
    let config: [String: Any] = ["model": "retain", "task": "length_of_stay", "epochs": 3, "batch_size": 32, "learning_rate": 0.001, "monitor": "accuracy"]
    try jsonData(config).write(to: folder.appendingPathComponent("config.json"))
    var events: [TrainingEvent] = [.started(model: "retain", task: "length_of_stay", epochs: 3, stepsPerEpoch: 2, trainSamples: 60, validationSamples: 8, testSamples: 9)]
    let losses = [2.3, 2.1, 1.9, 1.8, 1.7, 1.65]
    let accuracies = [0.25, 0.375, 0.375]
    for epoch in 1...3 {
        events.append(.step(epoch: epoch, step: 1, stepsPerEpoch: 2, loss: losses[2 * epoch - 2]))
        events.append(.step(epoch: epoch, step: 2, stepsPerEpoch: 2, loss: losses[2 * epoch - 1]))
        let validation = [MetricEntry(name: "accuracy", value: accuracies[epoch - 1]), MetricEntry(name: "f1_macro", value: 0.1 * Double(epoch)), MetricEntry(name: "loss", value: 2.0 - 0.1 * Double(epoch))]
        events.append(.epochEnded(EpochSummary(epoch: epoch, trainLoss: (losses[2 * epoch - 2] + losses[2 * epoch - 1]) / 2, validation: validation, isBest: epoch <= 2, seconds: 5)))
    }
    if finish {
        events.append(.finished(test: [MetricEntry(name: "accuracy", value: 1.0 / 3.0), MetricEntry(name: "loss", value: 1.9)], bestEpoch: 2))
    }
    // Ten seconds apart, so the elapsed time is whole.
    let lines = try events.enumerated().map { try eventLine($0.element, time: 1_800_000_000 + 10 * Double($0.offset)) }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("events.jsonl"))
}

@Test func finishedRunReplaySnapshot() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeFinishedRun(in: folder)
    let session = WatchSession(runDirectory: folder, runName: "runs/retain-los", follow: false)
    #expect(session.state.statusText == "replay")
    #expect(session.state.training.bestEpoch == 2)
    expectSnapshot(session.render(width: 100, height: 20), matches: Snapshots.watchFinishedReplay, name: "watchFinishedReplay")
}

@Test func twoWatchersOfOneRunShowTheSame() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeFinishedRun(in: folder)
    let first = WatchSession(runDirectory: folder, runName: "a")
    let second = WatchSession(runDirectory: folder, runName: "a")
    defer {
        first.stop()
        second.stop()
    }
    #expect(first.render(width: 90, height: 20) == second.render(width: 90, height: 20))
    #expect(first.handle(.character("q")) == .quit)
}

@Test func unfinishedRunIsLiveUntilItsFinishedEvent() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeFinishedRun(in: folder, finish: false)
    let session = WatchSession(runDirectory: folder, follow: false)
    #expect(session.state.statusText == "live")
    // All 3 epochs × 2 steps were written before the missing finished event.
    #expect(session.state.training.progress == 1)

    var state = session.state
    state.quietSeconds = 95
    #expect(state.statusText == "live · no events for 1:35", "95 s is 1 min 35 s")
    state.apply(.event(RunEvent(event: .finished(test: [], bestEpoch: 2), time: 1_800_000_100)))
    #expect(state.statusText == "finished", "a run seen ending is finished, not a replay")
    state.apply(.event(RunEvent(event: .failed(message: "disk full"), time: 1_800_000_110)))
    #expect(state.statusText == "failed: disk full")
}

@Test func missingEventsFileWaitsAndMalformedLinesAreCounted() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var state = WatchSession(runDirectory: folder, follow: false).state
    #expect(state.statusText == "waiting for events.jsonl")
    #expect(state.model == "?")

    state.apply(.malformed(RunEventDecodingError(line: 2, reason: "invalid JSON ('{')")))
    state.apply(.malformed(RunEventDecodingError(line: 5, reason: "invalid JSON ('x')")))
    let screen = WatchRenderer.render(state, width: 100, height: 12).text
    #expect(screen.contains("2 malformed lines skipped, newest: events.jsonl line 5: invalid JSON ('x')"))
}
