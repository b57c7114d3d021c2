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

        var slots = ColorSlots(reserved: Set(requested.compactMap { color in
            if case .palette256(let index) = color { return index }
            return nil
        }))
        for (offset, role) in roles.enumerated() {
            let pair = Int32(offset + 1)
            guard pair < pairCount else { break }

            let foreground = colorNumber(resolveColor(requested[2 * offset], depth: depth), isForeground: true, slots: &slots)
            let background = colorNumber(resolveColor(requested[2 * offset + 1], depth: depth), isForeground: false, slots: &slots)
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

    private func colorNumber(_ color: ResolvedColor, isForeground: Bool, slots: inout ColorSlots) -> Int32 {
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
            return slots.redefine(red: red, green: green, blue: blue)
        }
    }
}

/// Palette entries taken over for 24-bit colours on terminals that can redefine colours but have no direct colour.
/// Entries are taken from 255 downwards, skipping the ones the palette names by index.
///
/// NOTE: the redefined entries stay changed after the workbench exits unless the terminal's terminfo entry has
/// `oc` (reset original colours), which ncurses sends on `endwin`.
struct ColorSlots {
    private let reserved: Set<Int>
    private var next = 255
    private var assigned: [UInt32: Int32] = [:]

    init(reserved: Set<Int>) { self.reserved = reserved }

    mutating func redefine(red: UInt8, green: UInt8, blue: UInt8) -> Int32 {
        let key = UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue)
        if let slot = assigned[key] { return slot }

        while reserved.contains(next) { next -= 1 }
        // Entries 0...15 are the ANSI colours that other programs' output relies on, so they are never redefined.
        guard next >= 16 else {
            return Int32(nearestPalette256Color(red: red, green: green, blue: blue))
        }

        let slot = Int32(next)
        next -= 1
        // ncurses takes each channel from 0 to 1000.
        init_extended_color(slot, Int32(red) * 1000 / 255, Int32(green) * 1000 / 255, Int32(blue) * 1000 / 255)
        assigned[key] = slot
        return slot
    }
}
