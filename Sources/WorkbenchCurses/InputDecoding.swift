import CNcursesw
import Workbench

/// A key as `get_wch` returned it, before decoding: a typed character or a key code.
public enum RawKey: Sendable, Equatable {
    /// `get_wch` returned `OK`: a Unicode scalar value, control characters included.
    case character(UInt32)
    /// `get_wch` returned `KEY_CODE_YES`: one of the `KEY_*` codes.
    case keyCode(Int32)
}

/// The keys with a fixed meaning that arrive as plain characters rather than key codes.
enum ControlCharacter {
    static let interrupt: UInt32 = 0x03      // Ctrl-C, delivered as a character because the screen runs in raw mode
    static let backspace: UInt32 = 0x08      // Ctrl-H, which some terminals send for Backspace
    static let tab: UInt32 = 0x09
    static let lineFeed: UInt32 = 0x0A
    static let redraw: UInt32 = 0x0C         // Ctrl-L, the usual "repaint the screen" key
    static let carriageReturn: UInt32 = 0x0D
    static let escape: UInt32 = 0x1B
    static let delete: UInt32 = 0x7F         // what most terminals send for Backspace
}

/// Decodes one key from `get_wch` into the core's input, or nil for keys the workbench does not use
/// (other control characters, unknown key codes). `KEY_MOUSE` and `KEY_RESIZE` need more state and are
/// decoded by the screen itself, so they return nil here too.
public func decodeKey(_ key: RawKey) -> TerminalInput? {
    switch key {
    case .character(let value):
        return decodeCharacter(value)
    case .keyCode(let code):
        return decodeKeyCode(code)
    }
}

private func decodeCharacter(_ value: UInt32) -> TerminalInput? {
    switch value {
    case ControlCharacter.interrupt: return .interrupt
    case ControlCharacter.tab: return .tab
    case ControlCharacter.carriageReturn, ControlCharacter.lineFeed: return .enter
    case ControlCharacter.escape: return .escape
    case ControlCharacter.delete, ControlCharacter.backspace: return .backspace
    default: break
    }

    // The remaining C0 controls and C1 controls have no meaning in the workbench.
    guard value >= 0x20, !(0x80..<0xA0).contains(value), let scalar = Unicode.Scalar(value) else { return nil }
    return .character(Character(scalar))
}

/// The highest function key ncurses numbers (`KEY_F(63)` is the last code below `KEY_F0 + 64`).
let maximumFunctionKey: Int32 = 63

private func decodeKeyCode(_ code: Int32) -> TerminalInput? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_BTAB: return .backTab
    case KEY_ENTER: return .enter
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    default: break
    }

    let function = code - nc_key_f(0)
    if function >= 1, function <= maximumFunctionKey {
        return .function(Int(function))
    }
    return nil
}

/// Decodes a mouse event's button state into a press, release or wheel step at grid cell (`x`, `y`), or nil for
/// motion reports and buttons the workbench ignores. A wheel step is checked first because terminals report it
/// as a press of buttons 4 and 5.
public func decodeMouse(buttonState: mmask_t, x: Int, y: Int) -> TerminalInput? {
    let kind: MouseInput.Kind
    if buttonState & nc_button4_pressed() != 0 {
        kind = .wheelUp
    } else if buttonState & nc_button5_pressed() != 0 {
        kind = .wheelDown
    } else if buttonState & (nc_button1_pressed() | nc_button2_pressed() | nc_button3_pressed()) != 0 {
        kind = .press
    } else if buttonState & (nc_button1_released() | nc_button2_released() | nc_button3_released()) != 0 {
        kind = .release
    } else if buttonState & (nc_button1_clicked() | nc_button2_clicked() | nc_button3_clicked()) != 0 {
        // With mouseinterval(0) ncurses reports presses and releases; a click still arrives from some terminals.
        kind = .press
    } else {
        return nil
    }
    return .mouse(MouseInput(kind: kind, x: x, y: y))
}
