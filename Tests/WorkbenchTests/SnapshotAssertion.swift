import Foundation
import Testing

@testable import Workbench

/// Recorded screens, one Swift file per snapshot under `Snapshots/`, so SwiftPM needs no resource rules.
enum Snapshots {}

/// Compares `grid` with a recorded snapshot, row by row without trailing spaces (editors strip them from files).
///
/// With `SWIFTHEALTH_RECORD_SNAPSHOTS=1` it writes `Snapshots/<name>.swift` instead and records an issue, so a
/// recording run never passes by accident. Rerun without the variable to check the new snapshot.
func expectSnapshot(_ grid: CellGrid, matches recorded: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let text = (0..<grid.height).map { row in
        var line = Substring(grid.rowText(row))
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }.joined(separator: "\n")
    if ProcessInfo.processInfo.environment["SWIFTHEALTH_RECORD_SNAPSHOTS"] == "1" {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let source = """
            // Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
            extension Snapshots {
                static let \(name) = ##\"\"\"
            \(text)
            \"\"\"##
            }

            """
        do {
            try source.write(to: folder.appendingPathComponent("\(name).swift"), atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name); rerun without SWIFTHEALTH_RECORD_SNAPSHOTS to check it", sourceLocation: sourceLocation)
        } catch {
            Issue.record("writing snapshot \(name) failed: \(error)", sourceLocation: sourceLocation)
        }
        return
    }

    guard text != recorded else { return }
    let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let recordedLines = recorded.split(separator: "\n", omittingEmptySubsequences: false)
    let row = (0..<min(actualLines.count, recordedLines.count)).first { actualLines[$0] != recordedLines[$0] } ?? min(actualLines.count, recordedLines.count)
    let actualRow = row < actualLines.count ? String(actualLines[row]) : "(none)"
    let recordedRow = row < recordedLines.count ? String(recordedLines[row]) : "(none)"
    Issue.record(
        """
        snapshot \(name) differs first at row \(row):
          recorded: \(recordedRow)
          rendered: \(actualRow)
        whole screen:
        \(text)
        Set SWIFTHEALTH_RECORD_SNAPSHOTS=1 to re-record it if the change is intended.
        """, sourceLocation: sourceLocation)
}
