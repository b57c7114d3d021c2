/// Layout of the Codes pane, shared by its renderer and the reducer.
enum CodesView {
    /// Rows under the result list for the selected code's details.
    static let detailRows = 3

    /// Returns the rectangle of result rows inside the pane at `rect`: below the query line, above the details.
    static func listRect(in rect: GridRect) -> GridRect {
        let inner = rect.inset(by: 1)
        return GridRect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1 - detailRows)
    }
}
