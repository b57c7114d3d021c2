import Testing
import TestSupport

@testable import Workbench

private let needsDemo = Testing.ConditionTrait.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA")

/// The first three demo patients when the list is sorted by admissions, with their event counts at 150 columns.
private let widePatients = [
    PatientRow(id: 41976, sex: "M", ageAtFirstAdmission: 62, admissions: 15, events: 5_983),
    PatientRow(id: 10088, sex: "M", ageAtFirstAdmission: 77, admissions: 3, events: 1_379),
    PatientRow(id: 44083, sex: "M", ageAtFirstAdmission: 54, admissions: 3, events: 798),
]

@Test func datasetColumnsFitTheirValuesAt80Columns() {
    // The Dataset pane is 32 cells wide at 80 columns, 30 inside its border.
    let columns = DatasetPane.ListColumns(patients: widePatients, width: 30)
    #expect(columns.events > 0, "the events column fits once the columns are sized from the data")
    let row = columns.row(widePatients[0], selected: true)
    #expect(row.unicodeScalars.count <= 30)
    #expect(row.hasSuffix("5,983"))
    #expect(columns.header.unicodeScalars.count == row.unicodeScalars.count)
}

@Test func datasetEventsColumnIsDroppedRatherThanCut() {
    let columns = DatasetPane.ListColumns(patients: widePatients, width: 24)
    #expect(columns.events == 0)
    let row = columns.row(widePatients[1], selected: false)
    #expect(!row.contains("1,3"), "no part of the event count is shown")
    #expect(row.hasSuffix("3"), "the admissions column ends the row")
}

@Test(needsDemo) func lengthOfStayLabelsShowEveryClass() throws {
    let app = try DemoData.app(width: 200, height: 60)
    KeyScript(app: app).press("3", "l", "l", "Enter")
    #expect(app.state.task.selectedName == "length_of_stay")
    let screen = app.render(width: 200, height: 60).text
    // `swifthealth samples --dataset mimic3 --task length_of_stay` on the demo gives 31 samples of class 8 and 15 of class 9.
    #expect(screen.contains("8: 31"))
    #expect(screen.contains("9: 15"))
}
