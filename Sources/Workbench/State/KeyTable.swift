/// The action of a key, independent of which key it is.
public enum WorkbenchCommand: Sendable, Equatable {
    case quit
    case close
    case nextPane
    case previousPane
    case focus(PaneID)
    case up
    case down
    case left
    case right
    case top
    case bottom
    case pageUp
    case pageDown
    case search
    case nextMatch
    case previousMatch
    case help
    case zoom
    case cycleSort
    case activate
    case increase
    case decrease
    case cycleGlyphs
}

/// One row of the key table: the keys, the command, the panes it applies to, and its help text.
public struct KeyBinding: Sendable {
    public var inputs: [TerminalInput]
    /// The keys as the help shows them (`j ↓`).
    public var label: String
    public var command: WorkbenchCommand
    /// Panes where this row applies; nil for every pane. A pane row wins over a row for every pane.
    public var panes: Set<PaneID>?
    public var help: String

    public init(_ inputs: [TerminalInput], _ label: String, _ command: WorkbenchCommand, panes: Set<PaneID>? = nil, _ help: String) {
        self.inputs = inputs
        self.label = label
        self.command = command
        self.panes = panes
        self.help = help
    }
}

/// The single key table: the reducer looks keys up in it and the `?` help is generated from it.
public enum KeyTable {
    private static func keys(_ characters: String) -> [TerminalInput] {
        characters.map { .character($0) }
    }

    public static let bindings: [KeyBinding] = [
        // Pane-specific rows come first, so they win over the rows for every pane.
        KeyBinding(keys("h") + [.left], "h ←", .left, panes: [.patient], "previous admission"),
        KeyBinding(keys("l") + [.right], "l →", .right, panes: [.patient], "next admission"),
        KeyBinding(keys("/"), "/", .search, panes: [.patient], "search the admission's events"),
        KeyBinding(keys("n"), "n", .nextMatch, panes: [.patient], "next line that matches the search"),
        KeyBinding(keys("N"), "N", .previousMatch, panes: [.patient], "previous line that matches the search"),

        KeyBinding(keys("/"), "/", .search, panes: [.dataset], "filter patients by id, sex or age"),
        KeyBinding(keys("s"), "s", .cycleSort, panes: [.dataset], "sort patients by id, age, admissions, events"),
        KeyBinding(keys("n"), "n", .nextMatch, panes: [.dataset], "next patient in the filtered list"),
        KeyBinding(keys("N"), "N", .previousMatch, panes: [.dataset], "previous patient in the filtered list"),
        KeyBinding([.enter], "Enter", .activate, panes: [.dataset], "open the patient in the Patient pane"),
        KeyBinding([.escape], "Esc", .close, panes: [.dataset], "close help, search or zoom, else clear the filter"),

        KeyBinding(keys("h") + [.left], "h ←", .left, panes: [.task], "previous task"),
        KeyBinding(keys("l") + [.right], "l →", .right, panes: [.task], "next task"),
        KeyBinding([.enter], "Enter", .activate, panes: [.task], "build the task's samples in the background"),
        KeyBinding(keys("+="), "+", .increase, panes: [.task], "longer readmission window"),
        KeyBinding(keys("-"), "-", .decrease, panes: [.task], "shorter readmission window"),
        KeyBinding(keys("n"), "n", .nextMatch, panes: [.task], "next sample of the patient"),
        KeyBinding(keys("N"), "N", .previousMatch, panes: [.task], "previous sample of the patient"),

        // The settings sit on one row, so every direction key moves between them.
        KeyBinding(keys("h") + [.left], "h ←", .left, panes: [.training], "previous setting"),
        KeyBinding(keys("l") + [.right], "l →", .right, panes: [.training], "next setting"),
        KeyBinding(keys("k") + [.up], "k ↑", .left, panes: [.training], "previous setting"),
        KeyBinding(keys("j") + [.down], "j ↓", .right, panes: [.training], "next setting"),
        KeyBinding(keys("+="), "+", .increase, panes: [.training], "increase the selected setting"),
        KeyBinding(keys("-"), "-", .decrease, panes: [.training], "decrease the selected setting"),
        KeyBinding([.enter], "Enter", .activate, panes: [.training], "start training, or stop the running one"),

        KeyBinding(keys("/"), "/", .search, panes: [.codes], "type to search codes and titles"),
        KeyBinding(keys("n"), "n", .nextMatch, panes: [.codes], "next result"),
        KeyBinding(keys("N"), "N", .previousMatch, panes: [.codes], "previous result"),
        KeyBinding(keys("s") + [.right], "s →", .right, panes: [.codes], "next system filter: All, ICD9CM, ICD9PROC, …; → works while typing"),
        KeyBinding(keys("S") + [.left], "S ←", .left, panes: [.codes], "previous system filter; ← works while typing"),
        KeyBinding([.escape], "Esc", .close, panes: [.codes], "close help, search or zoom, else clear the query"),

        KeyBinding(keys("q"), "q", .quit, "quit"),
        KeyBinding([.escape], "Esc", .close, "close help, search or zoom"),
        KeyBinding([.tab], "Tab", .nextPane, "next pane"),
        KeyBinding([.backTab], "S-Tab", .previousPane, "previous pane"),
        KeyBinding(keys("1"), "1", .focus(.dataset), "Dataset pane"),
        KeyBinding(keys("2"), "2", .focus(.patient), "Patient pane"),
        KeyBinding(keys("3"), "3", .focus(.task), "Task pane"),
        KeyBinding(keys("4"), "4", .focus(.training), "Training pane"),
        KeyBinding(keys("5"), "5", .focus(.codes), "Codes pane"),
        KeyBinding(keys("k") + [.up], "k ↑", .up, "move up"),
        KeyBinding(keys("j") + [.down], "j ↓", .down, "move down"),
        KeyBinding(keys("g") + [.home], "g Home", .top, "first row"),
        KeyBinding(keys("G") + [.end], "G End", .bottom, "last row"),
        KeyBinding([.pageUp], "PgUp", .pageUp, "page up"),
        KeyBinding([.pageDown], "PgDn", .pageDown, "page down"),
        KeyBinding(keys("z"), "z", .zoom, "zoom the pane to the whole screen, or back"),
        KeyBinding(keys("c"), "c", .cycleGlyphs, "chart characters: braille, blocks, ASCII"),
        KeyBinding(keys("?"), "?", .help, "show this help; j k PgUp PgDn scroll it"),
    ]

    /// Returns the command of `input` in `pane`, or nil for a key without one.
    public static func command(for input: TerminalInput, in pane: PaneID) -> WorkbenchCommand? {
        binding(for: input, in: pane)?.command
    }

    static func binding(for input: TerminalInput, in pane: PaneID) -> KeyBinding? {
        bindings.first { binding in
            binding.inputs.contains(input) && (binding.panes?.contains(pane) ?? true)
        }
    }

    /// Returns the rows the help of `pane` lists: the pane's own rows, then the rows for every pane whose keys no pane
    /// row takes.
    public static func help(for pane: PaneID) -> [KeyBinding] {
        let own = bindings.filter { $0.panes?.contains(pane) == true }
        let shadowed = Set(own.map(\.label))
        let shared = bindings.filter { $0.panes == nil && !shadowed.contains($0.label) }
        return own + shared
    }
}
