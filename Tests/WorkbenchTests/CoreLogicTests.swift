import Testing
@testable import Training

@testable import Workbench

// MARK: - Key table

@Test func keyTablePaneRowsWin() {
    #expect(KeyTable.command(for: .character("h"), in: .patient) == .left)
    #expect(KeyTable.command(for: .character("/"), in: .codes) == .search)
    #expect(KeyTable.command(for: .character("s"), in: .dataset) == .cycleSort)
    #expect(KeyTable.command(for: .character("s"), in: .patient) == nil, "s sorts only in the Dataset pane")
    #expect(KeyTable.command(for: .character("s"), in: .codes) == .right, "s cycles the Codes pane's system filter")
    #expect(KeyTable.command(for: .enter, in: .training) == .activate)
    #expect(KeyTable.command(for: .character("3"), in: .training) == .focus(.task))
}

@Test func helpListsEachKeyOnce() {
    for pane in PaneID.allCases {
        let rows = KeyTable.help(for: pane)
        let labels = rows.map(\.label)
        #expect(Set(labels).count == labels.count, "\(pane): \(labels)")
        // Every row of the help must be what the key does in that pane.
        for row in rows {
            for input in row.inputs {
                #expect(KeyTable.command(for: input, in: pane) == row.command, "\(pane) \(row.label)")
            }
        }
    }
    let patientHelp = KeyTable.help(for: .patient).map(\.help)
    #expect(patientHelp.contains("previous admission"))
    #expect(!patientHelp.contains("move left"), "the pane's h replaces the shared one")
}

@Test func requiredKeysAreBound() {
    let inputs: [TerminalInput] = [
        .character("q"), .escape, .tab, .backTab, .character("j"), .character("k"),
        .up, .down, .character("g"), .character("G"), .pageUp, .pageDown, .character("?"),
    ] + (1...5).map { .character(Character(String($0))) }
    for input in inputs {
        #expect(KeyTable.command(for: input, in: .dataset) != nil, "\(input)")
    }
    // h and l act only where something lies to the left and right: admissions, tasks, training settings.
    for pane in [PaneID.patient, .task, .training] {
        for input: TerminalInput in [.character("h"), .character("l"), .left, .right] {
            #expect(KeyTable.command(for: input, in: pane) != nil, "\(pane) \(input)")
        }
    }
    for pane in [PaneID.dataset, .codes] {
        #expect(KeyTable.command(for: .character("l"), in: pane) == nil, "l does nothing in \(pane), so the help must not list it")
    }
    for pane in [PaneID.dataset, .patient, .codes] {
        #expect(KeyTable.command(for: .character("/"), in: pane) == .search)
        #expect(KeyTable.command(for: .character("n"), in: pane) == .nextMatch)
        #expect(KeyTable.command(for: .character("N"), in: pane) == .previousMatch)
    }
}

// MARK: - Lists

private let rows = [
    PatientRow(id: 10006, sex: "F", ageAtFirstAdmission: 70, admissions: 1, events: 300),
    PatientRow(id: 10011, sex: "F", ageAtFirstAdmission: 36, admissions: 1, events: 96),
    PatientRow(id: 20001, sex: "M", ageAtFirstAdmission: 300, admissions: 3, events: 50),
    PatientRow(id: 10100, sex: "M", ageAtFirstAdmission: nil, admissions: 2, events: 96),
]

@Test func patientFilterMatchesIdSexAge() {
    // 10100 starts with "101", so the prefix "100" leaves it out.
    #expect(DatasetView.visibleRows(rows, filter: "100", sort: .id) == [0, 1])
    #expect(DatasetView.visibleRows(rows, filter: "m", sort: .id) == [2, 3])
    #expect(DatasetView.visibleRows(rows, filter: "f 36", sort: .id) == [1])
    #expect(DatasetView.visibleRows(rows, filter: "", sort: .id) == [0, 1, 2, 3])
    #expect(DatasetView.visibleRows(rows, filter: "999", sort: .id).isEmpty)
}

@Test func patientSortOrders() {
    // Unknown ages sort first; ties keep increasing id.
    #expect(DatasetView.visibleRows(rows, filter: "", sort: .age) == [3, 1, 0, 2])
    #expect(DatasetView.visibleRows(rows, filter: "", sort: .admissions) == [2, 3, 0, 1])
    #expect(DatasetView.visibleRows(rows, filter: "", sort: .events) == [0, 1, 3, 2])
}

@Test func ageTextHidesShiftedAges() {
    #expect(DatasetView.ageText(70) == "70")
    #expect(DatasetView.ageText(89) == "89")
    #expect(DatasetView.ageText(300) == ">89")
    #expect(DatasetView.ageText(nil) == "?")
}

