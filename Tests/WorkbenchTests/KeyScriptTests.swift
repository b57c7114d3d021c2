@testable import HealthData
import Testing
import TestSupport

@testable import Workbench

private let needsDemo = Testing.ConditionTrait.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA")

@Test(needsDemo) func digitsAndTabMoveFocus() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    #expect(app.state.focus == .dataset)
    keys.press("4")
    #expect(app.state.focus == .training)
    keys.press("Tab")
    #expect(app.state.focus == .codes)
    keys.press("Tab")
    #expect(app.state.focus == .dataset, "Tab wraps from the last pane to the first")
    keys.press("S-Tab")
    #expect(app.state.focus == .codes)
}

@Test(needsDemo) func quitAndEscape() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("?")
    #expect(app.state.showHelp)
    #expect(keys.press("Esc") == .continue)
    #expect(!app.state.showHelp)
    keys.press("z")
    #expect(app.state.zoomed)
    keys.press("Esc")
    #expect(!app.state.zoomed)
    #expect(keys.press("q") == .quit)
    #expect(app.handle(.interrupt) == .quit)
}

@Test(needsDemo) func datasetFilterAndMovement() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    let snapshot = try #require(app.state.snapshot)
    #expect(app.state.dataset.visible.count == 100)

    // Every demo patient id with the prefix 100, counted from the loaded rows.
    let expected = snapshot.patients.filter { String($0.id).hasPrefix("100") }.count
    keys.press("/", "type:100")
    #expect(app.state.editing == .dataset)
    #expect(app.state.dataset.visible.count == expected)
    #expect(app.state.dataset.visible.allSatisfy { String(snapshot.patients[$0].id).hasPrefix("100") })

    keys.press("Enter", "G")
    #expect(app.state.editing == nil)
    #expect(app.state.dataset.selected == expected - 1)
    keys.press("g")
    #expect(app.state.dataset.selected == 0)

    keys.press("/", "Esc")
    #expect(app.state.dataset.filter.isEmpty)
    #expect(app.state.dataset.visible.count == 100)

    keys.press("j", "j", "Down")
    #expect(app.state.dataset.selected == 3)
    #expect(app.state.selectedPatient?.id == snapshot.patients[3].id)
    #expect(app.state.patient.detail?.row.id == snapshot.patients[3].id, "the Patient pane follows the selection")
    keys.press("PgDn")
    #expect(app.state.dataset.selected > 3)
}

@Test(needsDemo) func datasetSortByAge() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    let patients = try #require(app.state.snapshot).patients
    keys.press("s")
    #expect(app.state.dataset.sort == .age)
    let ages = app.state.dataset.visible.map { patients[$0].ageAtFirstAdmission ?? -1 }
    #expect(ages == ages.sorted())
    keys.press("s")
    let admissions = app.state.dataset.visible.map { patients[$0].admissions }
    #expect(admissions == admissions.sorted(by: >))
}

@Test(needsDemo) func patientAdmissionsAndSearch() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("s", "s", "g", "2")
    let detail = try #require(app.state.patient.detail)
    #expect(detail.admissions.count > 2)

    keys.press("l", "l")
    #expect(app.state.patient.admission == 2)
    keys.press("h")
    #expect(app.state.patient.admission == 1)
    keys.press("h", "h")
    #expect(app.state.patient.admission == 0, "h stops at the first admission")

    // Search the first admission's events; the scroll lands on the first line that contains the text.
    let lines = PatientView.detailLines(detail.admissions[0])
    let matches = lines.indices.filter { lines[$0].text.lowercased().contains("unspecified") }
    try #require(matches.count >= 2, "the patient's first admission has several unspecified diagnoses")
    keys.press("/", "type:unspecified", "Enter")
    #expect(app.state.patient.scroll == matches[0])
    keys.press("n")
    #expect(app.state.patient.scroll == matches[1])
    keys.press("N")
    #expect(app.state.patient.scroll == matches[0])
}

