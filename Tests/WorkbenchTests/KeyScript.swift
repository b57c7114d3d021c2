import Foundation
import HealthData
import TestSupport

@testable import Workbench

/// The MIMIC-III demo with the tables the panes show, loaded once per test process into a temporary cache.
enum DemoData {
    static let tables = ["diagnoses_icd", "procedures_icd", "prescriptions", "labevents"]

    static let dataset: Result<EHRDataset, any Error> = Result {
        let root = try TestData.require("mimic3-demo")
        let cache = try TestData.temporaryFolder("swifthealth-workbench-cache")
        return try EHRDataset.mimic3(root: root, tables: tables, cacheDirectory: cache)
    }

    /// Creates a workbench on the demo whose jobs run synchronously, already loaded and drained.
    static func app(width: Int = 150, height: Int = 40, environment: [String: String] = ["TERM": "xterm-256color"]) throws -> WorkbenchApp {
        let dataset = try dataset.get()
        let app = WorkbenchApp(title: "mimic3-demo", environment: environment, jobMode: .synchronous) { _ in dataset }
        app.waitUntilIdle()
        _ = app.render(width: width, height: height)
        return app
    }
}

/// Presses keys by name and waits for the session to be idle after each, as a user would type them.
///
/// Names: `q`, `Esc`, `Tab`, `S-Tab`, `Enter`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`,
/// `Backspace`, any single character, and `type:TEXT` for each character of TEXT.
struct KeyScript {
    let app: WorkbenchApp

    /// Returns the action of the last key.
    @discardableResult
    func press(_ names: String...) -> SessionAction {
        var action = SessionAction.continue
        for name in names {
            for input in Self.inputs(name) {
                action = app.handle(input)
                app.waitUntilIdle()
            }
        }
        return action
    }

    static func inputs(_ name: String) -> [TerminalInput] {
        if name.hasPrefix("type:") { return name.dropFirst(5).map { .character($0) } }
        switch name {
        case "Esc": return [.escape]
        case "Tab": return [.tab]
        case "S-Tab": return [.backTab]
        case "Enter": return [.enter]
        case "Up": return [.up]
        case "Down": return [.down]
        case "Left": return [.left]
        case "Right": return [.right]
        case "PgUp": return [.pageUp]
        case "PgDn": return [.pageDown]
        case "Home": return [.home]
        case "End": return [.end]
        case "Backspace": return [.backspace]
        default:
            precondition(name.count == 1, "unknown key name '\(name)'")
            return [.character(name.first!)]
        }
    }
}
