import Foundation
import Synchronization

/// Appends each training event to a run's `events.jsonl` as one JSON line, flushed per event, so a watcher in
/// another process (or over SSH) can follow a run while it trains.
public final class EventLog: TrainingObserver {
    private let handle: Mutex<FileHandle?>
    public let url: URL

    /// Creates (or truncates) `events.jsonl` in `runDirectory`.
    public init(runDirectory: URL) throws {
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        url = runDirectory.appendingPathComponent("events.jsonl")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let fileHandle = FileHandle(forWritingAtPath: url.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = Mutex(fileHandle)
    }

    public func trainer(didPublish event: TrainingEvent) {
        let time = Date().timeIntervalSince1970
        guard var line = try? jsonData(event.jsonObject(time: time)) else { return }
        line.append(UInt8(ascii: "\n"))
        handle.withLock { fileHandle in
            // NOTE: a write error (disk full) drops the line instead of stopping training. The checkpoint and
            // results files are still written and report their own errors.
            // FileHandle writes go straight to write(2), so other processes see each line at once. There is no
            // fsync, because one per step would dominate short epochs.
            try? fileHandle?.write(contentsOf: line)
        }
    }

    public func close() {
        handle.withLock { fileHandle in
            try? fileHandle?.close()
            fileHandle = nil
        }
    }

    deinit { close() }
}
