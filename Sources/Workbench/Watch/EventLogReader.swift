import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One change that a poll of `events.jsonl` found.
public enum EventLogUpdate: Sendable, Equatable {
    /// A complete line, decoded.
    case event(RunEvent)
    /// A complete line that is not an event. The reader skips it and reads on.
    case malformed(RunEventDecodingError)
    /// The file shrank, was replaced or was removed, so the reader drops what it read and starts over.
    case restarted(reason: String)
}

/// Reads a run's `events.jsonl` from the start and then whatever is appended, one `poll()` at a time.
///
/// A last line without its newline stays pending until the newline arrives, so a reader never sees half an event.
/// A missing file is waited for. A file that is shorter than what was read, or another file (a new inode) at the
/// same path, is read again from the start after a `.restarted` update. It only reads, so any number of readers
/// may follow one file.
public struct EventLogReader: Sendable {
    public let url: URL
    /// Bytes read so far, complete lines and the pending partial line.
    public private(set) var offset: Int64 = 0
    /// Complete lines read so far.
    public private(set) var lineCount = 0
    /// Whether the file existed at the last poll.
    public private(set) var fileExists = false
    private var pending: [UInt8] = []
    private var identity: (device: UInt64, inode: UInt64)?

    public init(url: URL) {
        self.url = url
    }

    /// Reads what was appended since the last call and returns the complete lines' updates, oldest first.
    public mutating func poll() -> [EventLogUpdate] {
        var updates: [EventLogUpdate] = []
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            if fileExists { updates.append(startOver("events.jsonl was removed; waiting for it to appear again")) }
            fileExists = false
            return updates
        }
        fileExists = true
        let current = (device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if let identity, identity != current {
            updates.append(startOver("events.jsonl was replaced; reading the new file from the start"))
        } else if Int64(info.st_size) < offset {
            updates.append(startOver("events.jsonl shrank; reading it again from the start"))
        }
        identity = current

        let bytes = readAppended(upTo: Int64(info.st_size))
        guard !bytes.isEmpty else { return updates }
        offset += Int64(bytes.count)
        pending.append(contentsOf: bytes)
        var lineStart = 0
        while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            lineCount += 1
            let line = String(decoding: pending[lineStart..<newline], as: UTF8.self)
            lineStart = newline + 1
            if line.allSatisfy(\.isWhitespace) { continue }
            do {
                updates.append(.event(try RunEventDecoder.decode(line, lineNumber: lineCount)))
            } catch {
                updates.append(.malformed(error))
            }
        }
        pending.removeFirst(lineStart)
        return updates
    }

    private mutating func startOver(_ reason: String) -> EventLogUpdate {
        offset = 0
        lineCount = 0
        pending = []
        identity = nil
        return .restarted(reason: reason)
    }

    /// Returns the bytes from `offset` to `size`: fewer when the file changes during the read, none when it cannot be opened.
    private func readAppended(upTo size: Int64) -> [UInt8] {
        guard size > offset else { return [] }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: Int(size - offset))
        var filled = 0
        while filled < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + filled, raw.count - filled, off_t(offset) + off_t(filled))
            }
            guard count > 0 else { break }
            filled += count
        }
        return Array(buffer.prefix(filled))
    }
}

/// Runs an `EventLogReader` on a background thread, looking at the file every `interval` seconds until stopped,
/// and keeps what it finds in a mailbox that the UI thread drains.
public final class EventLogFollower: Sendable {
    private let mailbox = Mutex<[EventLogUpdate]>([])
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts following at once, from where `reader` stopped.
    /// - Parameter interval: seconds between looks at the file's size, 0.15 by default.
    public init(reader: EventLogReader, interval: Double = 0.15) {
        let thread = Thread { [self] in
            var reader = reader
            while !stopped.withLock({ $0 }) {
                let updates = reader.poll()
                if !updates.isEmpty { mailbox.withLock { $0.append(contentsOf: updates) } }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.name = "swifthealth.watch"
        thread.start()
    }

    /// Takes every update found since the last call, oldest first.
    public func drain() -> [EventLogUpdate] {
        mailbox.withLock { updates in
            defer { updates.removeAll(keepingCapacity: true) }
            return updates
        }
    }

    /// Stops the thread after its current look and waits for it, so the mailbox gets nothing more.
    public func stop() {
        let wasStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        if !wasStopped { done.wait() }
    }
}
