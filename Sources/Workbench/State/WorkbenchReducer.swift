/// The pure state machine of the workbench: inputs and job messages in, new state and effects out.
///
/// It reads the dataset only through the immutable `DatasetSnapshot` in the state, starts nothing and draws
/// nothing, so tests can press keys by name and inspect the state or the rendered grid.
public enum WorkbenchReducer {
    /// Applies one input and returns the effects the session must carry out.
    public static func reduce(_ state: inout WorkbenchState, _ input: TerminalInput) -> [WorkbenchEffect] {
        switch input {
        case .resize(let width, let height):
            state.width = width
            state.height = height
            clampAll(&state)
            return []
        case .interrupt:
            return [.quit]
        default:
            break
        }

        // The "terminal too small" screen hides every pane, so a key or click there would change state the user
        // cannot see. Only `q` quits, and Ctrl-C and resizes are handled above.
        if currentLayout(state).isTooSmall {
            return input == .character("q") ? [.quit] : []
        }
        if case .mouse(let mouse) = input {
            handleMouse(&state, mouse)
            return []
        }

        if let pane = state.editing {
            editText(&state, pane: pane, input)
            return []
        }
        if state.showHelp {
            // The help covers the screen: the movement keys scroll it, any other key closes it, and `q` also quits.
            let rows = KeyTable.help(for: state.focus).count
            let page = max(1, HelpOverlay.visibleRows(rowCount: rows, screenHeight: currentLayout(state).height))
            switch input {
            case .up, .character("k"): state.helpScroll -= 1
            case .down, .character("j"): state.helpScroll += 1
            case .pageUp: state.helpScroll -= page
            case .pageDown, .character(" "): state.helpScroll += page
            case .home, .character("g"): state.helpScroll = 0
            case .end, .character("G"): state.helpScroll = rows
            default:
                state.showHelp = false
                return input == .character("q") ? [.quit] : []
            }
            state.helpScroll = min(max(0, state.helpScroll), max(0, rows - page))
            return []
        }
        guard let command = KeyTable.command(for: input, in: state.focus) else { return [] }
        return apply(&state, command)
    }

    /// Carries out one command in the focused pane.
    public static func apply(_ state: inout WorkbenchState, _ command: WorkbenchCommand) -> [WorkbenchEffect] {
        switch command {
        case .quit:
            return [.quit]
        case .close:
            // Esc undoes the innermost thing that is open: the zoom, else the Dataset pane's filter or the Codes
            // pane's query. The Codes pane's system filter stays, so the next search runs in the same system.
            if state.zoomed {
                state.zoomed = false
            } else if state.focus == .dataset, !state.dataset.filter.isEmpty {
                state.dataset.filter = ""
                refreshPatientList(&state)
            } else if state.focus == .codes, !state.codes.query.isEmpty {
                state.codes.query = ""
                refreshCodeResults(&state)
            }
        case .nextPane:
            state.focus = PaneID(rawValue: state.focus.rawValue % PaneID.allCases.count + 1) ?? .dataset
        case .previousPane:
            state.focus = PaneID(rawValue: (state.focus.rawValue + PaneID.allCases.count - 2) % PaneID.allCases.count + 1) ?? .dataset
        case .focus(let pane):
            state.focus = pane
        case .help:
            state.showHelp = true
            state.helpScroll = 0
        case .zoom:
            state.zoomed.toggle()
        case .cycleGlyphs:
            let all = ChartGlyphs.allCases
            state.chartGlyphs = all[(all.firstIndex(of: state.chartGlyphs)! + 1) % all.count]
        case .search:
            // A new search starts empty, as in less and vim.
            state.editing = state.focus
            switch state.focus {
            case .dataset:
                state.dataset.filter = ""
                refreshPatientList(&state)
            case .patient:
                state.patient.search = ""
            case .codes:
                state.codes.query = ""
                refreshCodeResults(&state)
            case .task, .training:
                break
            }
        default:
            return applyInPane(&state, command)
        }
        clampAll(&state)
        return []
    }

    // MARK: - Text fields

