/// The positions of the header, the panes and the status line for one screen size.
///
/// The header is the top row and the status line the bottom row. Between them, the Dataset (2/5 of the width)
/// and Patient panes share the upper 11/20 of the rows; Task, Training and Codes split the rest 7:8:5.
/// A zoomed pane takes every row between header and status line.
public struct WorkbenchLayout: Sendable, Equatable {
    /// The smallest screen the layout fits; below it the workbench shows only a message.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    public let header: GridRect
    public let status: GridRect
    public let panes: [PaneID: GridRect]

    public init(width: Int, height: Int, zoomed: PaneID? = nil) {
        self.width = width
        self.height = height
        header = GridRect(x: 0, y: 0, width: width, height: 1)
        status = GridRect(x: 0, y: height - 1, width: width, height: 1)
        let body = GridRect(x: 0, y: 1, width: width, height: height - 2)

        if let zoomed {
            panes = [zoomed: body]
            return
        }
        let upperHeight = body.height * 11 / 20
        let lowerHeight = body.height - upperHeight
        let datasetWidth = width * 2 / 5
        let taskWidth = width * 7 / 20
        let trainingWidth = width * 8 / 20
        let lowerY = body.y + upperHeight
        panes = [
            .dataset: GridRect(x: 0, y: body.y, width: datasetWidth, height: upperHeight),
            .patient: GridRect(x: datasetWidth, y: body.y, width: width - datasetWidth, height: upperHeight),
            .task: GridRect(x: 0, y: lowerY, width: taskWidth, height: lowerHeight),
            .training: GridRect(x: taskWidth, y: lowerY, width: trainingWidth, height: lowerHeight),
            .codes: GridRect(x: taskWidth + trainingWidth, y: lowerY, width: width - taskWidth - trainingWidth, height: lowerHeight),
        ]
    }

    /// True when the screen is below the minimum size.
    public var isTooSmall: Bool {
        width < Self.minimumWidth || height < Self.minimumHeight
    }

    /// Returns the pane under column `x`, row `y`, or nil for the header, the status line or outside.
    public func pane(atColumn x: Int, row y: Int) -> PaneID? {
        panes.first { $0.value.contains(column: x, row: y) }?.key
    }
}
