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

/// One terminal cell: a single Unicode scalar of display width 1 and its style.
public struct Cell: Sendable, Hashable {
    public var scalar: Unicode.Scalar
    public var style: CellStyle

    public init(_ scalar: Unicode.Scalar = " ", style: CellStyle = .normal) {
        self.scalar = scalar
        self.style = style
    }
}

/// A screen-sized grid of cells, row-major, that panes draw into and tests read back as text.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = Cell()) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from column `x` of row `y`, one scalar per cell, clipped at `maxWidth` cells and at the grid's edge.
    /// Returns the number of cells written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width - x, maxWidth ?? Int.max)
        var written = 0
        for scalar in text.unicodeScalars where written < limit {
            self[x + written, y] = Cell(scalar, style: style)
            written += 1
        }
        return max(0, written)
    }

    /// Returns the characters of row `y`, for tests and snapshots.
    public func rowText(_ y: Int) -> String {
        var text = String.UnicodeScalarView()
        for x in 0..<width { text.append(self[x, y].scalar) }
        return String(text)
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
