@preconcurrency import CNcursesw
import Foundation
import Synchronization
import Workbench

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// True between `newterm` and `endwin`. The exit and crash handlers read it to decide whether to restore the terminal.
let screenIsActive = Atomic<Bool>(false)

/// The result of one read from the keyboard.
enum ScreenEvent: Equatable {
    /// Nothing arrived within the input timeout.
    case timeout
    /// A key or mouse event for the core, or the new size after a resize.
    case input(TerminalInput)
    /// Ctrl-L: repaint every cell, after another program wrote over the screen.
    case repaintRequested
    /// A key the workbench does not use.
    case ignored
}

/// The only code that calls curses: sets the terminal up, draws cell grids, decodes input and restores the terminal.
/// Use it from one thread only, because ncurses is not thread-safe.
final class TerminalScreen {
    /// The terminal's size in cells, updated on every resize.
    private(set) var width: Int = 0
    private(set) var height: Int = 0

    /// The colour depth chosen at start-up.
    let depth: ColorDepth

    private var screen: OpaquePointer?
    private var previousGrid: CellGrid?
    private var colors: TerminalColors

    /// How long `readEvent` waits for a key, in milliseconds.
    static let inputTimeoutMilliseconds: Int32 = 50

    /// Starts curses on the controlling terminal. Throws when the terminal type has no terminfo entry.
    init(palette: any TerminalPalette, environment: [String: String]) throws {
        Self.selectUTF8Locale()

        // newterm, unlike initscr, returns nil instead of exiting the process when TERM is unknown.
        guard let screen = newterm(nil, stdout, stdin) else {
            let term = environment["TERM"] ?? ""
            throw TerminalUnsuitableError(
                reason: "ncurses cannot open the terminal of type '\(term)' (no terminfo entry?); set TERM to a known type such as xterm-256color")
        }
        self.screen = screen
        screenIsActive.store(true, ordering: .sequentiallyConsistent)

        // raw, not cbreak, so Ctrl-C reaches the core as a key instead of a SIGINT.
        raw()
        noecho()
        nonl()
        keypad(nc_stdscr(), true)
        set_escdelay(25)
        wtimeout(nc_stdscr(), Self.inputTimeoutMilliseconds)
        curs_set(0)

        // mouseinterval(0) delivers presses and releases at once instead of waiting to combine them into clicks.
        mousemask(nc_all_mouse_events(), nil)
        mouseinterval(0)

        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        var hasDefaultColors = false
        if has_colors(), !noColor {
            start_color()
            hasDefaultColors = use_default_colors() == OK
        }
        depth = detectColorDepth(
            environment: environment, hasColors: has_colors(), colorCount: Int(nc_colors()))
        colors = TerminalColors(depth: depth, hasDefaultColors: hasDefaultColors, colorCount: Int(nc_colors()), pairCount: Int(nc_color_pairs()))
        colors.apply(palette)

        updateSize()
    }

    deinit { close() }

    /// Restores the terminal. Safe to call more than once.
    func close() {
        guard let screen else { return }

        // Blank the alternate screen before leaving it. When the window grew during the session (150x40 to
        // 200x50 in tmux), rows of it stayed on the shell's screen after endwin. Blank rows leave nothing behind.
        werase(nc_stdscr())
        wmove(nc_stdscr(), 0, 0)
        wrefresh(nc_stdscr())

        mousemask(0, nil)
        curs_set(1)
        endwin()
        screenIsActive.store(false, ordering: .sequentiallyConsistent)
        delscreen(screen)
        self.screen = nil
    }

    /// Sets up colour pairs for `palette` when its colours differ from the ones in use, and repaints everything if so.
    func usePalette(_ palette: any TerminalPalette) {
        if colors.apply(palette) { previousGrid = nil }
    }

    /// Forgets what is on the terminal, so the next `draw` repaints every cell.
    func invalidate() {
        previousGrid = nil
        clearok(nc_stdscr(), true)
    }

    // MARK: - Drawing

    /// Draws `grid` from the top-left corner, writing only the cells that differ from the previous grid.
    func draw(_ grid: CellGrid) {
        let previous = previousGrid.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
        if previous == nil { werase(nc_stdscr()) }

        let rows = min(grid.height, height)
        let columns = min(grid.width, width)
        for y in 0..<rows {
            for x in 0..<columns {
                let cell = grid[x, y]
                // The terminal fills the right half of a wide scalar when it draws the left half.
                if cell.isWideContinuation { continue }
                let isWide = x + 1 < columns && grid[x + 1, y].isWideContinuation
                if let previous, previous[x, y] == cell, !isWide || previous[x + 1, y] == grid[x + 1, y] { continue }
                put(cell, x: x, y: y, isWide: isWide)
            }
        }

        previousGrid = grid
        wrefresh(nc_stdscr())
    }

    /// Draws `cell` at (`x`, `y`). `isWide` is true when the grid gave it the next cell too.
    private func put(_ cell: Cell, x: Int, y: Int, isWide: Bool) {
        // A scalar whose width in the terminal's locale differs from the cells the grid gave it would shift the
        // rest of the row, so it is drawn as "?", and a wide one as "??".
        let cellCount: Int32 = isWide ? 2 : 1
        var character = wchar_t(bitPattern: cell.scalar.value)
        let matches = nc_wcwidth(character) == cellCount
        if !matches { character = wchar_t(UInt8(ascii: "?")) }

        let (attributes, pair) = colors.attributesAndPair(for: cell.style)
        // Writing the bottom-right cell returns ERR because the cursor cannot move past it, but the cell is drawn.
        _ = nc_put_wch_pair(Int32(y), Int32(x), character, attributes, pair)
        if isWide, !matches { _ = nc_put_wch_pair(Int32(y), Int32(x + 1), character, attributes, pair) }
    }

    // MARK: - Input

    /// Waits up to `inputTimeoutMilliseconds` for one key, mouse event or resize, and decodes it.
    func readEvent() -> ScreenEvent {
        var value: wint_t = 0
        let status = get_wch(&value)

        if status == ERR { return .timeout }
        if status == KEY_CODE_YES {
            let code = Int32(bitPattern: value)
            if code == KEY_RESIZE {
                updateSize()
                return .input(.resize(width: width, height: height))
            }
            if code == KEY_MOUSE { return readMouse() }
            return decodeKey(.keyCode(code)).map(ScreenEvent.input) ?? .ignored
        }

        if value == ControlCharacter.redraw { return .repaintRequested }
        return decodeKey(.character(value)).map(ScreenEvent.input) ?? .ignored
    }

    private func readMouse() -> ScreenEvent {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return .ignored }
        return decodeMouse(buttonState: event.bstate, x: Int(event.x), y: Int(event.y)).map(ScreenEvent.input) ?? .ignored
    }

    private func updateSize() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        nc_getmaxyx(nc_stdscr(), &rows, &columns)
        width = Int(max(columns, 0))
        height = Int(max(rows, 0))
        previousGrid = nil
    }

    // MARK: - Locale

    /// Selects the user's locale, falling back to C.UTF-8 when its character set is not UTF-8. Without a UTF-8
    /// locale, ncurses draws every box-drawing and braille cell blank.
    private static func selectUTF8Locale() {
        setlocale(LC_ALL, "")
        if !currentCodesetIsUTF8() {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    private static func currentCodesetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
