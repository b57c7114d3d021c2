import Testing

@testable import Workbench

/// Wide scalars (CJK, emoji) cover two cells in a terminal, so the grid gives them two: the scalar and a
/// continuation cell that the front end does not draw.

@Test func cellWidthOfScalars() {
    #expect(CellGrid.cellWidth(of: "a") == 1)
    #expect(CellGrid.cellWidth(of: "é") == 1)
    #expect(CellGrid.cellWidth(of: "─") == 1)
    #expect(CellGrid.cellWidth(of: "\u{2800}") == 1, "braille chart cells are narrow")
    #expect(CellGrid.cellWidth(of: "心") == 2)
    #expect(CellGrid.cellWidth(of: "ア") == 2)
    #expect(CellGrid.cellWidth(of: "한") == 2)
    #expect(CellGrid.cellWidth(of: "Ａ") == 2, "fullwidth Latin")
    #expect(CellGrid.cellWidth(of: "😀") == 2)
    #expect(CellGrid.cellWidth(of: "\u{20BB7}") == 2, "CJK extension B")
}

@Test func gridWritesWideScalarInTwoCells() {
    var grid = CellGrid(width: 6, height: 1)
    #expect(grid.write("a心b", x: 0, y: 0) == 4)
    #expect(grid[0, 0].scalar == "a")
    #expect(grid[1, 0].scalar == "心")
    #expect(!grid[1, 0].isWideContinuation)
    #expect(grid[2, 0].isWideContinuation)
    #expect(grid[3, 0].scalar == "b")
    #expect(grid.rowText(0) == "a心b  ")
}

@Test func gridLeavesOutCutWideScalar() {
    var grid = CellGrid(width: 6, height: 1)
    #expect(grid.write("心心", x: 0, y: 0, maxWidth: 3) == 2)
    #expect(grid[2, 0] == Cell())
    #expect(grid.write("心", x: 5, y: 0) == 0, "the last column has no room for a wide scalar")
    #expect(grid[5, 0] == Cell())
}

@Test func gridOverwriteSplitsWideScalar() {
    var grid = CellGrid(width: 4, height: 1)
    grid.write("心", x: 0, y: 0)
    grid.write("x", x: 1, y: 0)
    #expect(grid[0, 0] == Cell(" "), "the left half of the overwritten scalar is blanked")
    #expect(grid.rowText(0) == " x  ")

    grid.write("心", x: 1, y: 0)
    grid.write("y", x: 1, y: 0)
    #expect(grid[2, 0] == Cell(" "), "the right half of the overwritten scalar is blanked")
    #expect(grid.rowText(0) == " y  ")

    // A wide scalar written over the right half of another splits that one too.
    grid.write("心", x: 0, y: 0)
    grid.write("字", x: 1, y: 0)
    #expect(grid.rowText(0) == " 字 ")
    #expect(grid[0, 0] == Cell(" "))
    #expect(grid[2, 0].isWideContinuation)
}

@Test func gridRestyleKeepsWideScalar() {
    var grid = CellGrid(width: 4, height: 1)
    grid.write("心", x: 1, y: 0)
    grid.restyle(row: 0, x: 0, width: 4, style: CellStyle(.accent))
    #expect(grid[1, 0].scalar == "心")
    #expect(grid[2, 0].isWideContinuation)
    #expect(grid[2, 0].style == CellStyle(.accent))
}

@Test func clippedTextCountsWideCells() {
    var grid = CellGrid(width: 8, height: 1)
    #expect(grid.writeClipped("心心心", x: 0, y: 0, width: 5) == 5)
    #expect(grid.rowText(0) == "心心…   ")

    var fits = CellGrid(width: 8, height: 1)
    #expect(fits.writeClipped("心心心", x: 0, y: 0, width: 6) == 6)
    #expect(fits.rowText(0) == "心心心  ")
}

@Test func spansCountWideCells() {
    var grid = CellGrid(width: 6, height: 1)
    let spans = [StyledSpan("ab", .normal), StyledSpan("心心", CellStyle(.accent))]
    #expect(grid.writeSpans(spans, x: 0, y: 0, width: 5) == 5)
    #expect(grid.rowText(0) == "ab心… ")
    #expect(grid[2, 0].style == CellStyle(.accent))
    #expect(grid[3, 0].isWideContinuation)
}

@Test func codesQueryShowsWideCharacters() throws {
    let app = try CodeStoreFixture.app()
    KeyScript(app: app).press("5", "z", "/", "type:心😀é")
    #expect(app.state.codes.query == "心😀é")

    let grid = app.render(width: 100, height: 30)
    let row = try #require((0..<grid.height).first { grid.rowText($0).contains("/ 心😀é▏") })
    let column = try #require((0..<grid.width).first { grid[$0, row].scalar == "心" })
    #expect(grid[column + 1, row].isWideContinuation)
    #expect(grid[column + 2, row].scalar == "😀")
    #expect(grid[column + 3, row].isWideContinuation)
    #expect(grid[column + 4, row].scalar == "é")
    #expect(grid[column + 5, row].scalar == "▏")
}
