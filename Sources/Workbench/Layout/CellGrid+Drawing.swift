extension CellGrid {
    /// Fills `rect` with `cell`, clipped to the grid.
    public mutating func fill(_ rect: GridRect, with cell: Cell = Cell()) {
        for row in max(0, rect.y)..<min(height, rect.maxY) {
            for column in max(0, rect.x)..<min(width, rect.maxX) { self[column, row] = cell }
        }
    }

    /// Draws a single-line box around `rect` with `title` in its top edge (`┌─ title ───┐`).
    public mutating func drawBox(_ rect: GridRect, title: String, focused: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let style = CellStyle(focused ? .borderFocused : .border, bold: focused)
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        for column in rect.x + 1..<right {
            self[column, rect.y] = Cell("─", style: style)
            self[column, bottom] = Cell("─", style: style)
        }
        for row in rect.y + 1..<bottom {
            self[rect.x, row] = Cell("│", style: style)
            self[right, row] = Cell("│", style: style)
        }
        self[rect.x, rect.y] = Cell("┌", style: style)
        self[right, rect.y] = Cell("┐", style: style)
        self[rect.x, bottom] = Cell("└", style: style)
        self[right, bottom] = Cell("┘", style: style)
        if rect.width > 6 {
            write(" \(title) ", x: rect.x + 2, y: rect.y, style: CellStyle(.title, bold: focused), maxWidth: rect.width - 4)
        }
    }

    /// Writes `text` clipped to `width` cells, ending in `…` when it was cut. Returns the cells written.
    @discardableResult
    public mutating func writeClipped(_ text: String, x: Int, y: Int, width: Int, style: CellStyle = .normal) -> Int {
        guard width > 0 else { return 0 }
        if Columns.cellCount(text) <= width { return write(text, x: x, y: y, style: style, maxWidth: width) }
        var clipped = String.UnicodeScalarView()
        var cells = 0
        for scalar in text.unicodeScalars {
            let cellCount = Self.cellWidth(of: scalar)
            guard cells + cellCount <= width - 1 else { break }
            clipped.append(scalar)
            cells += cellCount
        }
        clipped.append("…")
        return write(String(clipped), x: x, y: y, style: style, maxWidth: width)
    }

    /// Writes `text` word-wrapped into `rect`, cutting the last row with `…` when it does not fit. Returns the rows used.
    @discardableResult
    public mutating func writeWrapped(_ text: String, in rect: GridRect, style: CellStyle = .normal) -> Int {
        let lines = Columns.wrap(text, width: rect.width)
        for (offset, line) in lines.prefix(rect.height).enumerated() {
            let isLastShown = offset == rect.height - 1 && lines.count > rect.height
            writeClipped(isLastShown ? line + " …" : line, x: rect.x, y: rect.y + offset, width: rect.width, style: style)
        }
        return min(lines.count, rect.height)
    }

    /// Applies `style` to the cells of row `y` from `x` for `width` cells, keeping their characters.
    public mutating func restyle(row y: Int, x: Int, width: Int, style: CellStyle) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(self.width, x + width) {
            // The style changes in place, so the halves of a wide scalar stay together.
            var cell = self[column, y]
            cell.style = style
            cells[y * self.width + column] = cell
        }
    }
}

/// Text helpers for fixed-width columns.
enum Columns {
    /// Returns the number of cells `text` covers, counting a wide scalar as two (see `CellGrid.cellWidth`).
    static func cellCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + CellGrid.cellWidth(of: $1) }
    }

    /// Pads `text` with spaces on the left to `width` scalars, for numbers.
    static func right(_ text: String, _ width: Int) -> String {
        let count = text.unicodeScalars.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }

    /// Pads `text` with spaces on the right to `width` scalars, or cuts it to that width.
    static func left(_ text: String, _ width: Int) -> String {
        let count = text.unicodeScalars.count
        if count >= width { return String(String.UnicodeScalarView(text.unicodeScalars.prefix(width))) }
        return text + String(repeating: " ", count: width - count)
    }

    /// Pads `text` with spaces on the right to at least `width` scalars, never cutting it, for codes.
    static func padded(_ text: String, _ width: Int) -> String {
        let count = text.unicodeScalars.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    /// Formats an integer with thousands separators (`10,398`).
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// Splits `text` into lines of at most `width` scalars at spaces. A word longer than a line is cut into pieces.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var rest = Substring.UnicodeScalarView(word.unicodeScalars)
            if !line.isEmpty, line.count + 1 + rest.count <= width {
                line.append(" ")
                line.append(contentsOf: rest)
                continue
            }
            if !line.isEmpty { lines.append(String(line)) }
            while rest.count > width {
                lines.append(String(String.UnicodeScalarView(rest.prefix(width))))
                rest = rest.dropFirst(width)
            }
            line = String.UnicodeScalarView(rest)
        }
        if !line.isEmpty { lines.append(String(line)) }
        return lines
    }

    /// Draws a fraction as a bar of `width` cells, `█` for done and `░` for the rest.
    static func bar(_ fraction: Double, width: Int) -> String {
        let done = Int((min(1, max(0, fraction)) * Double(width)).rounded())
        return String(repeating: "█", count: done) + String(repeating: "░", count: max(0, width - done))
    }
}
