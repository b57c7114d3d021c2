import Foundation
import HealthData
import MedCode
import Testing
import TestSupport

@testable import Workbench

private let needsDemo = Testing.ConditionTrait.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA")

@Test func storeOpensInBackgroundJob() throws {
    let app = try CodeStoreFixture.app()
    #expect(app.state.codes.storeStatus == .ready)
    let session = try #require(app.state.codeStore)
    #expect(session.systems == [.icd9cm, .icd10cm, .atc])
    #expect(session.codeCount == 16 + 3 + 5)
    #expect(app.state.codeSystemChoices == [nil, .icd9cm, .icd10cm, .atc])
    KeyScript(app: app).press("5", "z")
    let screen = app.render(width: 100, height: 30).text
    #expect(screen.contains("type / to search 24 codes of 3 systems"))
}

@Test func storeTypeAheadAndHighlight() throws {
    let app = try CodeStoreFixture.app()
    let keys = KeyScript(app: app)
    keys.press("5", "z", "/", "type:heart fail")
    let hits = app.state.codes.hits
    // Every name with a word starting "heart" and one starting "fail"; "heart" is a whole word in each, so the
    // shorter name comes first.
    #expect(hits.map(\.code) == ["428", "428.1", "I50.9", "428.0", "I50.814"])
    #expect(hits.map(\.system) == [.icd9cm, .icd9cm, .icd10cm, .icd9cm, .icd10cm])
    // "Congestive heart failure, unspecified": "heart" at characters 11..<16, "fail" at 17..<21.
    #expect(hits[3].nameMatches == [11..<16, 17..<21])

    // 428.0 is not selected, so its matches have the accent match style on the normal row.
    let grid = app.render(width: 100, height: 30)
    let row = try #require((0..<grid.height).first { grid.rowText($0).contains("Congestive heart failure, unspecified") })
    let scalars = Array(grid.rowText(row).unicodeScalars)
    let column = try #require(scalars.indices.first { String(String.UnicodeScalarView(scalars[$0..<min(scalars.count, $0 + 6)])) == "heart " })
    for offset in 0..<5 { #expect(grid[column + offset, row].style == CodesPane.matchStyle(selected: false)) }
    #expect(grid[column + 5, row].style == .normal, "the space after heart is not a match")
    for offset in 6..<10 { #expect(grid[column + offset, row].style == CodesPane.matchStyle(selected: false)) }
    #expect(grid[column + 10, row].style == .normal, "the 'u' after fail is not a match")
    #expect(grid[column - 2, row].style == .normal, "the 'e' of Congestive is not a match")

    keys.press("Backspace", "Backspace", "Backspace", "Backspace", "Backspace")
    #expect(app.state.codes.query == "heart")
    #expect(app.state.codes.hits.map(\.code) == ["428", "428.1", "I50.9", "420-429", "428.0", "I50.814"], "Heart Disease matches too")
    keys.press("Esc", "/", "type:4280")
    #expect(app.state.codes.hits.map(\.code) == ["428.0"])
    #expect(app.state.codes.hits.first?.codeMatch == 0..<5, "the dot of 428.0 is inside the highlighted prefix")
}

@Test func storeSystemFilterCycles() throws {
    let app = try CodeStoreFixture.app()
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:failure", "Enter")
    #expect(Set(app.state.codes.hits.map(\.system)) == [.icd9cm, .icd10cm])
    #expect(app.state.codes.hits.count == 6)

    keys.press("s")
    #expect(app.state.codes.systemFilter == .icd9cm)
    #expect(app.state.codes.hits.map(\.code).sorted() == ["428", "428.0", "428.1"])
    keys.press("s")
    #expect(app.state.codes.systemFilter == .icd10cm)
    #expect(app.state.codes.hits.map(\.code).sorted() == ["I50.1", "I50.814", "I50.9"])
    keys.press("s")
    #expect(app.state.codes.systemFilter == .atc)
    #expect(app.state.codes.hits.isEmpty)
    #expect(app.render(width: 100, height: 30).text.contains("no code matches"))
    keys.press("s")
    #expect(app.state.codes.systemFilter == nil, "the filter wraps around to every system")
    keys.press("S")
    #expect(app.state.codes.systemFilter == .atc)
    #expect(app.render(width: 100, height: 30).text.contains("5 Codes · ATC"))

    // The arrows change the filter while the query is being typed; `s` is then a character of the query.
    keys.press("/", "type:heart", "Left")
    #expect(app.state.editing == .codes)
    #expect(app.state.codes.systemFilter == .icd10cm)
    #expect(app.state.codes.hits.map(\.code) == ["I50.9", "I50.814"])
    keys.press("Right", "type:s")
    #expect(app.state.codes.query == "hearts")
    #expect(app.state.codes.systemFilter == .atc)
}

@Test func storeDetailShowsHierarchyAndMaps() throws {
    let app = try CodeStoreFixture.app()
    let keys = KeyScript(app: app)
    keys.press("5", "z", "/", "type:4280", "Enter")
    let detail = try #require(app.state.codes.detail)
    #expect(detail.key == CodeKey(system: .icd9cm, code: "428.0"))
    #expect(detail.ancestors.map(\.code) == ["390-459", "420-429", "428"], "root first, closest ancestor last")
    #expect(detail.childCount == 0)
    let maps = detail.crossMaps
    #expect(maps.map(\.target) == [.icd10cm], "only the maps whose source is ICD9CM")
    #expect(maps.first?.targets == [
        NamedCode(code: "I50.814", name: "Right heart failure due to left heart failure", flags: CodeStoreFixture.approximate),
        NamedCode(code: "I50.9", name: "Heart failure, unspecified", flags: CodeStoreFixture.approximate),
    ])

    let screen = app.render(width: 100, height: 30).text
    #expect(screen.contains("ICD9CM 428.0  Congestive heart failure, unspecified"))
    #expect(screen.contains("390-459 Diseases Of The Circulatory System"))
    #expect(screen.contains("└ 420-429 Other Forms Of Heart Disease"))
    #expect(screen.contains("  └ 428 Heart failure"))
    #expect(screen.contains("    └ 428.0 · no children"))
    #expect(screen.contains("→ ICD10CM I50.814 Right heart failure due to left heart failure · approximate"))
    #expect(screen.contains("          I50.9 Heart failure, unspecified · approximate"))

    // 428.1 maps exactly, so its target has no flag words; the category 428 has two children and no GEM row.
    keys.press("/", "type:428")
    #expect(app.state.codes.hits.map(\.code) == ["428", "428.0", "428.1"])
    #expect(app.state.codes.detail?.childCount == 2)
    #expect(app.state.codes.detail?.crossMaps.first?.targets.isEmpty == true)
    #expect(app.state.codes.detail?.crossMaps.first?.noMapFlags == nil)
    #expect(app.render(width: 100, height: 30).text.contains("→ ICD10CM no mapping "))
    keys.press("Enter", "j", "j")
    #expect(app.state.codes.detail?.key.code == "428.1")
    let lines = app.render(width: 100, height: 30).text.split(separator: "\n")
    let target = try #require(lines.first { $0.contains("→ ICD10CM I50.1 Left ventricular failure, unspecified") })
    #expect(!target.contains("·"), "an exact GEM row has no flag words")
}

