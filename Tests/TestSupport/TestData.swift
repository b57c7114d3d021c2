import Foundation

/// Locates the real data sets that tests read.
///
/// The root is `SWIFTHEALTH_TEST_DATA` when set, otherwise `../shared/data` beside the package root.
/// A test that needs a folder is enabled with `.enabled(if: TestData.isAvailable("mimic3-demo"), ...)`:
/// without the data it is skipped with that comment, except under `CI=true`, where it runs and
/// `TestData.require` fails it with the path it looked at.
public enum TestData {
    public struct MissingData: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "test data not found at \(path); set SWIFTHEALTH_TEST_DATA to the folder that holds mimic3-demo/ and the other data sets"
        }
    }

    public static var root: URL {
        if let value = ProcessInfo.processInfo.environment["SWIFTHEALTH_TEST_DATA"], !value.isEmpty {
            return URL(fileURLWithPath: value, isDirectory: true)
        }
        // #filePath is <package>/Tests/TestSupport/TestData.swift.
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)
    }

    public static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }

    /// Whether a test that needs `folder` should run: the folder exists, or this is CI.
    public static func isAvailable(_ folder: String) -> Bool {
        isCI || FileManager.default.fileExists(atPath: root.appendingPathComponent(folder).path)
    }

    /// Returns the folder, or throws `MissingData` naming where it looked.
    public static func require(_ folder: String) throws -> URL {
        let url = root.appendingPathComponent(folder, isDirectory: true)
        guard FileManager.default.fileExists(atPath: url.path) else { throw MissingData(path: url.path) }
        return url
    }

    /// Creates a fresh empty folder under the system temporary directory, for caches and run directories.
    public static func temporaryFolder(_ label: String = "swifthealth-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
