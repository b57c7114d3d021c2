/// A run of text with one style, for rows that mix styles such as highlighted search matches.
struct StyledSpan: Equatable {
    var text: String
    var style: CellStyle

    init(_ text: String, _ style: CellStyle = .normal) {
        self.text = text
        self.style = style
    }

    /// Splits `text` into spans in `base` style with the characters at `matches` (Character offsets) in `match` style.
    static func highlighted(_ text: String, matches: [Range<Int>], base: CellStyle, match: CellStyle) -> [StyledSpan] {
        guard !matches.isEmpty else { return [StyledSpan(text, base)] }
        var spans: [StyledSpan] = []
        var current = ""
        var currentIsMatch = false
        for (offset, character) in text.enumerated() {
            let isMatch = matches.contains { $0.contains(offset) }
            if isMatch != currentIsMatch, !current.isEmpty {
                spans.append(StyledSpan(current, currentIsMatch ? match : base))
                current = ""
            }
            currentIsMatch = isMatch
            current.append(character)
        }
        if !current.isEmpty { spans.append(StyledSpan(current, currentIsMatch ? match : base)) }
        return spans
    }
}

extension CellGrid {
    /// Writes `spans` one after another from column `x` of row `y`, clipped to `width` cells and ending in `…` in
    /// the style of the cut span when they do not fit. Returns the cells written.
    @discardableResult
    mutating func writeSpans(_ spans: [StyledSpan], x: Int, y: Int, width: Int) -> Int {
        guard width > 0 else { return 0 }
        let total = spans.reduce(0) { $0 + Columns.cellCount($1.text) }
        let room = total <= width ? width : width - 1
        var column = 0
        for span in spans {
            for scalar in span.text.unicodeScalars {
                guard column + Self.cellWidth(of: scalar) <= room else {
                    self[x + column, y] = Cell("…", style: span.style)
                    return column + 1
                }
                column += write(String(scalar), x: x + column, y: y, style: span.style)
            }
        }
        return column
    }
}
