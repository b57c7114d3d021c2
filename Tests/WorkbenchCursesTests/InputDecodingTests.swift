import CNcursesw
import Testing
import Workbench
@testable import WorkbenchCurses

@Suite("Input decoding")
struct InputDecodingTests {
    @Test("printable characters pass through")
    func printableCharacters() {
        #expect(decodeKey(.character(UInt32(UInt8(ascii: "a")))) == .character("a"))
        #expect(decodeKey(.character(UInt32(UInt8(ascii: " ")))) == .character(" "))
        // U+00ED LATIN SMALL LETTER I WITH ACUTE arrives from get_wch as one scalar.
        #expect(decodeKey(.character(0xED)) == .character("í"))
        // U+2800 BRAILLE PATTERN BLANK, outside the Basic Latin block.
        #expect(decodeKey(.character(0x2800)) == .character("\u{2800}"))
        // Wide scalars arrive whole too: U+5FC3 (CJK), U+1F600 (emoji, outside the Basic Multilingual Plane).
        #expect(decodeKey(.character(0x5FC3)) == .character("心"))
        #expect(decodeKey(.character(0x1F600)) == .character("😀"))
    }

    @Test("control characters map to keys", arguments: [
        (UInt32(0x03), TerminalInput.interrupt),
        (0x09, .tab),
        (0x0D, .enter),
        (0x0A, .enter),
        (0x1B, .escape),
        (0x7F, .backspace),
        (0x08, .backspace),
    ])
    func controlCharacters(value: UInt32, expected: TerminalInput) {
        #expect(decodeKey(.character(value)) == expected)
    }

    @Test("unused control characters are dropped", arguments: [UInt32(0x00), 0x01, 0x0C, 0x1F, 0x80, 0x85, 0x9F])
    func unusedControlCharacters(value: UInt32) {
        #expect(decodeKey(.character(value)) == nil)
    }

    @Test("key codes map to keys", arguments: [
        (KEY_UP, TerminalInput.up),
        (KEY_DOWN, .down),
        (KEY_LEFT, .left),
        (KEY_RIGHT, .right),
        (KEY_PPAGE, .pageUp),
        (KEY_NPAGE, .pageDown),
        (KEY_HOME, .home),
        (KEY_END, .end),
        (KEY_BTAB, .backTab),
        (KEY_ENTER, .enter),
        (KEY_BACKSPACE, .backspace),
        (KEY_DC, .delete),
    ])
    func keyCodes(code: Int32, expected: TerminalInput) {
        #expect(decodeKey(.keyCode(code)) == expected)
    }

    @Test("function keys keep their number")
    func functionKeys() {
        #expect(decodeKey(.keyCode(nc_key_f(1))) == .function(1))
        #expect(decodeKey(.keyCode(nc_key_f(10))) == .function(10))
        #expect(decodeKey(.keyCode(nc_key_f(12))) == .function(12))
        #expect(decodeKey(.keyCode(nc_key_f(63))) == .function(63))
        // KEY_F0 is not a key on any keyboard, and KEY_F(64) is past the range ncurses reserves.
        #expect(decodeKey(.keyCode(nc_key_f(0))) == nil)
        #expect(decodeKey(.keyCode(nc_key_f(64))) == nil)
    }

    @Test("resize and mouse codes left to the screen")
    func screenCodes() {
        #expect(decodeKey(.keyCode(KEY_RESIZE)) == nil)
        #expect(decodeKey(.keyCode(KEY_MOUSE)) == nil)
    }

    @Test("mouse buttons decode to press, release and wheel")
    func mouseButtons() {
        #expect(decodeMouse(buttonState: nc_button1_pressed(), x: 3, y: 4) == .mouse(MouseInput(kind: .press, x: 3, y: 4)))
        #expect(decodeMouse(buttonState: nc_button3_pressed(), x: 0, y: 0) == .mouse(MouseInput(kind: .press, x: 0, y: 0)))
        #expect(decodeMouse(buttonState: nc_button1_released(), x: 3, y: 4) == .mouse(MouseInput(kind: .release, x: 3, y: 4)))
        #expect(decodeMouse(buttonState: nc_button1_clicked(), x: 7, y: 1) == .mouse(MouseInput(kind: .press, x: 7, y: 1)))
        #expect(decodeMouse(buttonState: nc_button4_pressed(), x: 10, y: 5) == .mouse(MouseInput(kind: .wheelUp, x: 10, y: 5)))
        #expect(decodeMouse(buttonState: nc_button5_pressed(), x: 10, y: 5) == .mouse(MouseInput(kind: .wheelDown, x: 10, y: 5)))
    }

    @Test("mouse motion alone is dropped")
    func mouseMotion() {
        #expect(decodeMouse(buttonState: nc_report_mouse_position(), x: 1, y: 1) == nil)
        #expect(decodeMouse(buttonState: 0, x: 1, y: 1) == nil)
    }
}