@Test func storeDetailShowsNoMapFlag() throws {
    let app = try CodeStoreFixture.app()
    KeyScript(app: app).press("5", "z", "/", "type:glaucoma stage unspec")
    #expect(app.state.codes.hits.map(\.code) == ["365.70"])
    let map = try #require(app.state.codes.detail?.crossMaps.first)
    #expect(map.targets.isEmpty)
    #expect(map.noMapFlags == CodeStoreFixture.noMap)
    let screen = app.render(width: 100, height: 30).text
    #expect(screen.contains("→ ICD10CM no mapping · approximate, no map"))
    #expect(screen.contains("      └ 365.70 · no children"), "four ancestors put the code at depth four")
}

@Test func storeJobsDropStaleResults() throws {
    let app = try CodeStoreFixture.app()
    KeyScript(app: app).press("5", "/", "type:4281")
    var state = app.state
    let current = try #require(state.codes.detail)
    #expect(current.key.code == "428.1")
    let session = try #require(state.codeStore)

    // Details for a code that is no longer selected, as a slow job would deliver them, are dropped.
    let staleDetail = CodeDetail.load(CodeKey(system: .icd9cm, code: "428.0"), from: session.store)
    WorkbenchReducer.reduce(&state, .codeDetailLoaded(staleDetail))
    #expect(state.codes.detail == current)

    // A changed query requests one search, and the hits of an earlier keystroke are dropped when they come late.
    state.codes.query = "428"
    WorkbenchReducer.refreshCodeResults(&state)
    let request = CodeSearchRequest(query: "428", system: nil)
    #expect(WorkbenchReducer.pendingCodeJobs(&state) == [.searchCodes(request)])
    #expect(WorkbenchReducer.pendingCodeJobs(&state).isEmpty, "a search in flight is not asked for again")
    let earlier = CodeSearchRequest(query: "42", system: nil)
    WorkbenchReducer.reduce(&state, .codeSearchFinished(earlier, session.searchIndex.search("42")))
    #expect(state.codes.hits.map(\.code) == ["428.1"], "the previous hits stay until the latest search answers")
    #expect(state.codes.hitsRequest == CodeSearchRequest(query: "4281", system: nil))
    state.zoomed = true
    #expect(WorkbenchRenderer.render(state, width: 100, height: 30).text.contains("/ 428▏") )
    #expect(WorkbenchRenderer.render(state, width: 100, height: 30).text.contains("searching…"))

    // The latest result selects its first hit, whose details are requested once and show as loading meanwhile.
    WorkbenchReducer.reduce(&state, .codeSearchFinished(request, session.searchIndex.search("428")))
    #expect(state.codes.hits.map(\.code) == ["428", "428.0", "428.1"])
    #expect(WorkbenchReducer.pendingCodeJobs(&state) == [.loadCodeDetail(CodeKey(system: .icd9cm, code: "428"))])
    #expect(state.codes.detail == nil)
    #expect(WorkbenchReducer.pendingCodeJobs(&state).isEmpty, "details in flight are not asked for again")
    #expect(WorkbenchRenderer.render(state, width: 100, height: 30).text.contains("loading details…"))
}

