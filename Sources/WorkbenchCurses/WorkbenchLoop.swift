import Foundation
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// The reason the workbench's main loop ended.
public enum WorkbenchExit: Sendable, Equatable {
    /// The session asked to quit.
    case quit
    /// SIGINT, SIGTERM or SIGHUP arrived. The terminal has been restored, and the caller decides how to exit.
    case signal(Int32)
}

/// Runs `session` in the terminal on the calling thread until it quits or a termination signal arrives.
///
/// Checks the terminal first (see `checkTerminal`), then starts curses, redraws when `session.poll()` reports news,
/// after every input and at once after a resize, and waits at most 50 ms for input between polls. The terminal
/// is restored on every exit path, including a thrown error, SIGINT, SIGTERM, SIGHUP and a crash.
///
/// - Throws: `TerminalUnsuitableError` when standard input or output is not a terminal, TERM is unset or "dumb",
///   or ncurses has no terminfo entry for TERM.
public func runWorkbench(session: any WorkbenchSession, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WorkbenchExit {
    if let problem = checkTerminal(
        environment: environment, standardInputIsTerminal: isatty(STDIN_FILENO) == 1, standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1)
    {
        throw problem
    }

    installTerminalRestoration()
    defer { removeTerminalRestoration() }

    let screen = try TerminalScreen(palette: session.palette, environment: environment)
    defer { screen.close() }

    var needsRedraw = true
    while true {
        let signal = pendingTerminationSignal.exchange(0, ordering: .sequentiallyConsistent)
        if signal != 0 { return .signal(signal) }

        if needsRedraw {
            screen.usePalette(session.palette)
            screen.draw(session.render(width: screen.width, height: screen.height))
            needsRedraw = false
        }

        switch screen.readEvent() {
        case .timeout, .ignored:
            break
        case .repaintRequested:
            screen.invalidate()
            needsRedraw = true
        case .input(let input):
            if session.handle(input) == .quit {
                // In raw mode Ctrl-C arrives as a key, not as SIGINT; ending as if by the signal gives the shell
                // the status it expects from Ctrl-C (130) after the terminal is restored.
                return input == .interrupt ? .signal(SIGINT) : .quit
            }
            needsRedraw = true
        }

        if session.poll() { needsRedraw = true }
    }
}
