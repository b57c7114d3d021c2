import Testing
import Workbench
@testable import WorkbenchCurses

// The expected palette indices come from the xterm 256-colour layout. Cube entry 16 + 36r + 6g + b has channel
// levels (0, 95, 135, 175, 215, 255)[r, g, b]. Grey ramp entry 232 + i is grey 8 + 10i.
@Suite("Colour mapping")
struct ColorMappingTests {
    @Test("24-bit colours map to the nearest 256-colour entry", arguments: [
        // Exact cube corners and an exact interior entry: (5,0,0) = 196, (0,0,0) = 16, (5,5,5) = 231, (1,2,3) = 67.
        (UInt8(255), UInt8(0), UInt8(0), 196),
        (0, 0, 0, 16),
        (255, 255, 255, 231),
        (95, 135, 175, 67),
        // Grey 128: the nearest cube entry is (135,135,135) at squared distance 3 × 7² = 147, while grey ramp entry
        // 244 is exactly 8 + 10 × 12 = 128, so the ramp wins.
        (128, 128, 128, 244),
        // (100, 140, 180): each channel's nearest level is 95, 135, 175, giving entry 16 + 36 + 12 + 3 = 67 at squared
        // distance 3 × 5² = 75; the nearest grey to the mean 140 is 138 (entry 245) at 38² + 2² + 42² = 3212.
        (100, 140, 180, 67),
    ])
    func nearest256(red: UInt8, green: UInt8, blue: UInt8, expected: Int) {
        #expect(resolveColor(.rgb(red, green, blue), depth: .palette256) == .index(expected))
    }

    @Test("256-colour entries map to the nearest of 16", arguments: [
        // 196 is (255,0,0), exactly ANSI 9; 231 is white, ANSI 15; 16 is black, ANSI 0; 244 is grey 128, one off ANSI 8.
        (196, 9), (231, 15), (16, 0), (244, 8),
        // 21 is (0,0,255): ANSI 4 (0,0,238) is 17² = 289 away, ANSI 12 (92,92,255) is 2 × 92² = 16928 away.
        (21, 4),
        // Entries below 16 are the ANSI colours themselves.
        (3, 3), (13, 13),
    ])
    func nearest16(index: Int, expected: Int) {
        #expect(resolveColor(.palette256(index), depth: .ansi16) == .index(expected))
    }

    @Test("24-bit colours map to the nearest of 16 and of 8")
    func rgbToANSI() {
        #expect(resolveColor(.rgb(92, 92, 255), depth: .ansi16) == .index(12))
        // At 8 colours the bright entries are out, so (255,0,0) goes to ANSI 1 (205,0,0), 50² = 2500 away.
        #expect(resolveColor(.rgb(255, 0, 0), depth: .ansi8) == .index(1))
        #expect(resolveColor(.ansi(9), depth: .ansi8) == .index(1))
        #expect(resolveColor(.ansi(9), depth: .ansi16) == .index(9))
    }

    @Test("true colour keeps 24-bit and 256-colour values")
    func trueColorKeepsValues() {
        #expect(resolveColor(.rgb(1, 2, 3), depth: .trueColor) == .rgb(1, 2, 3))
        #expect(resolveColor(.palette256(200), depth: .trueColor) == .index(200))
        #expect(resolveColor(.palette256(200), depth: .palette256) == .index(200))
    }

    @Test("monochrome drops every colour")
    func monochrome() {
        for color in [TerminalColor.rgb(255, 0, 0), .palette256(100), .ansi(2), .terminalDefault] {
            #expect(resolveColor(color, depth: .monochrome) == .terminalDefault)
        }
    }

    @Test("out-of-range indices are clamped")
    func clamping() {
        #expect(resolveColor(.palette256(300), depth: .palette256) == .index(255))
        #expect(resolveColor(.ansi(-1), depth: .ansi16) == .index(0))
    }

    @Test("colour depth follows the environment and terminfo")
    func depthDetection() {
        let plain: [String: String] = [:]
        #expect(detectColorDepth(environment: plain, hasColors: true, colorCount: 256) == .palette256)
        #expect(detectColorDepth(environment: plain, hasColors: true, colorCount: 16) == .ansi16)
        #expect(detectColorDepth(environment: plain, hasColors: true, colorCount: 8) == .ansi8)
        #expect(detectColorDepth(environment: plain, hasColors: false, colorCount: 0) == .monochrome)
        #expect(detectColorDepth(environment: plain, hasColors: true, colorCount: 1 << 24) == .trueColor)

        // NO_COLOR wins over everything, but only when it is non-empty.
        #expect(detectColorDepth(environment: ["NO_COLOR": "1"], hasColors: true, colorCount: 256) == .monochrome)
        #expect(detectColorDepth(environment: ["NO_COLOR": ""], hasColors: true, colorCount: 256) == .palette256)

        // COLORTERM alone is not enough: ncurses can only show 24-bit colour there by redefining palette entries,
        // which tmux ignores, so only a direct-colour terminfo entry gives 24-bit colour.
        let trueColorTerm = ["COLORTERM": "truecolor"]
        #expect(detectColorDepth(environment: trueColorTerm, hasColors: true, colorCount: 256) == .palette256)
        #expect(detectColorDepth(environment: ["COLORTERM": "24bit"], hasColors: true, colorCount: 256) == .palette256)
        #expect(detectColorDepth(environment: trueColorTerm, hasColors: true, colorCount: 1 << 24) == .trueColor)
        #expect(detectColorDepth(environment: trueColorTerm, hasColors: true, colorCount: 16) == .ansi16)
    }

    @Test("COLORTERM=truecolor on a 256-colour terminal draws the dark theme's own 256-colour indices")
    func trueColorThemeOn256ColorTerminal() {
        // The workbench core hands out 24-bit colours when COLORTERM is truecolor. The front end, at the depth it
        // detects for xterm-256color, must land on the indices the theme file gives for 256 colours.
        let rgb = ThemePalette(theme: .builtin, depth: .truecolor)
        let indexed = ThemePalette(theme: .builtin, depth: .palette256)
        let depth = detectColorDepth(environment: ["COLORTERM": "truecolor"], hasColors: true, colorCount: 256)
        for role in StyleRole.allCases {
            #expect(resolveColor(rgb.colors(for: role).foreground, depth: depth) == resolveColor(indexed.colors(for: role).foreground, depth: depth), "\(role)")
            #expect(resolveColor(rgb.colors(for: role).background, depth: depth) == resolveColor(indexed.colors(for: role).background, depth: depth), "\(role)")
        }
    }
}
