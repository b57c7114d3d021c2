import Foundation
import Synchronization
import Workbench

/// A small session for testing the terminal front end by hand and in the tmux smoke test, without the workbench
/// core. It shows a list to move through, a counter that a background thread increments ten times a second, and
/// the last input received. `swifthealth workbench --test-session` runs it. F12 crashes the process on purpose,
/// so the smoke test can check that a crash restores the terminal.
public final class CursesTestSession: WorkbenchSession {
    /// The smallest screen the session draws panes on. Below it, the session shows a "terminal too small" message.
    public static let minimumWidth = 70
    public static let minimumHeight = 20

    private let ticker = Ticker()
    private var ticksShown = 0
    private let items = (1...40).map { String(format: "row %02d", $0) }
    private var selection = 0
    private var scrollOffset = 0
    private var listHasFocus = true
    private var lastInput = "none"
    private var resizeCount = 0
    private var listRows = 1

    public let palette: any TerminalPalette = CursesTestPalette()

    public init() {
        let ticker = self.ticker
        Thread.detachNewThread {
            while !ticker.isStopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.1)
                ticker.count.add(1, ordering: .relaxed)
            }
        }
    }

    deinit { ticker.isStopped.store(true, ordering: .relaxed) }

    public func handle(_ input: TerminalInput) -> SessionAction {
        lastInput = String(describing: input)
        switch input {
        case .character("q"), .escape, .interrupt, .function(10):
            ticker.isStopped.store(true, ordering: .relaxed)
            return .quit
        case .function(12):
            fatalError("crash requested with F12, to test that a crash restores the terminal")
        case .down, .character("j"): moveSelection(by: 1)
        case .up, .character("k"): moveSelection(by: -1)
        case .pageDown: moveSelection(by: listRows)
        case .pageUp: moveSelection(by: -listRows)
        case .home, .character("g"): moveSelection(by: -items.count)
        case .end, .character("G"): moveSelection(by: items.count)
        case .tab, .backTab: listHasFocus.toggle()
        case .resize: resizeCount += 1
        case .mouse(let mouse): handleMouse(mouse)
        default: break
        }
        return .continue
    }

    public func poll() -> Bool {
        let ticks = ticker.count.load(ordering: .relaxed)
        guard ticks != ticksShown else { return false }
        ticksShown = ticks
        return true
    }

    public func render(width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            let message = "Terminal too small: \(width)×\(height), need \(Self.minimumWidth)×\(Self.minimumHeight)"
            grid.write(message, x: max(0, (width - message.count) / 2), y: height / 2, style: CellStyle(.warning, bold: true))
            return grid
        }

        let header = " SwiftHealth workbench · terminal test session · tick \(ticksShown)"
        grid.write(header.padding(toLength: width, withPad: " ", startingAt: 0), x: 0, y: 0, style: CellStyle(.title, bold: true))

        let listWidth = width / 2
        listRows = height - 4
        drawBox(in: &grid, title: "Items", x: 0, y: 1, width: listWidth, height: height - 2, focused: listHasFocus)
        drawList(in: &grid, x: 1, y: 2, width: listWidth - 2)

        drawBox(in: &grid, title: "Counter", x: listWidth, y: 1, width: width - listWidth, height: height - 2, focused: !listHasFocus)
        let lines = [
            ("ticks", "\(ticksShown)"), ("selected", items[selection]), ("last input", lastInput), ("resizes", "\(resizeCount)"),
            ("size", "\(width)×\(height)"),
        ]
        for (row, line) in lines.enumerated() {
            grid.write(line.0, x: listWidth + 2, y: 2 + row, style: CellStyle(.muted))
            grid.write(line.1, x: listWidth + 14, y: 2 + row, style: CellStyle(.accent), maxWidth: width - listWidth - 16)
        }

        let status = " q quit · j/k or arrows move · Tab switch pane · Ctrl-L repaint"
        grid.write(status.padding(toLength: width, withPad: " ", startingAt: 0), x: 0, y: height - 1, style: CellStyle(.statusBar))
        return grid
    }

    private func drawList(in grid: inout CellGrid, x: Int, y: Int, width: Int) {
        if selection < scrollOffset { scrollOffset = selection }
        if selection >= scrollOffset + listRows { scrollOffset = selection - listRows + 1 }
        for row in 0..<listRows where scrollOffset + row < items.count {
            let index = scrollOffset + row
            let isSelected = index == selection
            let text = (isSelected ? "▶ " : "  ") + items[index]
            let style = isSelected ? CellStyle(.selection, reverse: !listHasFocus) : CellStyle(.normal)
            grid.write(text.padding(toLength: width, withPad: " ", startingAt: 0), x: x, y: y + row, style: style, maxWidth: width)
        }
    }

    private func drawBox(in grid: inout CellGrid, title: String, x: Int, y: Int, width: Int, height: Int, focused: Bool) {
        let style = CellStyle(focused ? .borderFocused : .border)
        let horizontal = String(repeating: "─", count: max(0, width - 2))
        grid.write("┌" + horizontal + "┐", x: x, y: y, style: style)
        for row in (y + 1)..<(y + height - 1) {
            grid.write("│", x: x, y: row, style: style)
            grid.write("│", x: x + width - 1, y: row, style: style)
        }
        grid.write("└" + horizontal + "┘", x: x, y: y + height - 1, style: style)
        grid.write("─ \(title) ", x: x + 1, y: y, style: CellStyle(focused ? .borderFocused : .border, bold: focused))
    }

    private func moveSelection(by offset: Int) {
        selection = min(max(selection + offset, 0), items.count - 1)
    }

    private func handleMouse(_ mouse: MouseInput) {
        switch mouse.kind {
        case .wheelUp: moveSelection(by: -3)
        case .wheelDown: moveSelection(by: 3)
        case .press:
            // Rows of the list start at screen row 2, inside the box's top border.
            let index = scrollOffset + mouse.y - 2
            if mouse.y >= 2, mouse.y < 2 + listRows, index < items.count { selection = index }
        case .release: break
        }
    }
}

/// The counter the test session's background thread increments.
private final class Ticker: Sendable {
    let count = Atomic<Int>(0)
    let isStopped = Atomic<Bool>(false)
}

/// Fixed colours for the test session, one of each `TerminalColor` kind so every mapping path gets drawn.
struct CursesTestPalette: TerminalPalette {
    func colors(for role: StyleRole) -> (foreground: TerminalColor, background: TerminalColor) {
        switch role {
        case .title, .statusBar: return (.rgb(235, 235, 235), .rgb(40, 70, 120))
        case .border: return (.palette256(244), .terminalDefault)
        case .borderFocused: return (.rgb(95, 175, 255), .terminalDefault)
        case .selection: return (.ansi(0), .ansi(14))
        case .accent: return (.palette256(214), .terminalDefault)
        case .muted: return (.palette256(245), .terminalDefault)
        case .warning: return (.ansi(11), .terminalDefault)
        case .positive: return (.ansi(10), .terminalDefault)
        case .negative: return (.ansi(9), .terminalDefault)
        default: return (.terminalDefault, .terminalDefault)
        }
    }
}
