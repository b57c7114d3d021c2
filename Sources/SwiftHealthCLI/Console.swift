import Foundation
import Synchronization

/// The output streams of a command: results go to standard output, progress and diagnostics to standard error.
/// Tests pass a `Console` that collects both into strings.
public final class Console: Sendable {
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    /// Whether results go to a terminal, so that text may carry terminal styling such as bold.
    public let isTerminalOutput: Bool

    public init(output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void, isTerminalOutput: Bool = false) {
        writeOutput = output
        writeError = error
        self.isTerminalOutput = isTerminalOutput
    }

    /// The process's standard output and standard error.
    public static let standard = Console(
        output: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        error: { text in FileHandle.standardError.write(Data(text.utf8)) },
        isTerminalOutput: isatty(STDOUT_FILENO) == 1)

    /// A console that writes results to standard error too, for commands whose standard output carries JSON.
    public var reportingToError: Console {
        Console(output: writeError, error: writeError)
    }

    /// Writes a line to standard output.
    public func print(_ line: String = "") { writeOutput(line + "\n") }

    /// Writes a line to standard error.
    public func log(_ line: String) { writeError(line + "\n") }
}

/// A console that keeps what was written, for tests.
public final class CapturedConsole: Sendable {
    private let outputText = Mutex("")
    private let errorText = Mutex("")

    public init() {}

    public var console: Console {
        Console(
            output: { [self] text in self.outputText.withLock { $0 += text } },
            error: { [self] text in self.errorText.withLock { $0 += text } })
    }

    public var output: String { outputText.withLock { $0 } }
    public var error: String { errorText.withLock { $0 } }
}
