import Foundation

let usage = """
    usage:
      swifthealth-bench scale --from DIR --to DIR --factor N
          copy a MIMIC-III folder with every patient replicated N times under new ids
      swifthealth-bench pipeline --demo DIR [--x10 DIR] [--x100 DIR] [--repeats N]
          time the swifthealth executable (built beside this one) on the demo and scaled copies
      swifthealth-bench workbench --demo DIR [--icd10cm FILE] [--frames N]
          time workbench frames, code-search keystrokes and redraws during training, in this process;
          FILE is a gzipped "code  title" list of ICD-10-CM codes added to the timed search index
      swifthealth-bench medcode-search [--from DIR] [--store DIR] [--rounds N]
          import the official code files in DIR (default: $SWIFTHEALTH_TEST_DATA/medcode) into a code store in
          the --store folder (default: a temporary folder, removed afterwards), then time opening it, lookups and
          every keystroke of typical queries, each N times (default 5)
    """

let arguments = Array(CommandLine.arguments.dropFirst())

func value(of option: String) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

do {
    switch arguments.first {
    case "scale":
        guard let from = value(of: "--from"), let to = value(of: "--to"),
              let factorText = value(of: "--factor"), let factor = Int(factorText), factor >= 1 else {
            throw BenchError(usage)
        }
        try DemoScaler(source: URL(fileURLWithPath: from), destination: URL(fileURLWithPath: to), factor: factor).run()
    case "pipeline":
        guard let demo = value(of: "--demo") else { throw BenchError(usage) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("swifthealth").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchError("\(executable) not found; build it first with: swift build -c release")
        }
        let repeats = value(of: "--repeats").flatMap(Int.init) ?? 5
        let benchmark = PipelineBenchmark(
            swifthealth: executable, demoRoot: demo, x10Root: value(of: "--x10"), x100Root: value(of: "--x100"),
            repeats: max(1, repeats))
        for line in try benchmark.run() { print(line) }
    case "workbench":
        guard let demo = value(of: "--demo") else { throw BenchError(usage) }
        let frames = value(of: "--frames").flatMap(Int.init) ?? 300
        let benchmark = WorkbenchBenchmark(
            demoRoot: URL(fileURLWithPath: demo), extraCodes: value(of: "--icd10cm").map { URL(fileURLWithPath: $0) },
            frames: max(10, frames))
        for line in try benchmark.run() { print(line) }
    case "medcode-search":
        let dataRoot = ProcessInfo.processInfo.environment["SWIFTHEALTH_TEST_DATA"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()
                .appendingPathComponent("shared/data")
        let medcode = value(of: "--from").map { URL(fileURLWithPath: $0) } ?? dataRoot.appendingPathComponent("medcode")
        let rounds = value(of: "--rounds").flatMap(Int.init) ?? 5
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-bench-medcode-\(UUID().uuidString)")
        let store = value(of: "--store").map { URL(fileURLWithPath: $0) } ?? temporary
        defer { try? FileManager.default.removeItem(at: temporary) }
        let benchmark = MedCodeSearchBenchmark(medcodeRoot: medcode, storeFolder: store, rounds: max(1, rounds))
        for line in try benchmark.run() { print(line) }
    default:
        throw BenchError(usage)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
