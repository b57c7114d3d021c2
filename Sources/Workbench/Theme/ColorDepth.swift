/// How many colours the terminal can draw, chosen from its environment variables.
public enum ColorDepth: String, Sendable, CaseIterable {
    case monochrome
    case ansi16
    case palette256
    case truecolor

    /// Picks the depth from `NO_COLOR`, `COLORTERM` and `TERM`.
    ///
    /// A non-empty `NO_COLOR` forces monochrome (https://no-color.org). Truecolor needs `COLORTERM` to be
    /// `truecolor` or `24bit`, because a terminal without 24-bit support draws
    /// those escapes as wrong colours, and `COLORTERM` is how terminals announce that support. Otherwise a
    /// `TERM` containing `256color` gives 256 colours, and anything else 16.
    public static func detect(environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        if (environment["TERM"] ?? "").contains("256color") { return .palette256 }
        return .ansi16
    }
}

/// Attributes that keep roles apart when there is no colour.
public struct MonochromeCue: Sendable, Hashable {
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    /// Returns the cue of each role: selections and inputs reversed, titles and headers bold, muted text dim.
    public static func cue(for role: StyleRole) -> MonochromeCue {
        switch role {
        case .normal, .border, .chartLine: MonochromeCue()
        case .muted, .chartSecondary: MonochromeCue(dim: true)
        case .title, .borderFocused, .accent, .positive: MonochromeCue(bold: true)
        case .header: MonochromeCue(bold: true, underline: true)
        case .selection, .statusBar, .input: MonochromeCue(reverse: true)
        case .negative, .warning: MonochromeCue(bold: true, underline: true)
        }
    }

    /// Returns `style` with its role's cue added to the attributes it already has.
    public static func apply(to style: CellStyle) -> CellStyle {
        let cue = cue(for: style.role)
        var result = style
        result.bold = style.bold || cue.bold
        result.reverse = style.reverse || cue.reverse
        result.underline = style.underline || cue.underline
        result.dim = style.dim || cue.dim
        return result
    }
}

/// The colours of a theme resolved at one colour depth; this is what the front end draws with.
public struct ThemePalette: TerminalPalette, Sendable {
    public let theme: Theme
    public let depth: ColorDepth
    private let resolved: [StyleRole: (foreground: TerminalColor, background: TerminalColor)]

    public init(theme: Theme, depth: ColorDepth) {
        self.theme = theme
        self.depth = depth
        var resolved: [StyleRole: (foreground: TerminalColor, background: TerminalColor)] = [:]
        for role in StyleRole.allCases {
            let colors = theme.roles[role] ?? RoleColors(foreground: nil, background: nil)
            resolved[role] = (Self.color(colors.foreground, theme: theme, depth: depth), Self.color(colors.background, theme: theme, depth: depth))
        }
        self.resolved = resolved
    }

    /// True when cells need the monochrome cues: no colour at this depth, or a theme that uses none.
    public var needsMonochromeCues: Bool {
        depth == .monochrome || !theme.usesColor
    }

    public func colors(for role: StyleRole) -> (foreground: TerminalColor, background: TerminalColor) {
        resolved[role] ?? (.terminalDefault, .terminalDefault)
    }

    private static func color(_ name: String?, theme: Theme, depth: ColorDepth) -> TerminalColor {
        guard let name, let color = theme.palette[name] else { return .terminalDefault }
        switch depth {
        case .monochrome: return .terminalDefault
        case .ansi16: return .ansi(color.index16)
        case .palette256: return .palette256(color.index256)
        case .truecolor: return .rgb(color.red, color.green, color.blue)
        }
    }
}
