import Foundation

/// Finds the file of a table under a dataset root.
public enum TableFile {
    /// Returns `root/NAME.csv.gz` or `root/NAME.csv`, matching the whole file name case-insensitively.
    ///
    /// `name` may already carry an extension (`PATIENTS.csv.gz`); it is stripped first. When both a
    /// `.csv.gz` and a `.csv` exist, the `.csv.gz` is returned, the form PyHealth's MIMIC-III config names,
    /// and `EHRDataset` reports the other file in a warning.
    /// - Throws: `HealthDataError.Kind.missingTable` naming the root and the names it tried, or the reason
    ///   the root cannot be listed (missing, or a file rather than a folder).
    public static func locate(_ name: String, in root: URL) throws -> URL {
        try find(name, in: root).file
    }

    /// Returns the file `locate` returns, and the other candidate when both a `.csv.gz` and a `.csv` exist.
    static func find(_ name: String, in root: URL) throws -> (file: URL, ignored: URL?) {
        var base = name.lowercased()
        for suffix in [".csv.gz", ".csv"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        let candidates = [base + ".csv.gz", base + ".csv"]

        let entries = try listFolder(root)
        var byLowercasedName: [String: String] = [:]
        for entry in entries { byLowercasedName[entry.lowercased()] = entry }
        let found = candidates.compactMap { byLowercasedName[$0].map { root.appendingPathComponent($0) } }
        guard let file = found.first else {
            throw HealthDataError(
                .missingTable, file: root.path,
                message: "no file for table '\(name)' (looked for \(candidates.joined(separator: " and ")) in any letter case)",
                hint: "Check that the root is the folder that holds the dataset's CSV files and that this table's file is there.")
        }
        return (file, found.dropFirst().first)
    }

    private static func listFolder(_ root: URL) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else {
            throw HealthDataError(
                .missingTable, file: root.path, message: "the dataset root does not exist",
                hint: "Pass the folder that holds the dataset's CSV files as the root.")
        }
        guard isFolder.boolValue else {
            throw HealthDataError(
                .missingTable, file: root.path, message: "the dataset root is a file, not a folder",
                hint: "Pass the folder that holds the dataset's CSV files, for example \(root.deletingLastPathComponent().path).")
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: root.path)
        } catch {
            throw HealthDataError(
                .missingTable, file: root.path, message: "cannot list the dataset folder (\(error.localizedDescription))",
                hint: "Check that the folder is readable, or pass the folder that holds the dataset's CSV files as the root.")
        }
    }
}
