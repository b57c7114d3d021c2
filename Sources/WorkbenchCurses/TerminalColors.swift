@preconcurrency import CNcursesw
import Workbench

/// The colour pair of every style role at the terminal's depth, and the attributes of a cell style.
/// Pair `n + 1` belongs to the `n`-th role of `StyleRole.allCases`; pair 0 is the terminal's default.
struct TerminalColors {
    let depth: ColorDepth
    /// True when `use_default_colors()` succeeded, so colour -1 means the terminal's own colour.
    let hasDefaultColors: Bool
    let colorCount: Int
    let pairCount: Int

    private var currentColors: [TerminalColor] = []
    private var pairByRole: [StyleRole: Int32] = [:]

    init(depth: ColorDepth, hasDefaultColors: Bool, colorCount: Int, pairCount: Int) {
        self.depth = depth
        self.hasDefaultColors = hasDefaultColors
        self.colorCount = colorCount
        self.pairCount = pairCount
    }

    /// Initialises a colour pair per role from `palette`. Returns false when the palette's colours are the ones
    /// already in use, so a caller can call this every frame and repaint only after a theme change.
    @discardableResult
    mutating func apply(_ palette: any TerminalPalette) -> Bool {
        let roles = StyleRole.allCases
        let requested = roles.flatMap { role -> [TerminalColor] in
            let colors = palette.colors(for: role)
            return [colors.foreground, colors.background]
        }
        guard requested != currentColors else { return false }
        currentColors = requested
        pairByRole = [:]
        guard depth != .monochrome else { return true }

        for (offset, role) in roles.enumerated() {
            let pair = Int32(offset + 1)
            guard pair < pairCount else { break }

            let foreground = colorNumber(resolveColor(requested[2 * offset], depth: depth), isForeground: true)
            let background = colorNumber(resolveColor(requested[2 * offset + 1], depth: depth), isForeground: false)
            if init_extended_pair(pair, foreground, background) == OK {
                pairByRole[role] = pair
            }
        }
        return true
    }

    /// Returns the curses attributes and colour pair that draw `style`. In monochrome the roles that would otherwise look
    /// like plain text get a cue: selection and status bar reversed, titles and headers bold, muted text dim.
    func attributesAndPair(for style: CellStyle) -> (attr_t, Int32) {
        var attributes = nc_a_normal()
        if style.bold { attributes |= nc_a_bold() }
        if style.reverse { attributes |= nc_a_reverse() }
        if style.underline { attributes |= nc_a_underline() }
        if style.dim { attributes |= nc_a_dim() }

        if depth == .monochrome {
            switch style.role {
            case .selection, .statusBar: attributes |= nc_a_reverse()
            case .title, .header, .borderFocused: attributes |= nc_a_bold()
            case .muted: attributes |= nc_a_dim()
            default: break
            }
        }
        return (attributes, pairByRole[style.role] ?? 0)
    }

    private func colorNumber(_ color: ResolvedColor, isForeground: Bool) -> Int32 {
        switch color {
        case .terminalDefault:
            // Without default-colour support, fall back to white on black, the classic terminal colours.
            if hasDefaultColors { return -1 }
            return isForeground ? Int32(COLOR_WHITE) : Int32(COLOR_BLACK)

        case .index(let index):
            return Int32(min(index, colorCount - 1))

        case .rgb(let red, let green, let blue):
            // A direct-colour terminal takes 0xRRGGBB as the colour number.
            if colorCount >= directColorCount {
                return Int32(red) << 16 | Int32(green) << 8 | Int32(blue)
            }
            // Palette entries are never redefined (see `detectColorDepth`), so the nearest entry is used.
            // NOTE: a theme whose #rrggbb differs from its INDEX256 gets the nearest entry here, not its INDEX256,
            // because the core hands over only the 24-bit value when COLORTERM is set.
            return Int32(min(nearestPalette256Color(red: red, green: green, blue: blue), colorCount - 1))
        }
    }
}
