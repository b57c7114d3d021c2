/// A line of pane text with one style, the unit the scrolling panes lay out.
public struct StyledLine: Sendable, Equatable {
    public var text: String
    public var style: CellStyle

    public init(_ text: String, _ style: CellStyle = .normal) {
        self.text = text
        self.style = style
    }
}

/// Keeps a list selection inside `count` rows and its scroll offset such that it stays within `visibleRows`.
struct ScrollPosition {
    static func clamp(selected: inout Int, scroll: inout Int, count: Int, visibleRows: Int) {
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
        let rows = max(1, visibleRows)
        if selected < scroll { scroll = selected }
        if selected >= scroll + rows { scroll = selected - rows + 1 }
        scroll = max(0, min(scroll, max(0, count - rows)))
    }
}
