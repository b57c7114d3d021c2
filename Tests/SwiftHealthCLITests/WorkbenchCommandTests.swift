import Foundation
import Testing
@testable import SwiftHealthCLI

/// The argument handling of `swifthealth workbench`. Nothing here opens the screen: each case fails or prints help
/// before the terminal check, so the tests behave the same with or without a terminal.
struct WorkbenchCommandTests {
    private func run(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(arguments, console: captured.console)
        return (status, captured.output, captured.error)
    }

    @Test func helpListsOptions() {
        let result = run(["workbench", "--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("usage: swifthealth workbench --dataset mimic3 --root DIR"))
        #expect(result.output.contains("--theme NAME"))
        #expect(result.output.contains("--cache-dir DIR"))
        #expect(!result.output.contains("--test-session"))
    }

    @Test func overviewListsWorkbench() {
        let result = run(["--help"])
        #expect(result.output.contains("workbench      open the interactive terminal workbench"))
    }

    @Test func misspelledCommandSuggestsWorkbench() {
        let result = run(["workbnch"])
        #expect(result.status == 2)
        #expect(result.error.contains("did you mean 'workbench'?"))
    }

    @Test func missingRootIsUsageError() {
        let result = run(["workbench", "--dataset", "mimic3"])
        #expect(result.status == 2)
        #expect(result.error.contains("missing required option '--root"))
    }

    @Test func unknownOptionIsUsageError() {
        let result = run(["workbench", "--dataset", "mimic3", "--root", "/tmp", "--theem", "dark"])
        #expect(result.status == 2)
        #expect(result.error.contains("did you mean '--theme'?"))
    }

    @Test func testSessionTakesNoOptions() {
        let result = run(["workbench", "--test-session", "--dataset", "mimic3"])
        #expect(result.status == 2)
        #expect(result.error.contains("'--test-session' takes no other options"))
    }
}