@Test func scrollKeepsSelectionVisible() {
    var selected = 12
    var scroll = 0
    ScrollPosition.clamp(selected: &selected, scroll: &scroll, count: 20, visibleRows: 5)
    #expect(scroll == 8)
    selected = 50
    ScrollPosition.clamp(selected: &selected, scroll: &scroll, count: 20, visibleRows: 5)
    #expect(selected == 19)
    #expect(scroll == 15)
    selected = -3
    ScrollPosition.clamp(selected: &selected, scroll: &scroll, count: 20, visibleRows: 5)
    #expect(selected == 0)
    #expect(scroll == 0)
}

// MARK: - Codes

private let codeEntries = [
    CodeEntry(kind: .diagnosis, code: "4280", shortTitle: "CHF NOS", longTitle: "Congestive heart failure, unspecified", occurrences: 39, patients: 35),
    CodeEntry(kind: .diagnosis, code: "42821", shortTitle: "Ac systolic hrt failure", longTitle: "Acute systolic heart failure", occurrences: 4, patients: 4),
    CodeEntry(kind: .procedure, code: "3893", shortTitle: "Venous cath NEC", longTitle: "Venous catheterization, not elsewhere classified", occurrences: 56, patients: 39),
    CodeEntry(kind: .diagnosis, code: "E8791", shortTitle: "Abn react-kidney dialys", longTitle: "Kidney dialysis as the cause of abnormal reaction", occurrences: 1, patients: 1),
]

@Test func codeSearchRanksCodePrefixFirst() {
    let index = CodeIndex(entries: codeEntries)
    #expect(index.search("heart failure").map(\.code) == ["4280", "42821"])
    // "428" is a code prefix of both heart failure codes; more used first.
    #expect(index.search("428").map(\.code) == ["4280", "42821"])
    // Dotted input matches the dotted form.
    #expect(index.search("428.21").map(\.code) == ["42821"])
    #expect(index.search("").map(\.code) == ["3893", "4280", "42821", "E8791"])
    #expect(index.search("VENOUS").map(\.code) == ["3893"])
    #expect(index.search("nothing like this").isEmpty)
}

@Test func dottedCodes() {
    #expect(codeEntries[0].dottedCode == "428.0")
    #expect(codeEntries[1].dottedCode == "428.21")
    #expect(codeEntries[2].dottedCode == "38.93")
    #expect(codeEntries[3].dottedCode == "E879.1")
    #expect(CodeEntry(kind: .diagnosis, code: "486", shortTitle: "", longTitle: "", occurrences: 0, patients: 0).dottedCode == "486")
}

// MARK: - Training pane

@Test func trainingEventsFillPane() {
    var training = TrainingPaneState()
    WorkbenchReducer.applyTrainingEvent(&training, .started(model: "MLP", task: "mortality", epochs: 2, stepsPerEpoch: 4, trainSamples: 20, validationSamples: 3, testSamples: 3))
    #expect(training.running)
    #expect(training.progress == 0)
    #expect(training.etaSeconds == nil)

    WorkbenchReducer.applyTrainingEvent(&training, .step(epoch: 1, step: 2, stepsPerEpoch: 4, loss: 0.7))
    training.elapsedSeconds = 10
    // 2 of 8 steps in 10 s: 6 steps left at 5 s each.
    #expect(training.progress == 0.25)
    #expect(training.etaSeconds == 30)

    let first = EpochSummary(epoch: 1, trainLoss: 0.6, validation: [MetricEntry(name: "pr_auc", value: 0.5)], isBest: true, seconds: 1)
    let second = EpochSummary(epoch: 2, trainLoss: 0.4, validation: [MetricEntry(name: "pr_auc", value: nil, undefinedReason: "one class")], isBest: false, seconds: 1)
    WorkbenchReducer.applyTrainingEvent(&training, .epochEnded(first))
    WorkbenchReducer.applyTrainingEvent(&training, .epochEnded(second))
    #expect(training.bestEpoch == 1)
    let series = training.validationSeries("pr_auc")
    #expect(series.count == 2)
    #expect(series[0] == 0.5)
    #expect(series[1].isNaN, "an undefined metric is a gap in the chart")

    WorkbenchReducer.applyTrainingEvent(&training, .finished(test: [MetricEntry(name: "pr_auc", value: 0.4)], bestEpoch: 1))
    #expect(!training.running)
    #expect(training.progress == 1)
    #expect(training.test?.first?.value == 0.4)

    WorkbenchReducer.applyTrainingEvent(&training, .failed(message: "out of memory"))
    #expect(training.failure == "out of memory")
}

