import Foundation
import HealthData
import Testing
import TestSupport

@testable import Workbench

/// Creates a workbench on an empty folder, the first mistake a new user makes with `--root`.
private func emptyRootApp() throws -> WorkbenchApp {
    let root = try TestData.temporaryFolder("swifthealth-empty-root")
    let app = WorkbenchApp(title: "empty", jobMode: .synchronous) { _ in
        try EHRDataset.mimic3(root: root, tables: ["diagnoses_icd"])
    }
    app.waitUntilIdle()
    return app
}

@Test(arguments: [(120, 30), (200, 40), (80, 24)])
func loadFailureHasItsOwnRows(width: Int, height: Int) throws {
    let app = try emptyRootApp()
    let grid = app.render(width: width, height: height)
    let layout = WorkbenchLayout(width: width, height: height)
    let datasetInner = try #require(layout.panes[.dataset]).inset(by: 1)

    // The reason starts on the row after the table header and is not drawn over a filter line.
    let firstRow = String(grid.rowText(datasetInner.y + 1).unicodeScalars.dropFirst(datasetInner.x).prefix(datasetInner.width))
    #expect(firstRow.hasPrefix("load failed: "))
    #expect(!grid.text.contains("/ filter patients"))
    #expect(!grid.text.contains("0 of 0"))

    // The Patient pane reports the failed load instead of waiting.
    #expect(!grid.text.contains("waiting for the dataset"))
    #expect(grid.text.contains("loading failed, no patients to show"))
}

@Test func loadFailureReasonIsShownWhole() throws {
    let app = try emptyRootApp()
    let grid = app.render(width: 120, height: 30)
    let inner = try #require(WorkbenchLayout(width: 120, height: 30).panes[.dataset]).inset(by: 1)
    let paneText = (inner.y..<inner.maxY).map { row in
        String(grid.rowText(row).unicodeScalars.dropFirst(inner.x).prefix(inner.width)).trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
    // TableFile's hint, the last words of the error, fits in the pane at 120 columns.
    #expect(paneText.contains("no file for table 'PATIENTS'"))
    #expect(paneText.contains("that this table's file is there."))
}

@Test func loadFailureStatusLeadsWithAdvice() throws {
    let app = try emptyRootApp()
    let status = app.render(width: 80, height: 24).rowText(23)
    #expect(status.contains("load failed: Check that the root is the folder"))
    #expect(WorkbenchReducer.loadFailureStatus("no data") == "load failed: no data")
}

@Test func wrapBreaksAtSpacesAndCutsLongWords() {
    #expect(Columns.wrap("load failed: the root", width: 12) == ["load failed:", "the root"])
    #expect(Columns.wrap("abcdefghij klm", width: 4) == ["abcd", "efgh", "ij", "klm"])
    #expect(Columns.wrap("", width: 5).isEmpty)
}