@Test func storeSearchRunsInBackground() throws {
    let directory = try CodeStoreFixture.directory.get()
    let app = WorkbenchApp(title: "x", codeStore: { try MedCodeStore(directory: directory) }) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    app.waitUntilIdle()
    #expect(app.state.codes.storeStatus == .ready)

    // Without waiting between keys, the searches of earlier keystrokes are skipped or dropped; the last one stays.
    for character in "5/left heart" { _ = app.handle(.character(character)) }
    app.waitUntilIdle()
    #expect(app.state.codes.hitsRequest == CodeSearchRequest(query: "left heart", system: nil))
    #expect(app.state.codes.hits.map(\.code) == ["428.1", "I50.814"])
    #expect(app.state.codes.detail?.key == CodeKey(system: .icd9cm, code: "428.1"))
}

@Test func storeHighlightInMonochrome() throws {
    let app = try CodeStoreFixture.app(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"])
    #expect(app.themePalette.needsMonochromeCues)
    KeyScript(app: app).press("5", "z", "/", "type:menier", "Enter")
    #expect(app.state.codes.hits.map(\.code) == ["386.0", "386.00"])
    let grid = app.render(width: 100, height: 30)
    // The second hit is not selected, so only the match cue sets its matching word apart.
    let row = try #require((0..<grid.height).first { grid.rowText($0).contains("Ménière's disease, unspecified") })
    let scalars = Array(grid.rowText(row).unicodeScalars)
    let start = try #require(scalars.indices.first { String(String.UnicodeScalarView(scalars[$0..<min(scalars.count, $0 + 6)])) == "Ménièr" })
    for offset in 0..<6 {
        #expect(grid[start + offset, row].style.underline, "cell \(offset) of the match is underlined")
        #expect(grid[start + offset, row].style.bold)
    }
    #expect(!grid[start + 6, row].style.underline, "the 'e' after the matched prefix is plain")
    #expect(!grid[start - 2, row].style.underline)
}

@Test func noStoreShowsImportHint() throws {
    // The opener finds no store, as the command line's does in a cache without one.
    let app = WorkbenchApp(title: "x", jobMode: .synchronous, codeStore: { nil }) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    app.waitUntilIdle()
    KeyScript(app: app).press("5", "z")
    #expect(app.state.codes.storeStatus == .absent)
    #expect(app.state.codeStore == nil)
    #expect(app.state.codeSystemChoices == [nil, .icd9cm, .icd9proc])
    #expect(app.render(width: 100, height: 30).text.contains("all code systems: swifthealth medcode import --from DIR"))
}

@Test func storeLoadingAndFailureShow() throws {
    let gate = DispatchSemaphore(value: 0)
    let directory = try CodeStoreFixture.directory.get()
    let app = WorkbenchApp(title: "x", codeStore: {
        gate.wait()
        return try MedCodeStore(directory: directory)
    }) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    #expect(app.state.codes.storeStatus == .loading)
    #expect(app.render(width: 100, height: 30).text.contains("loading codes…"))
    gate.signal()
    app.waitUntilIdle()
    #expect(app.state.codes.storeStatus == .ready)

    let broken = WorkbenchApp(title: "x", jobMode: .synchronous, codeStore: {
        throw MedCodeError.invalidTable(path: "/tmp/medcode/manifest.json", line: 0, reason: "the store manifest cannot be read")
    }) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    broken.waitUntilIdle()
    KeyScript(app: broken).press("5", "z")
    #expect(broken.state.codes.storeStatus == .failed("/tmp/medcode/manifest.json: the store manifest cannot be read"))
    #expect(broken.state.messages.last == "code store: /tmp/medcode/manifest.json: the store manifest cannot be read")
    #expect(broken.render(width: 100, height: 30).text.contains("code store not opened: /tmp/medcode/manifest.json"))
}

@Test func storeWithoutSearchIndexFails() throws {
    let source = try CodeStoreFixture.directory.get()
    let folder = try TestData.temporaryFolder("swifthealth-workbench-store-copy")
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("medcode")
    try FileManager.default.copyItem(at: source, to: copy)
    try FileManager.default.removeItem(at: copy.appendingPathComponent("search.bin"))
    let app = WorkbenchApp(title: "x", jobMode: .synchronous, codeStore: { try MedCodeStore(directory: copy) }) { _ in
        throw HealthDataError(.invalidArgument, value: "x", message: "no data", hint: "none")
    }
    app.waitUntilIdle()
    guard case .failed(let message) = app.state.codes.storeStatus else {
        Issue.record("store status is \(app.state.codes.storeStatus), expected failed")
        return
    }
    #expect(message.contains("search.bin"))
    #expect(message.contains("swifthealth medcode import"))
}

@Test(needsDemo) func storeCodesPaneSnapshot() throws {
    let app = try CodeStoreFixture.app(dataset: try DemoData.dataset.get())
    // The fourth hit is 428.0, whose GEM rows are approximate.
    KeyScript(app: app).press("5", "z", "/", "type:heart fail", "Enter", "j", "j", "j")
    expectSnapshot(app.render(width: 100, height: 30), matches: Snapshots.storeCodesZoomed, name: "storeCodesZoomed")
}

@Test(needsDemo) func patientNamesComeFromStore() throws {
    let app = try CodeStoreFixture.app(dataset: try DemoData.dataset.get(), width: 150, height: 40)
    // The first patient of the demo, 10006, has diagnoses 4241, 99591 and 5672 and takes acetaminophen (NDC 00677178110).
    let detail = try #require(app.state.patient.detail)
    #expect(detail.row.id == 10006)
    let admission = try #require(detail.admissions.first)
    #expect(admission.namedByStore)
    #expect(admission.diagnoses.first { $0.code == "4241" }?.title == "Aortic valve disorder", "the store's name wins")
    #expect(admission.diagnoses.first { $0.code == "99591" }?.title == "Sepsis", "D_ICD_DIAGNOSES names codes the store lacks")
    #expect(admission.diagnoses.first { $0.code == "5672" }?.title == nil)
    let acetaminophen = try #require(admission.prescriptions.first { $0.drug == "Acetaminophen" })
    #expect(acetaminophen.atcClass == "N02BE anilides")
    #expect(admission.prescriptions.filter { $0.drug == "Pantoprazole" }.allSatisfy { $0.atcClass == nil })

    let lines = PatientView.detailLines(admission).map(\.text)
    #expect(lines.contains("  5672    (not in ICD9CM or D_ICD_DIAGNOSES)"))
    #expect(lines.contains { $0.hasSuffix("Acetaminophen  325-650 mg · PO · ATC N02BE anilides") })
}

@Test(needsDemo) func dictionaryFilterCyclesICD9Kinds() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:cath", "Enter")
    let all = app.state.codes.results
    #expect(Set(all.map(\.kind)) == [.diagnosis, .procedure], "catheter titles name both diagnoses and procedures")

    keys.press("s")
    #expect(app.state.codes.systemFilter == .icd9cm)
    #expect(!app.state.codes.results.isEmpty)
    #expect(app.state.codes.results.allSatisfy { $0.kind == .diagnosis })
    keys.press("s")
    #expect(app.state.codes.systemFilter == .icd9proc)
    #expect(app.state.codes.results.allSatisfy { $0.kind == .procedure })
    #expect(app.state.codes.results.count == all.filter { $0.kind == .procedure }.count)
    keys.press("s")
    #expect(app.state.codes.systemFilter == nil)
    #expect(app.state.codes.results == all)
}