    /// Typing into the `/` field of `pane`: characters append, Backspace deletes, Enter keeps the text, Esc
    /// clears it. Arrows still move the selection, so a result can be picked while typing.
    static func editText(_ state: inout WorkbenchState, pane: PaneID, _ input: TerminalInput) {
        func update(_ change: (inout String) -> Void) {
            switch pane {
            case .dataset: change(&state.dataset.filter)
            case .patient: change(&state.patient.search)
            case .codes: change(&state.codes.query)
            case .task, .training: break
            }
        }

        switch input {
        case .character(let character):
            update { $0.append(character) }
        case .backspace, .delete:
            update { if !$0.isEmpty { $0.removeLast() } }
        case .enter, .tab:
            state.editing = nil
        case .escape:
            update { $0 = "" }
            state.editing = nil
        case .up, .down, .pageUp, .pageDown:
            let command: WorkbenchCommand = switch input {
            case .up: .up
            case .down: .down
            case .pageUp: .pageUp
            default: .pageDown
            }
            _ = applyInPane(&state, command)
            return
        case .left where pane == .codes, .right where pane == .codes:
            // The system filter changes while typing, so a query can be tried against each system in turn.
            _ = applyInPane(&state, input == .left ? .left : .right)
            return
        default:
            return
        }

        switch pane {
        case .dataset: refreshPatientList(&state)
        case .codes: refreshCodeResults(&state)
        case .patient: jumpToMatch(&state, forward: true, includeCurrent: true)
        case .task, .training: break
        }
        clampAll(&state)
    }

    // MARK: - Mouse

    /// Handles the mouse: a press focuses the pane under the pointer and selects the list row there, and the
    /// wheel scrolls that pane.
    static func handleMouse(_ state: inout WorkbenchState, _ mouse: MouseInput) {
        let layout = currentLayout(state)
        guard !layout.isTooSmall, let pane = layout.pane(atColumn: mouse.x, row: mouse.y) else { return }
        switch mouse.kind {
        case .press:
            state.focus = pane
            selectRow(&state, pane: pane, rect: layout.panes[pane]!, row: mouse.y)
        case .release:
            break
        case .wheelUp, .wheelDown:
            let focus = state.focus
            state.focus = pane
            for _ in 0..<3 { _ = applyInPane(&state, mouse.kind == .wheelUp ? .up : .down) }
            state.focus = focus
        }
        clampAll(&state)
    }

    private static func selectRow(_ state: inout WorkbenchState, pane: PaneID, rect: GridRect, row: Int) {
        switch pane {
        case .dataset:
            let list = DatasetView.listRect(in: rect, tableCount: tableCount(state))
            guard list.contains(column: list.x, row: row) else { return }
            let index = state.dataset.scroll + row - list.y
            if index < state.dataset.visible.count {
                state.dataset.selected = index
                selectionChanged(&state)
            }
        case .codes:
            let list = CodesView.listRect(in: rect, usesStore: state.codeStore != nil)
            guard list.contains(column: list.x, row: row) else { return }
            let index = state.codes.scroll + row - list.y
            if index < state.codeResultCount { state.codes.selected = index }
        case .patient:
            let inner = rect.inset(by: 1)
            let count = state.patient.detail?.admissions.count ?? 0
            let timelineRows = PatientView.timelineRowsShown(admissionCount: count, inner: inner)
            let index = row - inner.y + PatientView.timelineScroll(selected: state.patient.admission, shown: timelineRows)
            if row >= inner.y, row < inner.y + timelineRows, index < count {
                state.patient.admission = index
                state.patient.scroll = 0
            }
        case .task, .training:
            break
        }
    }

    /// Returns the layout of the last rendered size, or of the minimum size before the first frame.
    static func currentLayout(_ state: WorkbenchState) -> WorkbenchLayout {
        let width = state.width > 0 ? state.width : WorkbenchLayout.minimumWidth
        let height = state.height > 0 ? state.height : WorkbenchLayout.minimumHeight
        return WorkbenchLayout(width: width, height: height, zoomed: state.zoomed ? state.focus : nil)
    }

    static func tableCount(_ state: WorkbenchState) -> Int {
        state.snapshot?.stats.tables.count ?? state.dataset.tableProgress.count
    }
}