@Test func trainingSettingsStopAtEnds() {
    var settings = TrainingSettings()
    WorkbenchReducer.change(&settings, .learningRate, by: 1)
    #expect(settings.learningRate == 3e-3)
    for _ in 0..<10 { WorkbenchReducer.change(&settings, .learningRate, by: 1) }
    #expect(settings.learningRate == 1e-2)
    for _ in 0..<10 { WorkbenchReducer.change(&settings, .epochs, by: -1) }
    #expect(settings.epochs == 1)
    WorkbenchReducer.change(&settings, .monitor, by: 1)
    #expect(settings.monitor == "roc_auc")
}

@Test func clockFormat() {
    #expect(TrainingPane.clock(0) == "0:00")
    #expect(TrainingPane.clock(185) == "3:05")
    #expect(TrainingPane.clock(3723) == "1:02:03")
}

// MARK: - Layout and drawing

@Test func layoutCoversBodyWithoutOverlap() {
    let layout = WorkbenchLayout(width: 150, height: 40)
    var covered = Array(repeating: 0, count: 150 * 40)
    for rect in layout.panes.values {
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { covered[y * 150 + x] += 1 }
        }
    }
    // Rows 1 to 38 are panes, each cell exactly once; the header and status rows are not.
    #expect((150..<(39 * 150)).allSatisfy { covered[$0] == 1 })
    #expect((0..<150).allSatisfy { covered[$0] == 0 })
    #expect(layout.pane(atColumn: 0, row: 1) == .dataset)
    #expect(layout.pane(atColumn: 149, row: 38) == .codes)
    #expect(layout.pane(atColumn: 0, row: 0) == nil)
}

@Test func tooSmallBelowMinimum() {
    #expect(WorkbenchLayout(width: 79, height: 40).isTooSmall)
    #expect(WorkbenchLayout(width: 150, height: 23).isTooSmall)
    #expect(!WorkbenchLayout(width: 80, height: 24).isTooSmall)
    let screen = WorkbenchRenderer.render(WorkbenchState(title: "x"), width: 50, height: 10).text
    #expect(screen.contains("50×10, needs at least 80×24"))
}

@Test func admissionAxis() {
    // A 10-cell axis over 0...90 s: 10 s per cell, so 0...30 spans cells 0 to 3 and 90 is the last cell alone.
    #expect(PatientPane.axis(from: 0, to: 30, start: 0, end: 90, width: 10) == "├──┤      ")
    #expect(PatientPane.axis(from: 90, to: 90, start: 0, end: 90, width: 10) == "         │")
}

@Test func columnHelpers() {
    #expect(Columns.grouped(10398) == "10,398")
    #expect(Columns.grouped(999) == "999")
    #expect(Columns.grouped(-1234567) == "-1,234,567")
    #expect(Columns.bar(0.5, width: 4) == "██░░")
    #expect(Columns.right("7", 3) == "  7")
    #expect(Columns.left("abcdef", 3) == "abc")
    // Codes are never cut: an 11-digit NDC keeps every digit.
    #expect(Columns.padded("00904336561", 7) == "00904336561")
    #expect(Columns.padded("4280", 7) == "4280   ")
}

@Test func monochromeRenderAddsCues() {
    var state = WorkbenchState(title: "x")
    state.focus = .codes
    let grid = WorkbenchRenderer.render(state, width: 80, height: 24, monochromeCues: true)
    // The header uses the status bar role, whose cue is reverse video.
    #expect(grid[0, 0].style.reverse)
    let plain = WorkbenchRenderer.render(state, width: 80, height: 24)
    #expect(!plain[0, 0].style.reverse)
}

@Test func chartGlyphKeyCycles() {
    var state = WorkbenchState(title: "x")
    _ = WorkbenchReducer.reduce(&state, .character("c"))
    #expect(state.chartGlyphs == .blocks)
    _ = WorkbenchReducer.reduce(&state, .character("c"))
    #expect(state.chartGlyphs == .ascii)
    _ = WorkbenchReducer.reduce(&state, .character("c"))
    #expect(state.chartGlyphs == .braille)
}

// MARK: - Jobs

@Test func jobRunnerKeepsPublicationOrder() {
    let runner = JobRunner<Int>(mode: .background)
    runner.start("count") { publish in
        for value in 0..<100 { publish(value) }
    }
    runner.waitUntilIdle()
    #expect(runner.busyCount == 0)
    #expect(runner.drain() == Array(0..<100))
    #expect(runner.drain().isEmpty, "drain empties the mailbox")
}

@Test func synchronousRunnerFinishesInsideStart() {
    let runner = JobRunner<String>(mode: .synchronous)
    runner.start("one") { publish in publish("done") }
    #expect(runner.busyCount == 0)
    #expect(runner.drain() == ["done"])
}
