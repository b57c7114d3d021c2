import Foundation

extension TrainingEvent {
    /// Converts the event to one JSON object, the line format of a run's `events.jsonl`.
    /// Every object has `"event"` (its kind) and `"time"` (seconds since 1970, UTC).
    public func jsonObject(time: Double) -> [String: Any] {
        var object: [String: Any] = ["time": time]
        switch self {
        case let .started(model, task, epochs, stepsPerEpoch, trainSamples, validationSamples, testSamples):
            object["event"] = "started"
            object["model"] = model
            object["task"] = task
            object["epochs"] = epochs
            object["steps_per_epoch"] = stepsPerEpoch
            object["samples"] = ["train": trainSamples, "val": validationSamples, "test": testSamples]
        case let .step(epoch, step, stepsPerEpoch, loss):
            object["event"] = "step"
            object["epoch"] = epoch
            object["step"] = step
            object["steps_per_epoch"] = stepsPerEpoch
            object["loss"] = loss.isFinite ? loss : NSNull()
        case let .epochEnded(summary):
            object["event"] = "epoch"
            object["epoch"] = summary.epoch
            object["train_loss"] = summary.trainLoss.isFinite ? summary.trainLoss : NSNull()
            object["val"] = metricsObject(summary.validation)
            object["is_best"] = summary.isBest
            object["seconds"] = summary.seconds
        case let .checkpointSaved(kind, epoch, path):
            object["event"] = "checkpoint"
            object["kind"] = kind.rawValue
            object["epoch"] = epoch
            object["path"] = path
        case let .earlyStopped(epoch, patience):
            object["event"] = "early_stopped"
            object["epoch"] = epoch
            object["patience"] = patience
        case let .finished(test, bestEpoch):
            object["event"] = "finished"
            object["test"] = metricsObject(test)
            object["best_epoch"] = bestEpoch ?? NSNull()
        case let .failed(message):
            object["event"] = "failed"
            object["message"] = message
        }
        return object
    }
}

/// Metrics as `{name: value}`, with an undefined metric written as null plus `"<name>_undefined": reason`,
/// so a reader never mistakes a missing value for a number.
public func metricsObject(_ entries: [MetricEntry]) -> [String: Any] {
    var object: [String: Any] = [:]
    for entry in entries {
        if let value = entry.value, value.isFinite {
            object[entry.name] = value
        } else {
            object[entry.name] = NSNull()
            if let reason = entry.undefinedReason { object["\(entry.name)_undefined"] = reason }
        }
    }
    return object
}

/// Serialises a JSON object with sorted keys, so files diff cleanly between runs.
public func jsonData(_ object: Any, pretty: Bool = false) throws -> Data {
    var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
    if pretty { options.insert(.prettyPrinted) }
    return try JSONSerialization.data(withJSONObject: object, options: options)
}

/// Writes `data` to a temporary file beside `url`, then renames it into place, so readers never see half a file.
public func writeAtomically(_ data: Data, to url: URL) throws {
    let target = url.standardizedFileURL.absoluteURL
    let temporary = target.deletingLastPathComponent()
        .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    try data.write(to: temporary)

    // rename(2) replaces an existing file atomically, which Foundation's replaceItemAt does not promise on Linux.
    guard rename(temporary.path, target.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path, NSLocalizedDescriptionKey: "cannot rename \(temporary.path) to \(target.path): \(reason)"])
    }
}
