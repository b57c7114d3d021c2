import Foundation
import Testing
@testable import SwiftHealthCLI

/// Bad arguments exit with status 2 and a message that names the offending token; missing data exits with 1.
struct ArgumentErrorTests {
    private func run(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(arguments, console: captured.console)
        return (status, captured.output, captured.error)
    }

    @Test func unknownCommandSuggestsNearest() {
        let result = run(["trian"])
        #expect(result.status == 2)
        #expect(result.error.contains("unknown command 'trian'"))
        #expect(result.error.contains("did you mean 'train'?"))
    }

    @Test func unknownOptionSuggestsNearest() {
        let result = run(["samples", "--dataset", "mimic3", "--root", "/tmp", "--task", "mortality", "--pateint", "1"])
        #expect(result.status == 2)
        #expect(result.error.contains("unknown option '--pateint'"))
        #expect(result.error.contains("did you mean '--patient'?"))
    }

    @Test func missingRequiredOption() {
        let result = run(["dataset", "stats", "--dataset", "mimic3"])
        #expect(result.status == 2)
        #expect(result.error.contains("missing required option '--root"))
    }

    @Test func unknownDatasetListsChoices() {
        let result = run(["dataset", "stats", "--dataset", "mimic5", "--root", "/tmp"])
        #expect(result.status == 2)
        #expect(result.error.contains("invalid value 'mimic5' for '--dataset'"))
        #expect(result.error.contains("mimic3"))
    }

    @Test func unknownTaskListsChoices() {
        let result = run(["samples", "--dataset", "mimic3", "--root", "/tmp", "--task", "mortalty"])
        #expect(result.status == 2)
        #expect(result.error.contains("unknown task 'mortalty'"))
        #expect(result.error.contains("did you mean 'mortality'?"))
    }

    @Test func windowOnlyForReadmission() {
        let result = run(["samples", "--dataset", "mimic3", "--root", "/tmp", "--task", "mortality", "--window", "30"])
        #expect(result.status == 2)
        #expect(result.error.contains("--window"))
    }

    @Test func missingRootExitsWithDataError() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-root-\(UUID().uuidString)").path
        let result = run(["dataset", "stats", "--dataset", "mimic3", "--root", missing])
        #expect(result.status == 1)
        #expect(result.error.contains("dataset root not found"))
        #expect(result.error.contains(missing))
    }

    @Test func missingTableNamesWhereItLooked() throws {
        // A real folder without MIMIC tables: the error must name the missing table and the folder searched.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }

        let result = run(["dataset", "stats", "--dataset", "mimic3", "--root", empty.path, "--no-cache"])
        #expect(result.status == 1)
        #expect(result.error.uppercased().contains("PATIENTS"))
        #expect(result.error.contains(empty.path))
    }

    @Test func nonNumericValueIsRejected() {
        let result = run(["samples", "--dataset", "mimic3", "--root", "/tmp", "--task", "mortality", "--limit", "five"])
        #expect(result.status == 2)
        #expect(result.error.contains("invalid value 'five' for '--limit'"))
    }

    @Test func editDistanceCounts() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("same", "same") == 0)
    }
}
