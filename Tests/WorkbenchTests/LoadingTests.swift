@testable import HealthData
import Testing
import TestSupport

@testable import Workbench

private let needsDemo = Testing.ConditionTrait.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA")

@Test func missedCacheLeavesTheTableList() {
    var state = WorkbenchState(title: "x")
    WorkbenchReducer.reduce(&state, .loadProgress(LoadProgress(table: "cache", fraction: 0, overallFraction: 0)))
    #expect(state.dataset.tableProgress["cache"] == 0)
    WorkbenchReducer.reduce(&state, .loadProgress(LoadProgress(table: "patients", fraction: 0.5, overallFraction: 0.1)))
    #expect(state.dataset.tableProgress["cache"] == nil)
    #expect(state.dataset.tableProgress["patients"] == 0.5)

    let screen = WorkbenchRenderer.render(state, width: 80, height: 24).text
    #expect(!screen.contains("CACHE"))
    #expect(screen.contains("loading…"))
    #expect(!screen.contains("0 of 0"))
}

@Test(needsDemo) func loadInfoLeavesStatusLine() throws {
    var state = WorkbenchState(title: "x")
    state.messages = ["theme 'solarized' not found in themes; using the built-in theme"]
    WorkbenchReducer.reduce(&state, .loadDiagnostic("info: no cache at /tmp/x; building it from the CSV files"))
    WorkbenchReducer.reduce(&state, .loaded(DatasetSnapshot(dataset: try DemoData.dataset.get())))
    #expect(state.messages == ["theme 'solarized' not found in themes; using the built-in theme"])
}

@Test(needsDemo) func eventCountIncludesICUStays() throws {
    let snapshot = DatasetSnapshot(dataset: try DemoData.dataset.get())
    let patient = try #require(snapshot.patients.first { $0.id == 10006 })
    // Rows of patient 10006 in the demo's CSV files, counted with zcat and awk: ICUSTAYS 1, DIAGNOSES_ICD 21,
    // PROCEDURES_ICD 7, PRESCRIPTIONS 54, LABEVENTS 1,963.
    #expect(patient.events == 1 + 21 + 7 + 54 + 1_963)
}

@Test(needsDemo) func patientWithoutSamplesGetsHint() throws {
    let app = try DemoData.app()
    KeyScript(app: app).press("3", "Enter")
    let screen = app.render(width: 150, height: 40).text
    // Patient 10006 has one admission, so mortality (which needs a next admission) gives it no sample. The demo's
    // mortality task has 26 samples from 12 patients, as `swifthealth samples --task mortality` prints.
    #expect(screen.contains("patient 10006: no samples from this task"))
    #expect(screen.contains("12 patients have samples: pick one in pane 1"))
}