@Test(needsDemo) func patientDetailMatchesDataset() throws {
    let app = try DemoData.app()
    let dataset = try DemoData.dataset.get()
    let detail = try #require(app.state.patient.detail)
    let patient = try #require(dataset.patient(id: detail.row.id))

    for (admission, item) in zip(patient.admissions, detail.admissions) {
        #expect(item.diagnoses.count == patient.events("diagnoses_icd", visitID: admission.hadmID).count)
        #expect(item.labs.count == patient.events("labevents", visitID: admission.hadmID).count)
        let flagged = patient.events("labevents", visitID: admission.hadmID).filter { $0.text("flag") == "abnormal" }.count
        #expect(item.abnormalLabs == flagged)
    }
}

@Test(needsDemo) func taskBuildMatchesLibrary() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("3", "Enter")
    let result = try #require(app.state.task.selectedResult)
    #expect(result.name == "mortality")
    #expect(app.state.task.building == nil)

    // The same task run directly through the library.
    let direct = try DemoData.dataset.get().setTask(MortalityPredictionMIMIC3())
    #expect(result.samples.count == direct.count)
    #expect(result.samples.labelCounts() == direct.labelCounts())
    #expect(result.samplesByPatient.count == direct.patientIDs.count)

    keys.press("l")
    #expect(app.state.task.selectedName == "readmission")
    #expect(app.state.task.selectedResult == nil, "only Enter builds a task")

    // The readmission window is a parameter: each window is its own build.
    keys.press("Enter")
    let fifteen = try #require(app.state.task.selectedResult)
    #expect(fifteen.samples.taskIdentity.contains("window_days=15.0"))
    keys.press("+")
    #expect(app.state.task.readmissionWindowDays == 30)
    #expect(app.state.task.selectedResult == nil)
    keys.press("Enter")
    let thirty = try #require(app.state.task.selectedResult)
    let direct30 = try DemoData.dataset.get().setTask(ReadmissionPredictionMIMIC3(windowDays: 30))
    #expect(thirty.samples.labelCounts() == direct30.labelCounts())
    #expect(app.state.task.results.count == 3)
}

@Test(needsDemo) func taskSampleNavigation() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("s", "s", "g", "3", "Enter")
    let patient = try #require(app.state.selectedPatient)
    let count = try #require(app.state.task.selectedResult?.samplesByPatient[String(patient.id)]?.count)
    #expect(count > 1)
    keys.press("n")
    #expect(app.state.task.sampleIndex == 1)
    for _ in 0..<count { keys.press("n") }
    #expect(app.state.task.sampleIndex == count - 1, "n stops at the last sample")
    keys.press("N")
    #expect(app.state.task.sampleIndex == count - 2)
}

@Test(needsDemo) func codeSearchTypeAhead() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:heart fail")
    let results = app.state.codes.results
    #expect(!results.isEmpty)
    for entry in results {
        let text = "\(entry.longTitle) \(entry.shortTitle)".lowercased()
        #expect(text.contains("heart"), "\(entry.code)")
        #expect(text.contains("fail"), "\(entry.code)")
    }
    // Results come most used first: count DIAGNOSES_ICD rows per code straight from the table.
    let table = try #require(try DemoData.dataset.get().table("diagnoses_icd"))
    let column = try #require(table.data.column("icd9_code"))
    let first = results[0]
    let rows = (0..<table.rowCount).filter { column.text(at: $0) == first.code }.count
    #expect(first.occurrences == rows)
    #expect(results.allSatisfy { $0.occurrences <= first.occurrences })

    keys.press("Backspace", "Backspace", "Backspace", "Backspace", "Backspace")
    #expect(app.state.codes.query == "heart")
    #expect(app.state.codes.results.count >= results.count)
}

