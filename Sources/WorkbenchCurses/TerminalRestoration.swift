@preconcurrency import CNcursesw
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The signals that end the workbench normally: the handler sets a flag, and the main loop reads it, restores the
/// terminal and returns.
let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

/// The signals of a crash: the handler restores the terminal, then passes the signal on to the handler installed
/// before it (the Swift runtime's backtracer, or the default action that ends the process).
let crashSignals: [Int32] = [SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP]

/// The last termination signal received, or 0. Written only by the signal handler and cleared by the main loop.
let pendingTerminationSignal = Atomic<Int32>(0)

/// The handlers that were installed before the workbench's own, indexed by signal number. The crash handler reads
/// them while the process is dying, so they live in memory that is never freed or reallocated.
nonisolated(unsafe) let previousSignalActions = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(NSIG))

private let exitHandlerInstalled = Atomic<Bool>(false)

private func recordTerminationSignal(_ signal: Int32) {
    pendingTerminationSignal.store(signal, ordering: .sequentiallyConsistent)
}

private func restoreTerminalAndResignal(_ signal: Int32) {
    // endwin is not async-signal-safe, but the process is already crashing, and a terminal left in raw mode with
    // the cursor hidden is worse than the small risk of a second fault here.
    if screenIsActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }

    // Put the previous handler back and raise again: the signal stays blocked until this handler returns, and is
    // then delivered to that handler.
    sigaction(signal, previousSignalActions + Int(signal), nil)
    raise(signal)
}

private func install(_ handler: @convention(c) (Int32) -> Void, for signals: [Int32]) {
    for signal in signals {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, previousSignalActions + Int(signal))
    }
}

/// Installs the handlers that restore the terminal on every exit path: termination signals set a flag for the main
/// loop, crash signals call `endwin` and re-raise, and an `atexit` handler covers `exit()` from anywhere.
/// ncurses handles SIGWINCH itself, so it is left alone.
func installTerminalRestoration() {
    pendingTerminationSignal.store(0, ordering: .sequentiallyConsistent)
    install(recordTerminationSignal, for: terminationSignals)
    install(restoreTerminalAndResignal, for: crashSignals)

    if !exitHandlerInstalled.exchange(true, ordering: .sequentiallyConsistent) {
        atexit {
            if screenIsActive.exchange(false, ordering: .sequentiallyConsistent) {
                endwin()
            }
        }
    }
}

/// Puts back the signal handlers that were installed before `installTerminalRestoration`.
func removeTerminalRestoration() {
    for signal in terminationSignals + crashSignals {
        sigaction(signal, previousSignalActions + Int(signal), nil)
    }
}
