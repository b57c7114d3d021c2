/// A named colour of a theme's palette, with the fallbacks for terminals that cannot draw 24-bit colour.
public struct ThemeColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    /// Index into the xterm 256-colour palette, 0...255.
    public var index256: Int
    /// Index of the ANSI colour used on 16-colour terminals, 0...15.
    public var index16: Int

    public init(red: UInt8, green: UInt8, blue: UInt8, index256: Int, index16: Int) {
        self.red = red
        self.green = green
        self.blue = blue
        self.index256 = index256
        self.index16 = index16
    }
}

/// The colours of one style role: palette names, or nil for the terminal's own colour.
public struct RoleColors: Sendable, Hashable {
    public var foreground: String?
    public var background: String?

    public init(foreground: String?, background: String?) {
        self.foreground = foreground
        self.background = background
    }
}

/// A parsed `.theme` file: a palette of named colours and the colours of every `StyleRole`.
public struct Theme: Sendable {
    /// The file's base name (`dark` for `dark.theme`), or `builtin` for the compiled-in default.
    public var name: String
    public var palette: [String: ThemeColor]
    /// Every `StyleRole` has an entry; the parser rejects a file that leaves one out.
    public var roles: [StyleRole: RoleColors]

    public init(name: String, palette: [String: ThemeColor], roles: [StyleRole: RoleColors]) {
        self.name = name
        self.palette = palette
        self.roles = roles
    }

    /// True when some role has a colour other than the terminal's own.
    /// A theme without one gets the monochrome cues (bold, reverse, underline, dim) at every colour depth.
    public var usesColor: Bool {
        roles.values.contains { $0.foreground != nil || $0.background != nil }
    }

    /// The compiled-in theme, used when a theme file is missing or broken; it is the text of `themes/dark.theme`.
    public static let builtin: Theme = {
        do {
            return try ThemeParser.parse(builtinThemeText, fileName: "builtin")
        } catch {
            preconditionFailure("the built-in theme does not parse: \(error)")
        }
    }()
}

/// A theme file that cannot be used, with the place and the key that broke it.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unknownSection
        case unknownKey
        case malformedLine
        case badColor
        case unknownPaletteName
        case duplicateKey
        case missingRole
        case unreadable
    }

    public var kind: Kind
    /// The file name as given to the parser.
    public var file: String
    /// 1-based line number; 0 when the problem is the file as a whole (a missing role, an unreadable file).
    public var line: Int
    /// The key (palette name or role) or value the problem is about.
    public var key: String
    public var message: String

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return "\(place): \(message) ('\(key)')"
    }
}
