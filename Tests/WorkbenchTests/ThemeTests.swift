import Foundation
import Testing

@testable import Workbench

/// The package's `themes` folder, found from this file's path (<package>/Tests/WorkbenchTests/ThemeTests.swift).
private let themesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes", isDirectory: true)

/// A complete, valid [roles] section over a palette with one colour named `c`.
private let validRoles = StyleRole.allCases.map { "\($0.rawValue) = c" }.joined(separator: "\n")

@Test func everyThemeFileLoads() throws {
    let files = try FileManager.default.contentsOfDirectory(at: themesFolder, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "theme" }
    #expect(files.count >= 3)
    for file in files {
        let theme = try ThemeLoader.load(contentsOf: file)
        #expect(theme.roles.count == StyleRole.allCases.count, "\(file.lastPathComponent)")
    }
}

@Test func requiredThemesExist() {
    for name in ["dark", "light", "mono"] {
        let result = ThemeLoader.load(name, directories: [themesFolder])
        #expect(result.message == nil, "\(name): \(result.message ?? "")")
        #expect(result.theme.name == name)
    }
}

@Test func builtinThemeMatchesDarkFile() throws {
    let file = try String(contentsOf: themesFolder.appendingPathComponent("dark.theme"), encoding: .utf8)
    #expect(file == builtinThemeText + "\n")
}

@Test func darkThemeColorsAtEachDepth() throws {
    let theme = try ThemeLoader.load(contentsOf: themesFolder.appendingPathComponent("dark.theme"))

    // dark.theme: selection = bright on highlight, bright = #ffffff 231 15, highlight = #005f87 24 4.
    let truecolor = ThemePalette(theme: theme, depth: .truecolor).colors(for: .selection)
    #expect(truecolor.foreground == .rgb(255, 255, 255))
    #expect(truecolor.background == .rgb(0, 0x5f, 0x87))

    let indexed = ThemePalette(theme: theme, depth: .palette256).colors(for: .selection)
    #expect(indexed.foreground == .palette256(231))
    #expect(indexed.background == .palette256(24))

    let ansi = ThemePalette(theme: theme, depth: .ansi16).colors(for: .selection)
    #expect(ansi.foreground == .ansi(15))
    #expect(ansi.background == .ansi(4))

    let mono = ThemePalette(theme: theme, depth: .monochrome)
    #expect(mono.colors(for: .selection).foreground == .terminalDefault)
    #expect(mono.needsMonochromeCues)

    // normal = text has no background, so it keeps the terminal's.
    #expect(ThemePalette(theme: theme, depth: .truecolor).colors(for: .normal).background == .terminalDefault)
}

@Test func monoThemeNeedsCuesAtEveryDepth() throws {
    let theme = try ThemeLoader.load(contentsOf: themesFolder.appendingPathComponent("mono.theme"))
    #expect(!theme.usesColor)
    #expect(ThemePalette(theme: theme, depth: .truecolor).needsMonochromeCues)
    #expect(!ThemePalette(theme: .builtin, depth: .truecolor).needsMonochromeCues)
}

@Test func monochromeCuesKeepRolesApart() {
    let selection = MonochromeCue.apply(to: CellStyle(.selection))
    #expect(selection.reverse)
    let muted = MonochromeCue.apply(to: CellStyle(.muted))
    #expect(muted.dim)
    let title = MonochromeCue.apply(to: CellStyle(.title, underline: true))
    #expect(title.bold)
    #expect(title.underline, "attributes already set are kept")
}

@Test(arguments: [
    // (environment, expected depth)
    (["TERM": "xterm-256color", "COLORTERM": "truecolor"], ColorDepth.truecolor),
    (["TERM": "xterm", "COLORTERM": "24bit"], .truecolor),
    (["TERM": "xterm-256color", "COLORTERM": "yes"], .palette256),
    (["TERM": "tmux-256color"], .palette256),
    (["TERM": "xterm"], .ansi16),
    ([:], .ansi16),
    (["TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"], .monochrome),
    (["TERM": "xterm-256color", "NO_COLOR": ""], .palette256),
])
func colorDepthFromEnvironment(environment: [String: String], expected: ColorDepth) {
    #expect(ColorDepth.detect(environment: environment) == expected)
}

