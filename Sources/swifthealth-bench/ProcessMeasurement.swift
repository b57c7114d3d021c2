import Foundation

/// Wall time, CPU time and peak resident memory of one child process.
struct ProcessMeasurement {
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakMegabytes: Double
    var exitStatus: Int32
    var standardError: String
}

/// Runs `executable` with `arguments` and measures it through `wait4`, which reports the child's own
/// peak RSS (ru_maxrss, in KiB on Linux) and CPU time.
func measure(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessMeasurement {
    let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-stderr-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: errorPath) }

    var fileActions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&fileActions)
    defer { posix_spawn_file_actions_destroy(&fileActions) }
    posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&fileActions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    var mergedEnvironment = ProcessInfo.processInfo.environment
    for (key, value) in environment { mergedEnvironment[key] = value }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = mergedEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }

    let start = Date()
    var pid: pid_t = 0
    let spawnResult = posix_spawn(&pid, executable, &fileActions, nil, argv, envp)
    guard spawnResult == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawnResult)))") }

    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let wall = Date().timeIntervalSince(start)
    let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    return ProcessMeasurement(
        wallSeconds: wall, cpuSeconds: cpu, peakMegabytes: Double(usage.ru_maxrss) / 1024, exitStatus: exitStatus,
        standardError: errorText)
}

/// Names the CPU model and count and the load average, for the first line of a benchmark's output.
func machineLine() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    return "machine: \(model), \(ProcessInfo.processInfo.activeProcessorCount) CPUs; load average before the run: \(loadAverage())"
}

/// Returns the 1, 5 and 15 minute load averages, or "unknown".
func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    guard getloadavg(&loads, 3) == 3 else { return "unknown" }
    return loads.map { String(format: "%.2f", $0) }.joined(separator: ", ")
}
