import Testing
import TestSupport

@testable import Workbench

private let needsDemo = Testing.ConditionTrait.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA")

@Test func trainingSettingsMoveWithEveryDirectionKey() {
    var state = WorkbenchState(title: "x")
    state.focus = .training
    for (key, expected) in [("l", 1), ("l", 2), ("h", 1), ("j", 2), ("k", 1)] {
        _ = WorkbenchReducer.reduce(&state, .character(Character(key)))
        #expect(state.training.selectedParameter == expected, "after \(key)")
    }
    _ = WorkbenchReducer.reduce(&state, .right)
    #expect(state.training.selectedParameter == 2)
}

@Test func helpScrollsAt80x24() throws {
    var state = WorkbenchState(title: "x")
    _ = WorkbenchReducer.reduce(&state, .resize(width: 80, height: 24))
    _ = WorkbenchReducer.reduce(&state, .character("2"))
    _ = WorkbenchReducer.reduce(&state, .character("?"))
    let rows = KeyTable.help(for: .patient)
    let visible = HelpOverlay.visibleRows(rowCount: rows.count, screenHeight: 24)
    try #require(visible < rows.count, "the Patient pane's help is taller than an 80x24 screen")

    var screen = WorkbenchRenderer.render(state, width: 80, height: 24).text
    #expect(screen.contains("↓ more"))
    #expect(!screen.contains("show this help"), "the last row is below the fold")

    _ = WorkbenchReducer.reduce(&state, .character("G"))
    #expect(state.showHelp, "G scrolls the help instead of closing it")
    #expect(state.helpScroll == rows.count - visible)
    screen = WorkbenchRenderer.render(state, width: 80, height: 24).text
    for row in rows.suffix(4) { #expect(screen.contains(row.help), "\(row.label)") }

    _ = WorkbenchReducer.reduce(&state, .character("k"))
    #expect(state.helpScroll == rows.count - visible - 1)
    _ = WorkbenchReducer.reduce(&state, .character("x"))
    #expect(!state.showHelp, "another key closes the help")
}

@Test(needsDemo) func patientEndShowsLastScreenful() throws {
    let app = try DemoData.app()
    KeyScript(app: app).press("2", "G")
    let detail = try #require(app.state.patient.detail)
    let lines = PatientView.detailLines(detail.admissions[app.state.patient.admission])
    let rows = WorkbenchReducer.pageRows(app.state, .patient)
    try #require(lines.count > rows, "patient 10006's admission is longer than the pane")
    #expect(app.state.patient.scroll == lines.count - rows)

    // The pane's last row shows the admission's last line.
    let area = PatientView.detailRect(in: try #require(WorkbenchLayout(width: 150, height: 40).panes[.patient]), admissionCount: detail.admissions.count)
    let lastRow = app.render(width: 150, height: 40).rowText(area.maxY - 1)
    let lastLine = try #require(lines.last).text
    #expect(lastRow.contains(String(lastLine.prefix(30))))
}

@Test(needsDemo) func newSearchStartsEmpty() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("2", "/", "type:Sodium", "Enter", "/", "type:xyz")
    #expect(app.state.patient.search == "xyz")
    keys.press("Esc", "5", "/", "type:heart", "Enter", "/")
    #expect(app.state.codes.query.isEmpty)
}

@Test(needsDemo) func escapeClearsDatasetFilter() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("/", "type:101", "Enter")
    #expect(app.state.dataset.filter == "101")
    let filtered = app.state.dataset.visible.count
    keys.press("Esc")
    #expect(app.state.dataset.filter.isEmpty)
    #expect(app.state.dataset.visible.count > filtered)
}
