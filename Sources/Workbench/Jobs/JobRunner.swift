import Foundation
import Synchronization

/// Runs background jobs and collects what they publish until the UI thread drains it.
///
/// A job is a closure that gets a `publish` function. Messages go into a `Mutex`-protected mailbox, so the job
/// never touches UI state; `drain()` on the UI thread takes them all in publication order. In `.synchronous`
/// mode a job runs to its end inside `start`, which lets tests drive the workbench without threads or sleeps.
public final class JobRunner<Message: Sendable>: Sendable {
    /// The thread a job runs on.
    public enum Mode: Sendable {
        /// Each job on its own thread.
        case background
        /// Inside `start`, on the caller's thread.
        case synchronous
    }

    public let mode: Mode
    private let mailbox = Mutex<[Message]>([])
    private let running = Mutex(0)
    private let idle = DispatchGroup()

    public init(mode: Mode = .background) {
        self.mode = mode
    }

    /// Starts `work`, which publishes messages through the function it is given.
    public func start(_ name: String, _ work: @escaping @Sendable (_ publish: @escaping @Sendable (Message) -> Void) -> Void) {
        let publish: @Sendable (Message) -> Void = { message in self.mailbox.withLock { $0.append(message) } }
        running.withLock { $0 += 1 }
        idle.enter()
        let finish: @Sendable () -> Void = {
            self.running.withLock { $0 -= 1 }
            self.idle.leave()
        }

        switch mode {
        case .synchronous:
            work(publish)
            finish()
        case .background:
            let thread = Thread {
                work(publish)
                finish()
            }
            thread.name = "swifthealth.\(name)"
            thread.start()
        }
    }

    /// Takes every message published since the last call, oldest first.
    public func drain() -> [Message] {
        mailbox.withLock { messages in
            defer { messages.removeAll(keepingCapacity: true) }
            return messages
        }
    }

    /// Number of jobs started and not yet finished.
    public var busyCount: Int { running.withLock { $0 } }

    /// Blocks until every started job has finished; for tests and shutdown, never for the UI thread.
    public func waitUntilIdle() {
        idle.wait()
    }
}
