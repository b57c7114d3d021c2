import Foundation
import Testing
@testable import SwiftHealthCLI

/// The argument and folder checks of `swifthealth watch`. Every case fails or prints help before the terminal
/// check, so the tests behave the same with or without a terminal.
struct WatchCommandTests {
    private func run(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(arguments, console: captured.console)
        return (status, captured.output, captured.error)
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-watch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func helpDescribesTheCommand() {
        let result = run(["watch", "--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("usage: swifthealth watch DIR [--theme NAME]"))
        #expect(result.output.contains("as a replay"))
    }

    @Test func overviewListsWatch() {
        #expect(run(["--help"]).output.contains("watch          follow a training run's progress"))
    }

    @Test func missingFolderArgumentIsUsageError() {
        let result = run(["watch"])
        #expect(result.status == 2)
        #expect(result.error.contains("'watch' needs the run folder: swifthealth watch DIR"))
    }

    @Test func secondFolderIsUsageError() {
        let result = run(["watch", "runs/a", "runs/b"])
        #expect(result.status == 2)
        #expect(result.error.contains("unexpected argument 'runs/b' for 'watch'"))
    }

    @Test func nonexistentFolderIsRuntimeError() {
        let result = run(["watch", "/nonexistent/swifthealth-run"])
        #expect(result.status == 1)
        #expect(result.error.contains("error: run folder not found: /nonexistent/swifthealth-run; pass the folder given to 'swifthealth train --run-dir'"))
    }

    @Test func fileInsteadOfFolderIsRuntimeError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("events.jsonl")
        try Data().write(to: file)
        let result = run(["watch", file.path])
        #expect(result.status == 1)
        #expect(result.error.contains("\(file.path) is a file, not a run folder"))
    }

    @Test func folderWithoutRunFilesIsRuntimeError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("notes.txt"))
        let result = run(["watch", folder.path])
        #expect(result.status == 1)
        #expect(result.error.contains("is not a training run folder: events.jsonl and config.json are both missing"))
    }

    @Test func runFolderPassesTheFolderCheck() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("config.json"))
        #expect(try WatchCommand.runDirectory(folder.path).path == folder.path)
    }

    @Test func misspelledCommandSuggestsWatch() {
        let result = run(["wacth"])
        #expect(result.status == 2)
        #expect(result.error.contains("did you mean 'watch'?"))
    }
}
