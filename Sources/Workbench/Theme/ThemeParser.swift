/// Reads the `.theme` format.
///
/// ```
/// [palette]
/// cyan = #5fd7ff  81  14          # name = #rrggbb INDEX256 INDEX16
/// [roles]
/// selection = bright on highlight # role = FOREGROUND [on BACKGROUND]; "default" is the terminal's colour
/// ```
/// Blank lines and text after `#` (when `#` starts the line or follows a space) are ignored, except a `#` word that
/// is a colour value.
public enum ThemeParser {
    private enum Section { case none, palette, roles }

    /// Parses `text`; `fileName` goes into error messages.
    /// - Throws: `ThemeError` naming the line and key of the first problem found.
    public static func parse(_ text: String, fileName: String) throws(ThemeError) -> Theme {
        var section = Section.none
        var palette: [String: ThemeColor] = [:]
        var roleLines: [(role: StyleRole, foreground: String, background: String?, line: Int)] = []
        var roleNames: Set<StyleRole> = []

        func fail(_ kind: ThemeError.Kind, _ line: Int, _ key: String, _ message: String) -> ThemeError {
            ThemeError(kind: kind, file: fileName, line: line, key: key, message: message)
        }

        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = stripComment(rawLine)
            if line.isEmpty { continue }

            if line.hasPrefix("[") {
                switch line {
                case "[palette]": section = .palette
                case "[roles]": section = .roles
                default: throw fail(.unknownSection, lineNumber, line, "unknown section, use [palette] or [roles]")
                }
                continue
            }

            guard let equals = line.firstIndex(of: "=") else {
                throw fail(.malformedLine, lineNumber, line, "invalid line, expected 'key = value'")
            }
            let key = line[..<equals].trimmingSpaces
            let words = line[line.index(after: equals)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)

            switch section {
            case .none:
                throw fail(.malformedLine, lineNumber, key, "key before any section, start the file with [palette]")

            case .palette:
                guard palette[key] == nil else { throw fail(.duplicateKey, lineNumber, key, "palette name defined twice") }
                guard key != "default" else { throw fail(.unknownKey, lineNumber, key, "'default' is reserved for the terminal's colour") }
                palette[key] = try parseColor(words, line: lineNumber, key: key, fail: fail)

            case .roles:
                guard let role = StyleRole(rawValue: key) else {
                    let known = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail(.unknownKey, lineNumber, key, "unknown role, expected one of: \(known)")
                }
                guard roleNames.insert(role).inserted else { throw fail(.duplicateKey, lineNumber, key, "role defined twice") }
                switch words.count {
                case 1: roleLines.append((role, words[0], nil, lineNumber))
                case 3 where words[1] == "on": roleLines.append((role, words[0], words[2], lineNumber))
                default: throw fail(.malformedLine, lineNumber, key, "expected 'FOREGROUND' or 'FOREGROUND on BACKGROUND'")
                }
            }
        }

        // Roles may name palette colours defined further down, so names resolve after the whole file is read.
        var roles: [StyleRole: RoleColors] = [:]
        for entry in roleLines {
            func resolve(_ name: String) throws(ThemeError) -> String? {
                if name == "default" { return nil }
                guard palette[name] != nil else {
                    throw fail(.unknownPaletteName, entry.line, name, "colour of role '\(entry.role.rawValue)' is not in [palette], define it there or use 'default'")
                }
                return name
            }
            let foreground = try resolve(entry.foreground)
            let background = try entry.background.map { (name) throws(ThemeError) in try resolve(name) } ?? nil
            roles[entry.role] = RoleColors(foreground: foreground, background: background)
        }

        if let missing = StyleRole.allCases.first(where: { roles[$0] == nil }) {
            throw fail(.missingRole, 0, missing.rawValue, "role missing from [roles], add a line '\(missing.rawValue) = COLOUR'")
        }

        let name = fileName.split(separator: "/").last.map { String($0) } ?? fileName
        let baseName = name.hasSuffix(".theme") ? String(name.dropLast(6)) : name
        return Theme(name: baseName, palette: palette, roles: roles)
    }

    private static func parseColor(
        _ words: [String], line: Int, key: String, fail: (ThemeError.Kind, Int, String, String) -> ThemeError
    ) throws(ThemeError) -> ThemeColor {
        guard words.count == 3 else {
            throw fail(.badColor, line, key, "expected '#rrggbb INDEX256 INDEX16', got \(words.count) values")
        }
        let hex = words[0]
        guard hex.utf8.count == 7, hex.hasPrefix("#"), let rgb = UInt32(hex.dropFirst(), radix: 16) else {
            throw fail(.badColor, line, key, "'\(hex)' is not a colour of the form #rrggbb")
        }
        guard let index256 = Int(words[1]), (0...255).contains(index256) else {
            throw fail(.badColor, line, key, "'\(words[1])' is not a 256-colour index in 0...255")
        }
        guard let index16 = Int(words[2]), (0...15).contains(index16) else {
            throw fail(.badColor, line, key, "'\(words[2])' is not a 16-colour index in 0...15")
        }
        return ThemeColor(
            red: UInt8(rgb >> 16 & 0xff), green: UInt8(rgb >> 8 & 0xff), blue: UInt8(rgb & 0xff), index256: index256, index16: index16)
    }

    /// Returns the line without its comment and surrounding spaces. A `#` counts as a comment only at the start or after
    /// a space, so `#rrggbb` values survive.
    private static func stripComment(_ line: Substring) -> String {
        var previous: Character = " "
        var end = line.endIndex
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" {
                let rest = line[line.index(after: index)...]
                // A colour value is '#' followed by a hex digit, or any '#' word right after '=' so that a bad
                // value such as '#zzzzzz' is reported as a bad colour. A comment is anything else.
                let isFirstValue = line[..<index].trimmingSpaces.hasSuffix("=")
                if let next = rest.first, next.isHexDigit || (isFirstValue && next != " " && next != "\t"), line[..<index].contains("=") {
                    previous = line[index]
                    continue
                }
                end = index
                break
            }
            previous = line[index]
        }
        return line[..<end].trimmingSpaces
    }
}

extension Substring {
    var trimmingSpaces: String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
