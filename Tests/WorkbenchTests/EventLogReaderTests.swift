import Foundation
import Testing
@testable import Training

@testable import Workbench

/// Creates a fresh folder under the temporary directory, which the caller removes.
func temporaryRunFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-watch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

private func append(_ text: String, to url: URL) throws {
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
}

private let started = TrainingEvent.started(model: "retain", task: "length_of_stay", epochs: 2, stepsPerEpoch: 2, trainSamples: 10, validationSamples: 2, testSamples: 2)

@Test func readerFollowsAFileWrittenInSteps() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("events.jsonl")
    var reader = EventLogReader(url: url)

    // Not there yet: nothing to report, and the reader waits.
    #expect(reader.poll().isEmpty)
    #expect(!reader.fileExists)

    // The first line whole, the second cut before its end: only the first is an event so far.
    let step = try eventLine(.step(epoch: 1, step: 1, stepsPerEpoch: 2, loss: 0.7))
    let cut = step.index(step.startIndex, offsetBy: 20)
    try Data((try eventLine(started) + "\n" + step[..<cut]).utf8).write(to: url)
    #expect(reader.poll().map(\.event) == [started])
    #expect(reader.lineCount == 1)

    // The rest of the step, a line that is not JSON, a blank line and an epoch.
    let summary = EpochSummary(epoch: 1, trainLoss: 0.65, validation: [MetricEntry(name: "accuracy", value: 0.5), MetricEntry(name: "loss", value: 0.6)], isBest: true, seconds: 1)
    try append(step[cut...] + "\nnot json\n\n" + (try eventLine(.epochEnded(summary))) + "\n", to: url)
    let updates = reader.poll()
    #expect(updates.count == 3)
    #expect(updates.first?.event == .step(epoch: 1, step: 1, stepsPerEpoch: 2, loss: 0.7))
    guard case .malformed(let error) = updates.dropFirst().first else {
        Issue.record("expected the second update to be the malformed line, got \(updates)")
        return
    }
    #expect(error.line == 3)
    #expect(error.description.hasPrefix("events.jsonl line 3: invalid JSON ('not json')"))
    #expect(updates.last?.event == .epochEnded(summary))
    #expect(reader.lineCount == 5)

    // Nothing new, nothing reported.
    #expect(reader.poll().isEmpty)
}

@Test func readerStartsOverWhenTheFileIsReplacedOrShrinks() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("events.jsonl")
    let step = try eventLine(.step(epoch: 1, step: 1, stepsPerEpoch: 2, loss: 0.7))
    try Data((try eventLine(started) + "\n" + step + "\n").utf8).write(to: url)
    var reader = EventLogReader(url: url)
    #expect(reader.poll().count == 2)

    // A new file at the path (a new inode), as a second `train --run-dir` into the same folder would make.
    let replacement = folder.appendingPathComponent("events.new")
    try Data((try eventLine(started) + "\n").utf8).write(to: replacement)
    #expect(rename(replacement.path, url.path) == 0)
    var updates = reader.poll()
    #expect(updates.count == 2)
    #expect(updates.first.map { if case .restarted = $0 { true } else { false } } == true)
    #expect(updates.last?.event == started)

    // The same file cut shorter than what was read.
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 10)
    try handle.close()
    updates = reader.poll()
    #expect(updates.count == 1, "a restart only: the 10 bytes left are a partial line, kept pending")
    #expect(updates.first.map { if case .restarted(let reason) = $0 { reason.contains("shrank") } else { false } } == true)
    #expect(reader.lineCount == 0)
}

@Test func followerThreadDeliversAppendedLines() throws {
    let folder = try temporaryRunFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("events.jsonl")
    let follower = EventLogFollower(reader: EventLogReader(url: url), interval: 0.01)
    defer { follower.stop() }
    try Data((try eventLine(started) + "\n").utf8).write(to: url)

    // Waits for the thread to notice. The limit only keeps a broken follower from hanging the test run.
    var received: [EventLogUpdate] = []
    for _ in 0..<1000 where received.isEmpty {
        received = follower.drain()
        if received.isEmpty { Thread.sleep(forTimeInterval: 0.01) }
    }
    #expect(received.map(\.event) == [started])
}

extension EventLogUpdate {
    /// The decoded event, or nil for the other updates.
    var event: TrainingEvent? {
        if case .event(let record) = self { return record.event }
        return nil
    }
}
