/// The reason the workbench cannot run in the current terminal.
public struct TerminalUnsuitableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem and its fix, in one or two sentences.
    public let reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// Checks that the workbench can draw: standard input and output must both be terminals, and `TERM` must name a
/// terminal that can position the cursor. Returns nil when it can, else the problem and its fix.
///
/// A redirected standard output would make ncurses draw into the file at an assumed 80×24, and a redirected
/// standard input would leave no way to press a key, so both are rejected before `initscr()`.
public func checkTerminal(environment: [String: String], standardInputIsTerminal: Bool, standardOutputIsTerminal: Bool) -> TerminalUnsuitableError? {
    if !standardOutputIsTerminal {
        return TerminalUnsuitableError(
            reason: "the workbench needs a terminal, but standard output is not one; run it without redirecting or piping its output")
    }
    if !standardInputIsTerminal {
        return TerminalUnsuitableError(
            reason: "the workbench needs a terminal, but standard input is not one; run it without redirecting its input")
    }

    let term = environment["TERM"] ?? ""
    if term.isEmpty {
        return TerminalUnsuitableError(
            reason: "TERM is not set, so the terminal type is unknown; set it to your terminal's type, for example TERM=xterm-256color")
    }
    if term == "dumb" {
        return TerminalUnsuitableError(
            reason: "TERM=dumb cannot move the cursor, which the workbench needs; run it in a full terminal such as xterm, tmux or screen")
    }
    return nil
}