@Test(needsDemo) func mouseFocusSelectAndScroll() throws {
    let app = try DemoData.app()
    let layout = WorkbenchLayout(width: 150, height: 40)
    let rect = try #require(layout.panes[.dataset])
    let list = DatasetView.listRect(in: rect, tableCount: try #require(app.state.snapshot).stats.tables.count)

    _ = app.handle(.character("5"))
    _ = app.handle(.mouse(MouseInput(kind: .press, x: list.x + 3, y: list.y + 2)))
    #expect(app.state.focus == .dataset)
    #expect(app.state.dataset.selected == 2)

    _ = app.handle(.mouse(MouseInput(kind: .wheelDown, x: list.x + 3, y: list.y)))
    #expect(app.state.dataset.selected == 5, "the wheel moves three rows")

    let codes = try #require(layout.panes[.codes])
    _ = app.handle(.mouse(MouseInput(kind: .press, x: codes.x + 2, y: codes.y + 3)))
    #expect(app.state.focus == .codes)
    #expect(app.state.codes.selected == 1)
}

@Test(needsDemo) func trainingRunFromKeys() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("4", "Enter")
    #expect(app.state.training.failure?.contains("build a task first") == true)

    // Two epochs of an MLP on the mortality samples: pick model, epochs and start.
    keys.press("3", "Enter", "4", "g", "-", "-", "-", "-", "j", "-", "-", "-")
    #expect(app.state.training.settings.model == .mlp)
    #expect(app.state.training.settings.epochs == 2)
    keys.press("Enter")

    let training = app.state.training
    #expect(!training.running)
    #expect(training.failure == nil)
    #expect(training.totalEpochs == 2)
    #expect(training.epochs.map(\.epoch) == [1, 2])
    #expect(training.stepLosses.count == 2 * training.stepsPerEpoch)
    #expect(training.progress == 1)
    #expect(training.test != nil)
    let screen = app.render(width: 150, height: 40).text
    #expect(screen.contains("epoch 2/2"))
    #expect(screen.contains("test  "))
}

@Test func backgroundLoadPublishesProgress() throws {
    let app = WorkbenchApp(title: "synthetic") { reporter in
        reporter.progress(LoadProgress(table: "patients", fraction: 0.5, overallFraction: 0.25))
        throw HealthDataError(.invalidArgument, value: "x", message: "no such dataset", hint: "pick another")
    }
    app.waitUntilIdle()
    #expect(app.busyCount == 0)
    #expect(app.state.dataset.tableProgress["patients"] == 0.5)
    guard case .failed(let message) = app.state.load else {
        Issue.record("load state is \(app.state.load), expected failed")
        return
    }
    #expect(message.contains("no such dataset"))
    let screen = app.render(width: 100, height: 30).text
    #expect(screen.contains("load failed"))
}

@Test func keysWaitWhileLoading() {
    let app = WorkbenchApp(title: "empty", jobMode: .synchronous) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    let keys = KeyScript(app: app)
    keys.press("3", "Enter")
    #expect(app.state.task.building == nil, "no task builds without a dataset")
    keys.press("5", "/", "type:abc")
    #expect(app.state.codes.results.isEmpty)
}

@Test func noColorRendersWithCues() {
    let app = WorkbenchApp(title: "x", environment: ["TERM": "xterm-256color", "NO_COLOR": "1"], jobMode: .synchronous) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    #expect(app.themePalette.depth == .monochrome)
    #expect(app.palette.colors(for: .selection).background == .terminalDefault)
    let grid = app.render(width: 80, height: 24)
    #expect(grid[0, 0].style.reverse, "the header is reverse video without colour")
}

@Test func missingThemeShowsReason() {
    let app = WorkbenchApp(title: "x", theme: "solarized", themeDirectories: [], environment: ["TERM": "xterm-256color"], jobMode: .synchronous) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    #expect(app.themePalette.theme.name == "builtin")
    #expect(app.palette.colors(for: .selection).background == .palette256(24), "the built-in theme is dark.theme")
    #expect(app.state.messages.first?.contains("'solarized' not found") == true)
}
