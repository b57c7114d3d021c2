import Testing
import TestSupport

@testable import Workbench

private let needsDemo = Testing.ConditionTrait.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA")

@Test func loadingScreenSnapshot() {
    var state = WorkbenchState(title: "mimic3-demo")
    state.dataset.tableProgress = ["patients": 1, "admissions": 0.5, "labevents": 0]
    state.dataset.overallProgress = 0.3
    let grid = WorkbenchRenderer.render(state, width: 80, height: 24)
    expectSnapshot(grid, matches: Snapshots.loadingScreen, name: "loadingScreen")
}

@Test func tooSmallSnapshot() {
    let grid = WorkbenchRenderer.render(WorkbenchState(title: "mimic3-demo"), width: 60, height: 20)
    expectSnapshot(grid, matches: Snapshots.tooSmall, name: "tooSmall")
}

@Test(needsDemo) func demoOverviewSnapshot() throws {
    let app = try DemoData.app()
    expectSnapshot(app.render(width: 150, height: 40), matches: Snapshots.demoOverview, name: "demoOverview")
}

@Test(needsDemo) func patientHelpSnapshot() throws {
    let app = try DemoData.app(width: 100, height: 30)
    KeyScript(app: app).press("2", "?")
    expectSnapshot(app.render(width: 100, height: 30), matches: Snapshots.patientHelp, name: "patientHelp")
}

@Test(needsDemo) func codesSearchSnapshot() throws {
    let app = try DemoData.app(width: 100, height: 30)
    KeyScript(app: app).press("5", "z", "/", "type:heart fail", "Enter", "j", "j")
    expectSnapshot(app.render(width: 100, height: 30), matches: Snapshots.codesSearchZoomed, name: "codesSearchZoomed")
}

@Test(needsDemo) func patientSecondAdmissionSnapshot() throws {
    let app = try DemoData.app(width: 120, height: 36)
    // Sorting twice orders by admissions, so the first patient (g) has the most.
    KeyScript(app: app).press("s", "s", "g", "2", "z", "l")
    expectSnapshot(app.render(width: 120, height: 36), matches: Snapshots.patientSecondAdmissionZoomed, name: "patientSecondAdmissionZoomed")
}

@Test(needsDemo) func taskSamplesSnapshot() throws {
    let app = try DemoData.app(width: 120, height: 36)
    KeyScript(app: app).press("s", "s", "g", "3", "Enter", "z")
    expectSnapshot(app.render(width: 120, height: 36), matches: Snapshots.taskSamplesZoomed, name: "taskSamplesZoomed")
}
