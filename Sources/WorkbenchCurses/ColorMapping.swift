import Workbench

/// How many colours the terminal can show, from the least to the most.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    /// No colour: `NO_COLOR` is set or the terminal has none. Bold, reverse, underline and dim still show.
    case monochrome
    /// The 8 basic ANSI colours.
    case ansi8
    /// The 8 basic and 8 bright ANSI colours.
    case ansi16
    /// The xterm 256-colour palette.
    case palette256
    /// 24-bit colour as direct colour numbers (a terminfo entry with 2^24 colours).
    case trueColor

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Picks the colour depth from the environment and what ncurses reports after `start_color()`.
///
/// - `NO_COLOR` set to any non-empty value gives `.monochrome`, as no-color.org defines it.
/// - `colorCount` of 2^24 or more (a direct-colour terminfo entry such as xterm-direct) gives `.trueColor`.
/// - Otherwise 256, 16 or 8 colours by `colorCount`. `COLORTERM=truecolor` alone does not give `.trueColor`:
///   ncurses could only draw 24-bit colour there by redefining palette entries, and many terminals (tmux among
///   them) ignore the redefinition, so the redefined entries show their old colours, mostly greys.
public func detectColorDepth(environment: [String: String], hasColors: Bool, colorCount: Int) -> ColorDepth {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    guard hasColors, colorCount >= 8 else { return .monochrome }

    if colorCount >= directColorCount { return .trueColor }
    if colorCount >= 256 { return .palette256 }
    if colorCount >= 16 { return .ansi16 }
    return .ansi8
}

/// The number of colours a direct-colour terminfo entry reports: colour numbers there are 0xRRGGBB.
let directColorCount = 1 << 24

/// A theme colour reduced to what the terminal can show.
public enum ResolvedColor: Sendable, Hashable {
    /// The terminal's own foreground or background (ncurses colour -1 after `use_default_colors`).
    case terminalDefault
    /// A palette index: 0...7, 0...15 or 0...255 depending on the depth.
    case index(Int)
    /// A 24-bit colour, produced only at `.trueColor`.
    case rgb(UInt8, UInt8, UInt8)
}

/// Reduces `color` to `depth`: 24-bit colours go to the nearest xterm 256-colour entry, 256-colour entries to the
/// nearest of the 16 ANSI colours, and bright ANSI colours to their basic ones at 8 colours. At `.monochrome`
/// every colour becomes the terminal default.
public func resolveColor(_ color: TerminalColor, depth: ColorDepth) -> ResolvedColor {
    switch (color, depth) {
    case (.terminalDefault, _), (_, .monochrome):
        return .terminalDefault

    case (.ansi(let index), _):
        let clamped = min(max(index, 0), 15)
        return .index(depth == .ansi8 ? clamped % 8 : clamped)

    case (.palette256(let index), .palette256), (.palette256(let index), .trueColor):
        return .index(min(max(index, 0), 255))
    case (.palette256(let index), _):
        let clamped = min(max(index, 0), 255)
        if clamped < 16 { return .index(depth == .ansi8 ? clamped % 8 : clamped) }
        let (red, green, blue) = xtermPaletteRGB(clamped)
        return .index(nearestANSIColor(red: red, green: green, blue: blue, count: depth == .ansi8 ? 8 : 16))

    case (.rgb(let red, let green, let blue), .trueColor):
        return .rgb(red, green, blue)
    case (.rgb(let red, let green, let blue), .palette256):
        return .index(nearestPalette256Color(red: red, green: green, blue: blue))
    case (.rgb(let red, let green, let blue), _):
        return .index(nearestANSIColor(red: Int(red), green: Int(green), blue: Int(blue), count: depth == .ansi8 ? 8 : 16))
    }
}

// MARK: - The xterm palette

/// The six levels of each channel in the xterm 6×6×6 colour cube (entries 16...231).
let xtermCubeLevels = [0, 95, 135, 175, 215, 255]

/// xterm's default RGB for the 16 ANSI colours (its `XTerm` app-defaults). Other terminals differ a little, which
/// is why 24-bit colours are never mapped onto these 16 at 256 colours or more.
let xtermANSIColors: [(Int, Int, Int)] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]

/// Returns the RGB of xterm 256-colour entry `index`: the 16 ANSI colours, the 6×6×6 cube, then 24 greys from 8 to 238.
func xtermPaletteRGB(_ index: Int) -> (Int, Int, Int) {
    if index < 16 { return xtermANSIColors[index] }
    if index < 232 {
        let cube = index - 16
        return (xtermCubeLevels[cube / 36], xtermCubeLevels[(cube / 6) % 6], xtermCubeLevels[cube % 6])
    }
    let grey = 8 + 10 * (index - 232)
    return (grey, grey, grey)
}

/// Finds the 256-colour entry nearest to an RGB colour by squared Euclidean distance, among the cube (16...231) and the
/// grey ramp (232...255). Entries 0...15 are skipped because terminals redefine them freely.
func nearestPalette256Color(red: UInt8, green: UInt8, blue: UInt8) -> Int {
    let channels = [Int(red), Int(green), Int(blue)]

    // The cube is separable, so the nearest cube entry takes the nearest level of each channel.
    let levels = channels.map { value in
        xtermCubeLevels.indices.min { abs(xtermCubeLevels[$0] - value) < abs(xtermCubeLevels[$1] - value) }!
    }
    let cubeIndex = 16 + 36 * levels[0] + 6 * levels[1] + levels[2]

    // The grey ramp is one-dimensional: round the mean to the nearest of 8, 18, ..., 238.
    let mean = channels.reduce(0, +) / 3
    let greyStep = min(max((mean - 8 + 5) / 10, 0), 23)
    let greyIndex = 232 + greyStep

    return squaredDistance(channels, xtermPaletteRGB(cubeIndex)) <= squaredDistance(channels, xtermPaletteRGB(greyIndex))
        ? cubeIndex : greyIndex
}

/// Finds the nearest of the first `count` (8 or 16) ANSI colours to an RGB colour, by squared distance to xterm's defaults.
func nearestANSIColor(red: Int, green: Int, blue: Int, count: Int) -> Int {
    let channels = [red, green, blue]
    return (0..<count).min { squaredDistance(channels, xtermANSIColors[$0]) < squaredDistance(channels, xtermANSIColors[$1]) }!
}

private func squaredDistance(_ channels: [Int], _ color: (Int, Int, Int)) -> Int {
    let dr = channels[0] - color.0
    let dg = channels[1] - color.1
    let db = channels[2] - color.2
    return dr * dr + dg * dg + db * db
}
