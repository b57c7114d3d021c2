import Foundation

/// Finds and reads theme files, falling back to `Theme.builtin` with a message when one cannot be used.
public enum ThemeLoader {
    /// The outcome of a load: the theme to draw with and, after a fallback, why the requested one was not used.
    public struct Result: Sendable {
        public var theme: Theme
        /// Nil when the requested theme loaded; otherwise the error text, for the status line or the log.
        public var message: String?
    }

    /// Reads and parses the theme file at `url`.
    /// - Throws: `ThemeError` with kind `.unreadable` when the file cannot be read, or the parser's error.
    public static func load(contentsOf url: URL) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ThemeError(kind: .unreadable, file: url.path, line: 0, key: url.lastPathComponent,
                             message: "cannot read the theme file: \(error.localizedDescription)")
        }
        return try ThemeParser.parse(text, fileName: url.path)
    }

    /// Loads the theme `nameOrPath`: a path when it contains `/` or ends in `.theme`, else `NAME.theme` in the
    /// first of `directories` that has it. Nil or `builtin` gives the built-in theme.
    ///
    /// A missing or broken file gives `Theme.builtin` plus a message that names the file, line and key, instead of an error.
    public static func load(_ nameOrPath: String?, directories: [URL]) -> Result {
        guard let nameOrPath, nameOrPath != "builtin" else { return Result(theme: .builtin, message: nil) }

        let url: URL
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            url = URL(fileURLWithPath: nameOrPath)
        } else if let found = directories.map({ $0.appendingPathComponent("\(nameOrPath).theme") })
            .first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            url = found
        } else {
            let searched = directories.map(\.path).joined(separator: ", ")
            return Result(theme: .builtin, message: "theme '\(nameOrPath)' not found in \(searched); using the built-in theme")
        }

        do {
            return Result(theme: try load(contentsOf: url), message: nil)
        } catch {
            return Result(theme: .builtin, message: "\(error.description); using the built-in theme")
        }
    }

    /// Returns the folders searched for themes by name: `$SWIFTHEALTH_THEMES`, then `themes` in the working directory.
    public static func defaultDirectories(environment: [String: String], workingDirectory: URL) -> [URL] {
        var directories: [URL] = []
        if let custom = environment["SWIFTHEALTH_THEMES"], !custom.isEmpty {
            directories.append(URL(fileURLWithPath: custom, isDirectory: true))
        }
        directories.append(workingDirectory.appendingPathComponent("themes", isDirectory: true))
        return directories
    }
}
