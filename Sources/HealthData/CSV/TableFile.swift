import Foundation

/// Finds the file of a table under a dataset root.
public enum TableFile {
    /// Returns `root/NAME.csv.gz` or `root/NAME.csv`, matching the whole file name case-insensitively.
    ///
    /// `name` may already carry an extension (`PATIENTS.csv.gz`); it is stripped first. When both a
    /// `.csv.gz` and a `.csv` exist, the `.csv.gz` is returned.
    /// - Throws: `HealthDataError.Kind.missingTable` naming the root and the names it tried.
    public static func locate(_ name: String, in root: URL) throws -> URL {
        var base = name.lowercased()
        for suffix in [".csv.gz", ".csv"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        let candidates = [base + ".csv.gz", base + ".csv"]

        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: root.path)
        } catch {
            throw HealthDataError(
                .missingTable, file: root.path, message: "cannot list the dataset folder (\(error.localizedDescription))",
                hint: "Pass the folder that holds the dataset's CSV files as the root.")
        }
        var byLowercasedName: [String: String] = [:]
        for entry in entries { byLowercasedName[entry.lowercased()] = entry }
        for candidate in candidates {
            if let entry = byLowercasedName[candidate] { return root.appendingPathComponent(entry) }
        }
        throw HealthDataError(
            .missingTable, file: root.path, value: name,
            message: "no file for table '\(name)' (looked for \(candidates.joined(separator: " and ")) in any letter case)",
            hint: "Check the dataset root, or leave the table out of the tables to load.")
    }
}
