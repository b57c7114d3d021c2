/// The characters a chart is drawn with, from finest to plainest.
public enum ChartGlyphs: String, Sendable, CaseIterable {
    /// Braille patterns (U+2800 to U+28FF): 2 by 4 dots per cell, so a cell shows 2 points with 4 levels each.
    case braille
    /// Lower block elements (U+2581 to U+2588): one value per cell column and 8 levels per cell, drawn as an area.
    case blocks
    /// `*` on the path between points, for terminals and fonts without either of the above.
    case ascii
}

/// A line chart of a series of values, drawn into a rectangle of a `CellGrid`.
///
/// The x axis spreads the points evenly over the rectangle's width, the first at the left edge and the last at
/// the right edge. The y axis runs from `range.lowerBound` at the bottom row to `range.upperBound` at the top. Non-finite values are skipped, and the line breaks there.
public struct LineChart: Sendable {
    public var values: [Double]
    /// The value range of the y axis; nil uses the minimum and maximum of the finite values.
    public var range: ClosedRange<Double>?
    public var glyphs: ChartGlyphs
    public var style: CellStyle

    public init(values: [Double], range: ClosedRange<Double>? = nil, glyphs: ChartGlyphs = .braille, style: CellStyle = CellStyle(.chartLine)) {
        self.values = values
        self.range = range
        self.glyphs = glyphs
        self.style = style
    }

    /// The y range used for drawing: `range`, or the finite values' extent, widened when flat so a constant
    /// series draws as a line through the middle.
    public var effectiveRange: ClosedRange<Double>? {
        if let range { return range }
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        if low == high { return (low - 1)...(high + 1) }
        return low...high
    }

    /// Draws the chart into `rect` of `grid`, leaving cells outside the line as they are.
    public func draw(into grid: inout CellGrid, rect: GridRect) {
        guard !rect.isEmpty, let range = effectiveRange else { return }
        switch glyphs {
        case .braille: drawBraille(into: &grid, rect: rect, range: range)
        case .blocks: drawBlocks(into: &grid, rect: rect, range: range)
        case .ascii: drawASCII(into: &grid, rect: rect, range: range)
        }
    }

    // MARK: - Point placement

    /// Positions of the finite points on a `columns` by `rows` lattice, row 0 at the top; nil for a skipped value.
    func latticePoints(columns: Int, rows: Int, range: ClosedRange<Double>) -> [(x: Int, y: Int)?] {
        let count = values.count
        let span = range.upperBound - range.lowerBound
        return values.enumerated().map { index, value in
            guard value.isFinite else { return nil }
            let x = count == 1 ? 0 : Int((Double(index) * Double(columns - 1) / Double(count - 1)).rounded())
            let clamped = min(max(value, range.lowerBound), range.upperBound)
            let fraction = span > 0 ? (clamped - range.lowerBound) / span : 0.5
            let y = (rows - 1) - Int((fraction * Double(rows - 1)).rounded())
            return (x, y)
        }
    }

    /// Calls `plot` for every lattice point on the straight lines between consecutive points (Bresenham).
    func tracePath(columns: Int, rows: Int, range: ClosedRange<Double>, plot: (Int, Int) -> Void) {
        let points = latticePoints(columns: columns, rows: rows, range: range)
        var previous: (x: Int, y: Int)?
        for point in points {
            guard let point else {
                previous = nil
                continue
            }
            if let start = previous {
                bresenham(from: start, to: point, plot: plot)
            } else {
                plot(point.x, point.y)
            }
            previous = point
        }
    }

    private func bresenham(from start: (x: Int, y: Int), to end: (x: Int, y: Int), plot: (Int, Int) -> Void) {
        let dx = abs(end.x - start.x)
        let dy = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = dx + dy
        var x = start.x
        var y = start.y
        while true {
            plot(x, y)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    // MARK: - Glyph sets

    /// Bit of the braille dot at column `column` (0 or 1) and row `row` (0 to 3) of a cell. Dots 1-3 and 4-6 fill
    /// the top three rows of each column; dots 7 and 8, added later to the standard, fill the bottom row.
    static func brailleBit(column: Int, row: Int) -> UInt32 {
        let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        return bits[column][row]
    }

    private func drawBraille(into grid: inout CellGrid, rect: GridRect, range: ClosedRange<Double>) {
        var dots = [UInt32](repeating: 0, count: rect.width * rect.height)
        tracePath(columns: rect.width * 2, rows: rect.height * 4, range: range) { x, y in
            dots[(y / 4) * rect.width + x / 2] |= Self.brailleBit(column: x % 2, row: y % 4)
        }
        for row in 0..<rect.height {
            for column in 0..<rect.width where dots[row * rect.width + column] != 0 {
                let scalar = Unicode.Scalar(0x2800 + dots[row * rect.width + column])!
                grid[rect.x + column, rect.y + row] = Cell(scalar, style: style)
            }
        }
    }

    private func drawBlocks(into grid: inout CellGrid, rect: GridRect, range: ClosedRange<Double>) {
        let eighths = rect.height * 8
        let span = range.upperBound - range.lowerBound
        for column in 0..<rect.width {
            guard let value = interpolatedValue(column: column, columns: rect.width) else { continue }
            let clamped = min(max(value, range.lowerBound), range.upperBound)
            // Every drawn value fills at least one eighth, so the minimum shows as `▁` instead of a gap.
            let fraction = span > 0 ? (clamped - range.lowerBound) / span : 0.5
            let filled = 1 + Int((fraction * Double(eighths - 1)).rounded())
            for row in 0..<rect.height {
                let fromBottom = rect.height - 1 - row
                let level = min(8, max(0, filled - fromBottom * 8))
                guard level > 0 else { continue }
                grid[rect.x + column, rect.y + row] = Cell(Unicode.Scalar(0x2580 + UInt32(level))!, style: style)
            }
        }
    }

    /// Interpolates the series linearly at cell column `column` of `columns`, or returns nil when either
    /// neighbouring point is not finite. A series longer than the width is sampled, not averaged.
    func interpolatedValue(column: Int, columns: Int) -> Double? {
        guard let first = values.first else { return nil }
        guard values.count > 1 else { return first.isFinite ? first : nil }
        let position = columns == 1 ? 0 : Double(column) * Double(values.count - 1) / Double(columns - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let weight = position - Double(lower)
        guard values[lower].isFinite, values[upper].isFinite else { return nil }
        return values[lower] * (1 - weight) + values[upper] * weight
    }

    private func drawASCII(into grid: inout CellGrid, rect: GridRect, range: ClosedRange<Double>) {
        tracePath(columns: rect.width, rows: rect.height, range: range) { x, y in
            grid[rect.x + x, rect.y + y] = Cell("*", style: style)
        }
    }
}
