import Testing
import Workbench
@testable import WorkbenchCurses

@Suite("Terminal test session")
struct CursesTestSessionTests {
    @Test("draws panes at full size")
    func drawsPanes() {
        let session = CursesTestSession()
        let grid = session.render(width: 100, height: 30)
        #expect(grid.rowText(0).hasPrefix(" SwiftHealth workbench · terminal test session"))
        #expect(grid.rowText(1).hasPrefix("┌─ Items "))
        #expect(grid.rowText(2).hasPrefix("│▶ row 01"))
        #expect(grid[0, 28].scalar == "└")
        #expect(session.handle(.character("q")) == .quit)
    }

    @Test("shows too-small message")
    func tooSmall() {
        let session = CursesTestSession()
        let grid = session.render(width: 60, height: 15)
        #expect(grid.text.contains("Terminal too small: 60×15, need 70×20"))
        #expect(!grid.text.contains("┌"))
        _ = session.handle(.escape)
    }

    @Test("moves selection with keys and mouse")
    func movesSelection() {
        let session = CursesTestSession()
        _ = session.render(width: 100, height: 30)
        #expect(session.handle(.down) == .continue)
        #expect(session.handle(.character("j")) == .continue)
        #expect(session.render(width: 100, height: 30).rowText(4).hasPrefix("│▶ row 03"))

        // Screen row 6 is the fifth list row, below the header and the box's top border.
        _ = session.handle(.mouse(MouseInput(kind: .press, x: 5, y: 6)))
        #expect(session.render(width: 100, height: 30).rowText(6).hasPrefix("│▶ row 05"))
        _ = session.handle(.interrupt)
    }
}