/// Broken theme files, each with the error kind, line and key its message must name.
private let brokenThemes: [(name: String, text: String, kind: ThemeError.Kind, line: Int, key: String)] = [
    ("unknown-role", "[palette]\nc = #000000 0 0\n[roles]\n\(validRoles)\nsidebar = c\n", .unknownKey, 4 + StyleRole.allCases.count, "sidebar"),
    ("bad-hex", "[palette]\nc = #00zz00 0 0\n[roles]\n\(validRoles)\n", .badColor, 2, "c"),
    ("short-hex", "[palette]\nc = #fff 0 0\n[roles]\n\(validRoles)\n", .badColor, 2, "c"),
    ("index256-range", "[palette]\nc = #000000 256 0\n[roles]\n\(validRoles)\n", .badColor, 2, "c"),
    ("index16-range", "[palette]\nc = #000000 0 16\n[roles]\n\(validRoles)\n", .badColor, 2, "c"),
    ("missing-fallback", "[palette]\nc = #000000 0\n[roles]\n\(validRoles)\n", .badColor, 2, "c"),
    ("missing-role", "[palette]\nc = #000000 0 0\n[roles]\nnormal = c\n", .missingRole, 0, "muted"),
    ("unknown-colour", "[palette]\nc = #000000 0 0\n[roles]\n\(validRoles.replacingOccurrences(of: "title = c", with: "title = teal"))\n", .unknownPaletteName, 6, "teal"),
    ("unknown-background", "[palette]\nc = #000000 0 0\n[roles]\n\(validRoles.replacingOccurrences(of: "normal = c", with: "normal = c on navy"))\n", .unknownPaletteName, 4, "navy"),
    ("unknown-section", "[colours]\n", .unknownSection, 1, "[colours]"),
    // The '#' after a space starts a comment when no '=' came before it, so the key is just "c".
    ("no-equals", "[palette]\nc #000000 0 0\n", .malformedLine, 2, "c"),
    ("duplicate-role", "[palette]\nc = #000000 0 0\n[roles]\n\(validRoles)\nnormal = c\n", .duplicateKey, 4 + StyleRole.allCases.count, "normal"),
]

@Test func brokenThemesFailWithMessage() {
    for broken in brokenThemes {
        let file = "\(broken.name).theme"
        #expect {
            _ = try ThemeParser.parse(broken.text, fileName: file)
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            #expect(error.kind == broken.kind, "\(broken.name)")
            #expect(error.line == broken.line, "\(broken.name)")
            #expect(error.key == broken.key, "\(broken.name)")
            #expect(error.description.contains(file), "\(broken.name): \(error.description)")
            #expect(error.description.contains(broken.key), "\(broken.name): \(error.description)")
            return true
        }
    }
}

@Test func brokenThemeFallsBackToBuiltin() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-themes-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "[palette]\nc = #000000 0 0\n[roles]\nnormal = c\n".write(
        to: folder.appendingPathComponent("broken.theme"), atomically: true, encoding: .utf8)

    let result = ThemeLoader.load("broken", directories: [folder])
    #expect(result.theme.name == "builtin")
    let message = try #require(result.message)
    #expect(message.contains("broken.theme"))
    #expect(message.contains("'muted'"))
    #expect(message.contains("built-in"))

    let missing = ThemeLoader.load("solarized", directories: [folder])
    #expect(missing.theme.name == "builtin")
    #expect(missing.message?.contains("'solarized' not found") == true)
}

@Test func commentsAndDefaultParse() throws {
    let text = "# header\n[palette]\nc = #0a0b0c 1 2   # trailing comment\n[roles]\n"
        + StyleRole.allCases.map { "\($0.rawValue) = default on c" }.joined(separator: "\n")
    let theme = try ThemeParser.parse(text, fileName: "x.theme")
    #expect(theme.palette["c"] == ThemeColor(red: 10, green: 11, blue: 12, index256: 1, index16: 2))
    #expect(theme.roles[.normal] == RoleColors(foreground: nil, background: "c"))
}

@Test func nonHexColourIsReportedAsBadColour() {
    // '#zzzzzz' starts with '#' like a comment, but it is the first word after '=', where the colour belongs.
    #expect {
        _ = try ThemeParser.parse("[palette]\ntext = #zzzzzz 999 7\n", fileName: "broken.theme")
    } throws: { error in
        guard let error = error as? ThemeError else { return false }
        #expect(error.kind == .badColor)
        #expect(error.line == 2)
        #expect(error.description.contains("'#zzzzzz' is not a colour of the form #rrggbb"), "\(error.description)")
        return true
    }
}
