import MedCode

/// Layout and text of the Codes pane, shared by its renderer and the reducer.
enum CodesView {
    /// Rows under the result list without a code store: three of details and one for the store's status or hint.
    static let datasetDetailRows = 4

    /// Rows under the result list for the selected code's details. A store code's hierarchy and cross-maps get
    /// about half the pane.
    static func detailRows(inner: GridRect, usesStore: Bool) -> Int {
        usesStore ? max(datasetDetailRows, (inner.height - 1) / 2) : datasetDetailRows
    }

    /// Returns the rectangle of result rows inside the pane at `rect`: below the query line, above the details.
    static func listRect(in rect: GridRect, usesStore: Bool) -> GridRect {
        let inner = rect.inset(by: 1)
        return GridRect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1 - detailRows(inner: inner, usesStore: usesStore))
    }

    /// Returns the line under the dataset's results: how to get every code system, or the store's loading state
    /// or error. Returns nil once the store is open.
    static func storeStatusLine(_ status: CodeStoreStatus) -> StyledLine? {
        switch status {
        case .absent: StyledLine("all code systems: swifthealth medcode import --from DIR", CellStyle(.muted))
        case .loading: StyledLine("loading codes…", CellStyle(.muted))
        case .failed(let message): StyledLine("code store not opened: \(message)", CellStyle(.negative))
        case .ready: nil
        }
    }

    /// Returns the detail lines of a store code: the header, the hierarchy as an indented chain from the root
    /// down to the code (closest ancestor last) with its number of children, then one block per cross-map.
    static func detailLines(_ key: CodeKey, name: String, detail: CodeDetail?) -> [StyledLine] {
        var lines = [StyledLine("\(key.system.rawValue) \(key.code)  \(name)", CellStyle(.accent, bold: true))]
        guard let detail else {
            lines.append(StyledLine("loading details…", CellStyle(.muted)))
            return lines
        }
        if let failure = detail.failure {
            lines.append(StyledLine(failure, CellStyle(.negative)))
            return lines
        }

        for (depth, ancestor) in detail.ancestors.enumerated() {
            lines.append(StyledLine(chainPrefix(depth) + [ancestor.code, ancestor.name ?? ""].joined(separator: " ")))
        }
        let children = switch detail.childCount {
        case 0: "no children"
        case 1: "1 child"
        default: "\(Columns.grouped(detail.childCount)) children"
        }
        let place = detail.ancestors.isEmpty ? " · top level" : ""
        lines.append(StyledLine("\(chainPrefix(detail.ancestors.count))\(key.code)\(place) · \(children)", CellStyle(.accent)))

        for map in detail.crossMaps {
            lines += crossMapLines(map)
        }
        return lines
    }

    /// `└ ` indented two cells per level below the root, which has no prefix.
    private static func chainPrefix(_ depth: Int) -> String {
        depth == 0 ? "" : String(repeating: " ", count: 2 * (depth - 1)) + "└ "
    }

    /// `→ ICD10CM I50.9 Heart failure, unspecified · approximate`, one line per target, or `no mapping`.
    static func crossMapLines(_ map: CrossMapDetail) -> [StyledLine] {
        let prefix = "→ \(map.target.rawValue) "
        if let failure = map.failure {
            return [StyledLine(prefix + failure, CellStyle(.negative))]
        }
        guard !map.targets.isEmpty else {
            let flags = map.noMapFlags?.words ?? []
            return [StyledLine(prefix + "no mapping" + (flags.isEmpty ? "" : " · " + flags.joined(separator: ", ")), CellStyle(.muted))]
        }
        let indent = String(repeating: " ", count: prefix.unicodeScalars.count)
        var lines = map.targets.enumerated().map { offset, target in
            let flags = target.flags?.words ?? []
            var text = (offset == 0 ? prefix : indent) + target.code
            if let name = target.name { text += " \(name)" }
            if !flags.isEmpty { text += " · " + flags.joined(separator: ", ") }
            return StyledLine(text)
        }
        if map.omittedTargets > 0 {
            lines.append(StyledLine("\(indent)… \(Columns.grouped(map.omittedTargets)) more", CellStyle(.muted)))
        }
        return lines
    }
}