@Test func storeDetailClipsInSmallPane() throws {
    let app = try CodeStoreFixture.app()
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:4280", "Enter")
    // Unzoomed at 100×30 the pane has 5 detail rows for the 7 lines of 428.0: 4 lines, then the count of the rest.
    let rect = try #require(WorkbenchLayout(width: 100, height: 30).panes[.codes])
    let rows = app.render(width: 100, height: 30).text.split(separator: "\n").map { Array($0.unicodeScalars) }
    let lastDetailRow = String(String.UnicodeScalarView(rows[rect.maxY - 2][(rect.x + 1)..<(rect.maxX - 1)]))
    #expect(lastDetailRow.hasPrefix("… 3 more lines; z zoom"))
    keys.press("z")
    let zoomed = app.render(width: 100, height: 30).text
    #expect(!zoomed.contains("more lines"), "the zoomed pane has room for every line")
}

@Test func storeHintCountsFilteredSystem() throws {
    let app = try CodeStoreFixture.app()
    let keys = KeyScript(app: app)
    keys.press("5", "z")
    #expect(app.render(width: 100, height: 30).text.contains("type / to search 24 codes of 3 systems"))

    // The fixture has 16 ICD-9-CM, 3 ICD-10-CM and 5 ATC codes.
    keys.press("s")
    #expect(app.state.codes.systemFilter == .icd9cm)
    #expect(app.render(width: 100, height: 30).text.contains("type / to search 16 ICD9CM codes"))
    keys.press("s")
    #expect(app.render(width: 100, height: 30).text.contains("type / to search 3 ICD10CM codes"))
    keys.press("s")
    #expect(app.render(width: 100, height: 30).text.contains("type / to search 5 ATC codes"))

    let session = try #require(app.state.codeStore)
    #expect(session.codeCount(of: nil) == 24)
    #expect(session.codeCount(of: .icd9proc) == 0, "a system the store was imported without has no codes")
}

