import Foundation

/// Claims a run directory for one training run: it must not hold an earlier run unless `--overwrite` is given,
/// and a `.lock` file with the process id keeps a second run from writing into it at the same time.
final class RunDirectoryLock {
    static let runFiles = ["config.json", "events.jsonl", "vocab.json", "results.json", "best.safetensors", "last.safetensors"]

    let directory: URL
    private let lockPath: String
    private var isHeld = false

    init(directory: URL, overwrite: Bool) throws {
        self.directory = directory
        lockPath = directory.appendingPathComponent(".lock").path

        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandError.usage("--run-dir \(directory.path) is a file; pass a folder (it is created if missing)")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError.runtime("cannot create the run directory \(directory.path): \(describe(error))")
        }

        try acquire()

        let existing = Self.runFiles.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        guard !existing.isEmpty else { return }
        guard overwrite else {
            release()
            throw CommandError.usage(
                "the run directory \(directory.path) already contains a run (\(existing.joined(separator: ", "))); pass --overwrite to replace it, or choose another --run-dir")
        }
        for file in existing {
            do {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(file))
            } catch {
                release()
                throw CommandError.runtime("cannot remove \(file) from \(directory.path): \(describe(error))")
            }
        }
    }

    /// Creates `.lock` exclusively; a lock whose process no longer runs is stale and replaced once.
    private func acquire() throws {
        for attempt in 0..<2 {
            let descriptor = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
                isHeld = true
                return
            }
            guard errno == EEXIST else {
                throw CommandError.runtime("cannot create \(lockPath): \(String(cString: strerror(errno)))")
            }

            let owner = (try? String(contentsOfFile: lockPath, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let owner, owner != getpid(), kill(owner, 0) == 0 || errno == EPERM {
                throw CommandError.runtime(
                    "another run (process \(owner)) is writing to \(directory.path); wait for it to finish or choose another --run-dir")
            }
            if attempt == 0 { unlink(lockPath) }
        }
        throw CommandError.runtime("cannot lock \(directory.path); remove \(lockPath) if no run is using the folder")
    }

    func release() {
        guard isHeld else { return }
        unlink(lockPath)
        isHeld = false
    }

    deinit { release() }
}

/// Checks before any work that a result file can be written at `path`: not a folder, in a folder that exists
/// (or can be created) and accepts new files.
func checkWritable(_ path: String) throws {
    let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw CommandError.usage("--json \(url.path) is a folder; pass a file path such as \(url.appendingPathComponent("results.json").path)")
    }

    let folder = url.deletingLastPathComponent()
    do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
        throw CommandError.runtime("cannot create the folder \(folder.path) for --json: \(describe(error))")
    }
    let probe = folder.appendingPathComponent(".swifthealth-write-check-\(getpid())")
    guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
        throw CommandError.runtime("cannot write to the folder \(folder.path) for --json: \(String(cString: strerror(errno))); choose a writable location")
    }
    try? FileManager.default.removeItem(at: probe)
}

/// Returns a Foundation error's description without the NSCocoaErrorDomain dump.
func describe(_ error: Error) -> String {
    if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError,
       underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return (error as NSError).localizedDescription
}
