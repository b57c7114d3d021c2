import Foundation

/// Times the `swifthealth` executable on the demo and on scaled copies, each run as its own process so that
/// wall time and peak memory cover everything a user waits for.
struct PipelineBenchmark {
    let swifthealth: String
    let demoRoot: String
    let x10Root: String?
    let x100Root: String?
    let repeats: Int

    func run() throws -> [String] {
        var lines = ["| scenario | runs | wall s (median) | CPU s (median) | peak MB (max) | notes |", "|---|---|---|---|---|---|"]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // The whole demo pipeline: load, mortality task, split, 5 Transformer epochs, test metrics.
        let demoCache = scratch.appendingPathComponent("demo-cache").path
        let demoTrain = ["train", "--dataset", "mimic3", "--root", demoRoot, "--task", "mortality", "--model", "transformer",
                         "--epochs", "5", "--cache-dir", demoCache, "--json", scratch.appendingPathComponent("demo.json").path]
        lines.append(try row("demo: train mortality transformer 5 epochs, no cache yet", demoTrain, runs: 1))
        lines.append(try row("demo: train mortality transformer 5 epochs, cached", demoTrain, runs: repeats))

        if let x100Root {
            let cache = scratch.appendingPathComponent("x100-cache").path
            let samples = ["samples", "--dataset", "mimic3", "--root", x100Root, "--task", "mortality", "--limit", "0", "--cache-dir", cache]
            lines.append(try row("x100: load + mortality task, no cache yet", samples, runs: 1))
            lines.append(try row("x100: load + mortality task, cached", samples, runs: repeats))
            let noCache = ["samples", "--dataset", "mimic3", "--root", x100Root, "--task", "mortality", "--limit", "0", "--no-cache"]
            lines.append(try row("x100: load + mortality task, cache disabled", noCache, runs: repeats))
        }

        if let x10Root {
            let cache = scratch.appendingPathComponent("x10-cache").path
            for model in ["transformer", "retain", "rnn"] {
                let json = scratch.appendingPathComponent("x10-\(model).json")
                // Every sample trains (ratios 1,0,0), as in the PyHealth baseline: 1,070 samples, 34 batches of 32.
                let train = ["train", "--dataset", "mimic3", "--root", x10Root, "--task", "length_of_stay", "--model", model,
                             "--epochs", "3", "--ratios", "1,0,0", "--cache-dir", cache, "--json", json.path]
                let measurement = try measureChecked(train)
                let epochSeconds = try epochTimes(json)
                let later = epochSeconds.dropFirst()
                let mean = later.isEmpty ? Double.nan : later.reduce(0, +) / Double(later.count)
                lines.append(String(
                    format: "| x10: length_of_stay %@, seconds per epoch (mean of epochs 2-3) | 1 | %.3f | %.3f | %.1f | whole process: CPU and peak; epochs: %@ s |",
                    model, mean, measurement.cpuSeconds, measurement.peakMegabytes,
                    epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
            }
        }
        lines += [""] + (try scalingTable(scratch: scratch))
        return lines
    }

    /// Runs one cold-cache `train` per dataset size (mortality, Transformer, 2 epochs) and tabulates the phases
    /// the command reports in its JSON: load, task building and seconds per epoch.
    private func scalingTable(scratch: URL) throws -> [String] {
        var lines = [
            "| data | patients | samples | load s (no cache) | task s | Transformer epoch s | batches per epoch | peak MB |",
            "|---|---|---|---|---|---|---|---|",
        ]
        let roots = [("demo", demoRoot), ("x10", x10Root), ("x100", x100Root)].compactMap { name, root in root.map { (name, $0) } }
        for (name, root) in roots {
            let json = scratch.appendingPathComponent("scale-\(name).json")
            let measurement = try measureChecked([
                "train", "--dataset", "mimic3", "--root", root, "--task", "mortality", "--model", "transformer", "--epochs", "2",
                "--ratios", "1,0,0", "--cache-dir", scratch.appendingPathComponent("scale-cache-\(name)").path, "--json", json.path,
            ])
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any],
                  let timing = object["timing"] as? [String: Double], let samples = object["samples"] as? [String: Any],
                  let epochs = object["epochs"] as? [[String: Any]] else {
                throw BenchError("\(json.path) lacks timing, samples or epochs")
            }
            let epochSeconds = epochs.compactMap { $0["seconds"] as? Double }
            let total = samples["total"] as? Int ?? 0
            let patients = measurement.standardError.split(separator: "\n").first { $0.hasPrefix("loaded mimic3:") }
                .flatMap { $0.split(separator: " ").dropFirst(2).first }.map(String.init) ?? "?"
            lines.append(String(
                format: "| %@ | %@ | %d | %.3f | %.3f | %.3f | %d | %.1f |", name, patients, total, timing["load_s"] ?? .nan,
                timing["task_s"] ?? .nan, epochSeconds.last ?? .nan, (total + 31) / 32, measurement.peakMegabytes))
        }
        return lines
    }

    private func row(_ title: String, _ arguments: [String], runs: Int) throws -> String {
        var measurements: [ProcessMeasurement] = []
        for _ in 0..<runs { measurements.append(try measureChecked(arguments)) }
        let wall = median(measurements.map(\.wallSeconds))
        let cpu = median(measurements.map(\.cpuSeconds))
        let peak = measurements.map(\.peakMegabytes).max() ?? 0
        return String(format: "| %@ | %d | %.3f | %.3f | %.1f | |", title, runs, wall, cpu, peak)
    }

    private func measureChecked(_ arguments: [String]) throws -> ProcessMeasurement {
        let measurement = try measure(swifthealth, arguments)
        guard measurement.exitStatus == 0 else {
            throw BenchError("swifthealth \(arguments.joined(separator: " ")) exited with \(measurement.exitStatus):\n\(measurement.standardError)")
        }
        return measurement
    }

    private func epochTimes(_ url: URL) throws -> [Double] {
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let epochs = object["epochs"] as? [[String: Any]] else {
            throw BenchError("\(url.path) has no epochs list")
        }
        return epochs.compactMap { $0["seconds"] as? Double }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