@Test func storeEscapeClearsQueryKeepsFilter() throws {
    let app = try CodeStoreFixture.app()
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:failure", "Enter", "s")
    #expect(app.state.codes.systemFilter == .icd9cm)
    #expect(app.state.codes.hits.count == 3)

    keys.press("Esc")
    #expect(app.state.codes.query.isEmpty)
    #expect(app.state.codes.hits.isEmpty)
    #expect(app.state.codes.systemFilter == .icd9cm, "Esc clears the query, not the system filter")

    // A zoomed pane closes its zoom first, and the next Esc clears the query.
    keys.press("/", "type:heart", "Enter", "z", "Esc")
    #expect(app.state.zoomed == false)
    #expect(app.state.codes.query == "heart")
    keys.press("Esc")
    #expect(app.state.codes.query.isEmpty)

    let escape = try #require(KeyTable.help(for: .codes).first { $0.label == "Esc" })
    #expect(escape.help.hasSuffix("else clear the query"))
}

@Test func escapeHelpMatchesEachPane() {
    // Only the Dataset and Codes panes clear something on Esc, so only their help may mention clearing.
    for pane in PaneID.allCases {
        let escape = KeyTable.help(for: pane).first { $0.label == "Esc" }
        switch pane {
        case .dataset: #expect(escape?.help == "close help, search or zoom, else clear the filter")
        case .codes: #expect(escape?.help == "close help, search or zoom, else clear the query")
        case .patient, .task, .training: #expect(escape?.help == "close help, search or zoom", "\(pane)")
        }
    }
}
