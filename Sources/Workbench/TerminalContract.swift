// The contract between the terminal-free workbench core and the ncurses front end (WorkbenchCurses).
// The core renders a `CellGrid` from its state; the front end draws the grid, decodes input into `TerminalInput`
// and passes it back. Only the front end calls curses, and only from the UI thread.

/// A colour as a theme names it; the front end maps it to what the terminal supports.
public enum TerminalColor: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours, 0...15.
    case ansi(Int)
    /// One of the xterm 256-colour palette, 0...255.
    case palette256(Int)
    /// A 24-bit colour, drawn only when COLORTERM reports truecolor support.
    case rgb(UInt8, UInt8, UInt8)
}

/// The meaning of a piece of text; a theme gives each role its colours.
public enum StyleRole: String, Sendable, Hashable, CaseIterable {
    case normal
    case muted
    case title
    case border
    case borderFocused
    case header
    case selection
    case accent
    case positive
    case negative
    case warning
    case chartLine
    case chartSecondary
    case statusBar
    case input
}

/// The drawing style of one cell: its role plus attributes that survive in monochrome (bold, reverse, underline, dim).
public struct CellStyle: Sendable, Hashable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(_ role: StyleRole = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let normal = CellStyle()
}

/// One terminal cell: a single Unicode scalar and its style.
///
/// A wide scalar (CJK, most emoji) covers two cells. The left cell contains the scalar, and the right cell is a
/// continuation that the front end does not draw, because the terminal fills it when it draws the left one.
public struct Cell: Sendable, Hashable {
    public var scalar: Unicode.Scalar
    public var style: CellStyle
    /// True for the right half of a wide scalar that the cell to its left contains.
    public var isWideContinuation: Bool

    public init(_ scalar: Unicode.Scalar = " ", style: CellStyle = .normal) {
        self.scalar = scalar
        self.style = style
        isWideContinuation = false
    }

    /// Creates the right half of a wide scalar: a blank in the wide scalar's style.
    static func continuation(style: CellStyle) -> Cell {
        var cell = Cell(" ", style: style)
        cell.isWideContinuation = true
        return cell
    }
}

/// A screen-sized grid of cells, row-major, that panes draw into and tests read back as text.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public internal(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = Cell()) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The cell at column `x`, row `y`. Setting a cell that is one half of a wide scalar blanks the other half,
    /// so the grid never contains half of one.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            splitWideScalar(at: x, y)
            cells[y * width + x] = newValue
        }
    }

    /// Blanks the other half of a wide scalar that the cell at (`x`, `y`) is part of.
    private mutating func splitWideScalar(at x: Int, _ y: Int) {
        let index = y * width + x
        if cells[index].isWideContinuation, x > 0 {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        if x + 1 < width, cells[index + 1].isWideContinuation {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
    }

    /// Writes the wide `scalar` into the cells at `x` and `x + 1` of row `y`.
    private mutating func writeWide(_ scalar: Unicode.Scalar, x: Int, y: Int, style: CellStyle) {
        self[x, y] = Cell(scalar, style: style)
        self[x + 1, y] = .continuation(style: style)
    }

    /// Writes `text` from column `x` of row `y`, one cell per scalar and two per wide scalar (see `cellWidth`),
    /// clipped at `maxWidth` cells and at the grid's edge. A wide scalar that would be cut in half is left out.
    /// Returns the number of cells written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width - x, maxWidth ?? Int.max)
        var written = 0
        for scalar in text.unicodeScalars {
            let cellCount = Self.cellWidth(of: scalar)
            guard written + cellCount <= limit else { break }
            if cellCount == 2 {
                writeWide(scalar, x: x + written, y: y, style: style)
            } else {
                self[x + written, y] = Cell(scalar, style: style)
            }
            written += cellCount
        }
        return max(0, written)
    }

    /// Returns the characters of row `y`, for tests and snapshots. A wide scalar appears once, so the row has
    /// fewer characters than cells when it contains one.
    public func rowText(_ y: Int) -> String {
        var text = String.UnicodeScalarView()
        for x in 0..<width where !self[x, y].isWideContinuation { text.append(self[x, y].scalar) }
        return String(text)
    }

    /// Returns the number of cells `scalar` covers in a terminal: 2 for the East Asian Wide and Fullwidth blocks
    /// (Hangul, CJK, kana, fullwidth forms) and for emoji drawn as emoji by default, else 1.
    ///
    /// NOTE: Combining marks, zero-width joiners and variation selectors still get a cell of their own, and the
    /// curses front end draws them as "?". Only the main blocks are listed, so a rare wide scalar outside them
    /// counts as 1.
    public static func cellWidth(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        guard value >= 0x1100 else { return 1 }
        let wideRanges: [ClosedRange<UInt32>] = [
            0x1100...0x115F,    // Hangul Jamo initial consonants
            0x2E80...0x303E,    // CJK radicals, Kangxi radicals, CJK symbols and punctuation
            0x3041...0x33FF,    // kana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
            0x3400...0x4DBF,    // CJK unified ideographs extension A
            0x4E00...0x9FFF,    // CJK unified ideographs
            0xA000...0xA4CF,    // Yi
            0xAC00...0xD7A3,    // Hangul syllables
            0xF900...0xFAFF,    // CJK compatibility ideographs
            0xFE30...0xFE4F,    // CJK compatibility forms
            0xFF00...0xFF60,    // fullwidth forms
            0xFFE0...0xFFE6,    // fullwidth signs
            0x20000...0x3FFFD,  // CJK unified ideographs extensions B and later
        ]
        if wideRanges.contains(where: { $0.contains(value) }) { return 2 }
        return scalar.properties.isEmojiPresentation ? 2 : 1
    }

    /// Every row joined by newlines.
    public var text: String { (0..<height).map(rowText).joined(separator: "\n") }
}

/// A mouse event in grid coordinates.
public struct MouseInput: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case press, release, wheelUp, wheelDown }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// One decoded input event, as the front end delivers it to the core.
public enum TerminalInput: Sendable, Equatable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    case function(Int)
    /// Ctrl-C arrives as a key when the terminal is in raw mode.
    case interrupt
    case mouse(MouseInput)
    case resize(width: Int, height: Int)
}

/// The front end's next step after the core handled an input.
public enum SessionAction: Sendable, Equatable {
    case `continue`
    case quit
}

/// The colours of every role at the terminal's colour depth, resolved from a theme file.
public protocol TerminalPalette: Sendable {
    /// Foreground and background of `role`.
    func colors(for role: StyleRole) -> (foreground: TerminalColor, background: TerminalColor)
}

/// The interactive core the front end drives. All calls come from the UI thread; background jobs publish into the
/// session's own mailbox, and `poll()` moves their news into the state.
public protocol WorkbenchSession: AnyObject {
    /// Applies one input and returns whether to keep running.
    func handle(_ input: TerminalInput) -> SessionAction
    /// Takes in what background jobs published since the last call; returns true when the screen must be redrawn.
    func poll() -> Bool
    /// Draws the whole screen for the given size.
    func render(width: Int, height: Int) -> CellGrid
    /// The colours for the current theme and colour depth.
    var palette: any TerminalPalette { get }
}
