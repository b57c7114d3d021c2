import Testing

@testable import Workbench

private func scalars(_ grid: CellGrid, row: Int) -> [UInt32] {
    (0..<grid.width).map { grid[$0, row].scalar.value }
}

@Test func brailleBitLayout() {
    // The Unicode braille block: dot 1 = 0x01 (left column, top row) ... dot 8 = 0x80 (right column, bottom row).
    #expect(LineChart.brailleBit(column: 0, row: 0) | LineChart.brailleBit(column: 1, row: 3) == 0x81)
    let all = (0..<2).flatMap { column in (0..<4).map { LineChart.brailleBit(column: column, row: $0) } }
    #expect(all.reduce(0, |) == 0xFF)
    #expect(Set(all).count == 8)
}

@Test func brailleRisingLineInOneCell() {
    var grid = CellGrid(width: 1, height: 1)
    LineChart(values: [0, 1]).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 1, height: 1))

    // Dot lattice 2 by 4: 0 lands at (x 0, y 3), 1 at (x 1, y 0). Bresenham between them visits (0,3), (0,2),
    // (1,1), (1,0), whose bits are 0x40 + 0x04 + 0x10 + 0x08 = 0x5C.
    #expect(scalars(grid, row: 0) == [0x285C])
}

@Test func brailleFlatSeriesAcrossTwoCells() {
    var grid = CellGrid(width: 2, height: 1)
    LineChart(values: [5, 5, 5, 5]).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 2, height: 1))

    // A flat series gets the range 4...6, so 5 sits at fraction 0.5 of 3 dot rows: 1.5 rounds to 2 rows up,
    // dot row 1. Four points on four dot columns set bits 0x02 (left) and 0x10 (right) in each cell.
    #expect(scalars(grid, row: 0) == [0x2812, 0x2812])
}

@Test func brailleSkipsNonFiniteValues() {
    var grid = CellGrid(width: 3, height: 1)
    LineChart(values: [0, 0, .nan, 0, 0, 0], range: 0...1).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 3, height: 1))

    // Six points on six dot columns, all on the bottom dot row (bits 0x40 left, 0x80 right). The NaN at dot
    // column 2 leaves the left half of the middle cell empty and the line is not drawn across it.
    #expect(scalars(grid, row: 0) == [0x28C0, 0x2880, 0x28C0])
}

@Test func brailleClampsToRangeAndOffset() {
    var grid = CellGrid(width: 4, height: 3)
    LineChart(values: [5, -5], range: 0...1).draw(into: &grid, rect: GridRect(x: 1, y: 1, width: 1, height: 2))

    // 5 clamps to the top (dot row 0), -5 to the bottom (dot row 7) of a 2 by 8 lattice. Bresenham from (0,0)
    // to (1,7) visits rows 0-3 in column 0, then rows 4-7 in column 1.
    #expect(grid[1, 1].scalar.value == 0x2800 + 0x01 + 0x02 + 0x04 + 0x40)
    #expect(grid[1, 2].scalar.value == 0x2800 + 0x08 + 0x10 + 0x20 + 0x80)
    #expect(grid[0, 1].scalar == " ", "cells outside the rectangle stay blank")
    #expect(grid[2, 1].scalar == " ")
}

@Test func blocksDrawEighths() {
    var grid = CellGrid(width: 3, height: 1)
    LineChart(values: [0, 0.5, 1], range: 0...1, glyphs: .blocks).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 3, height: 1))

    // Values fill 1 + 7 × fraction eighths: 0 fills 1 (U+2581, never blank), 0.5 fills 4.5, rounded away from
    // zero to 5 (U+2585), 1 fills 8 (U+2588 full block).
    #expect(scalars(grid, row: 0) == [0x2581, 0x2585, 0x2588])
}

@Test func blocksSpanRows() {
    var grid = CellGrid(width: 1, height: 2)
    LineChart(values: [0.75], range: 0...1, glyphs: .blocks).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 1, height: 2))

    // 1 + 15 × 0.75 = 12.25 eighths, rounded to 12: a full bottom cell and 4 eighths (U+2584) in the top cell.
    #expect(grid[0, 1].scalar.value == 0x2588)
    #expect(grid[0, 0].scalar.value == 0x2584)
}

@Test func blocksInterpolateBetweenPoints() {
    var grid = CellGrid(width: 3, height: 1)
    LineChart(values: [0, 1], range: 0...1, glyphs: .blocks).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 3, height: 1))

    // The middle column lies halfway between the two points: 0.5, so 1 + 7 × 0.5 = 4.5, rounded to 5 eighths.
    #expect(scalars(grid, row: 0) == [0x2581, 0x2585, 0x2588])
}

@Test func asciiDrawsPath() {
    var grid = CellGrid(width: 3, height: 3)
    LineChart(values: [0, 1], glyphs: .ascii).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 3, height: 3))

    // 0 at the bottom-left cell, 1 at the top-right cell, and the diagonal between them.
    #expect(grid.text == "  *\n * \n*  ")
}

@Test func emptySeriesDrawsNothing() {
    var grid = CellGrid(width: 2, height: 2)
    for glyphs in ChartGlyphs.allCases {
        LineChart(values: [], glyphs: glyphs).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 2, height: 2))
        LineChart(values: [.infinity], glyphs: glyphs).draw(into: &grid, rect: GridRect(x: 0, y: 0, width: 2, height: 2))
    }
    #expect(grid.text == "  \n  ")
}
