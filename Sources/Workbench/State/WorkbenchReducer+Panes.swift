extension WorkbenchReducer {
    /// Carries out a movement or pane command in the focused pane.
    static func applyInPane(_ state: inout WorkbenchState, _ command: WorkbenchCommand) -> [WorkbenchEffect] {
        var effects: [WorkbenchEffect] = []
        let page = max(1, pageRows(state, state.focus) - 1)

        switch state.focus {
        case .dataset:
            let before = state.dataset.selected
            switch command {
            case .up, .previousMatch: state.dataset.selected -= 1
            case .down, .nextMatch: state.dataset.selected += 1
            case .pageUp: state.dataset.selected -= page
            case .pageDown: state.dataset.selected += page
            case .top: state.dataset.selected = 0
            case .bottom: state.dataset.selected = state.dataset.visible.count - 1
            case .cycleSort:
                let all = PatientSort.allCases
                state.dataset.sort = all[(all.firstIndex(of: state.dataset.sort)! + 1) % all.count]
                refreshPatientList(&state)
            case .activate: state.focus = .patient
            default: break
            }
            clampAll(&state)
            if state.dataset.selected != before || command == .cycleSort { selectionChanged(&state) }

        case .patient:
            let admissions = state.patient.detail?.admissions.count ?? 0
            switch command {
            case .up: state.patient.scroll -= 1
            case .down: state.patient.scroll += 1
            case .pageUp: state.patient.scroll -= page
            case .pageDown: state.patient.scroll += page
            case .top: state.patient.scroll = 0
            case .bottom: state.patient.scroll = Int.max / 2
            case .left where state.patient.admission > 0:
                state.patient.admission -= 1
                state.patient.scroll = 0
            case .right where state.patient.admission + 1 < admissions:
                state.patient.admission += 1
                state.patient.scroll = 0
            case .nextMatch: jumpToMatch(&state, forward: true, includeCurrent: false)
            case .previousMatch: jumpToMatch(&state, forward: false, includeCurrent: false)
            default: break
            }

        case .task:
            switch command {
            case .left:
                state.task.selectedTask = (state.task.selectedTask + state.task.taskNames.count - 1) % state.task.taskNames.count
                state.task.sampleIndex = 0
                state.task.scroll = 0
            case .right:
                state.task.selectedTask = (state.task.selectedTask + 1) % state.task.taskNames.count
                state.task.sampleIndex = 0
                state.task.scroll = 0
            case .activate:
                if state.snapshot != nil, state.task.building == nil, state.task.selectedResult == nil {
                    state.task.building = state.task.selectedIdentity
                    state.task.error = nil
                    effects.append(.buildTask(name: state.task.selectedName, readmissionWindowDays: state.task.readmissionWindowDays))
                }
            case .increase, .decrease:
                // Only the readmission task has a parameter to change.
                guard state.task.selectedName == "readmission" else { break }
                let windows = TaskPaneState.readmissionWindows
                let index = windows.firstIndex(of: state.task.readmissionWindowDays) ?? 1
                let next = min(max(0, index + (command == .increase ? 1 : -1)), windows.count - 1)
                state.task.readmissionWindowDays = windows[next]
                state.task.sampleIndex = 0
                state.task.scroll = 0
            case .nextMatch:
                state.task.sampleIndex += 1
                state.task.scroll = 0
            case .previousMatch:
                state.task.sampleIndex = max(0, state.task.sampleIndex - 1)
                state.task.scroll = 0
            case .up: state.task.scroll -= 1
            case .down: state.task.scroll += 1
            case .pageUp: state.task.scroll -= page
            case .pageDown: state.task.scroll += page
            case .top: state.task.scroll = 0
            case .bottom: state.task.scroll = Int.max / 2
            default: break
            }

        case .training:
            effects += applyInTraining(&state, command)

        case .codes:
            applyInCodes(&state, command, page: page)
        }
        clampAll(&state)
        return effects
    }

    /// Rows a page of `pane`'s list or text spans at the current size.
    static func pageRows(_ state: WorkbenchState, _ pane: PaneID) -> Int {
        guard let rect = currentLayout(state).panes[pane] else { return 1 }
        switch pane {
        case .dataset: return DatasetView.listRect(in: rect, tableCount: tableCount(state)).height
        case .patient: return PatientView.detailRect(in: rect, admissionCount: state.patient.detail?.admissions.count ?? 0).height
        case .codes: return CodesView.listRect(in: rect, usesStore: state.codeStore != nil).height
        case .task: return TaskView.sampleRect(in: rect, summaryLines: TaskView.summaryLines(state.task, width: rect.inset(by: 1).width).count).height
        case .training: return rect.inset(by: 1).height
        }
    }

    // MARK: - Derived lists

    /// Recomputes the visible patients after a filter or sort change, keeping the selected patient when it is
    /// still listed.
    static func refreshPatientList(_ state: inout WorkbenchState) {
        guard let snapshot = state.snapshot else { return }
        let previous = state.selectedPatient?.id
        state.dataset.visible = DatasetView.visibleRows(snapshot.patients, filter: state.dataset.filter, sort: state.dataset.sort)
        if let previous, let position = state.dataset.visible.firstIndex(where: { snapshot.patients[$0].id == previous }) {
            state.dataset.selected = position
        } else {
            state.dataset.selected = 0
            state.dataset.scroll = 0
        }
        selectionChanged(&state)
    }

    /// Reads the selected patient's events when the selection moved to another patient.
    static func selectionChanged(_ state: inout WorkbenchState) {
        guard let snapshot = state.snapshot, let row = state.selectedPatient else {
            state.patient.detail = nil
            return
        }
        guard state.patient.detail?.row.id != row.id else { return }
        state.patient.detail = PatientDetail(row: row, dataset: snapshot.dataset, names: state.codeStore?.names)
        state.patient.admission = 0
        state.patient.scroll = 0
        state.task.sampleIndex = 0
        state.task.scroll = 0
    }

    /// Scrolls the Patient pane to the next or previous detail line that contains the search text.
    static func jumpToMatch(_ state: inout WorkbenchState, forward: Bool, includeCurrent: Bool) {
        guard let detail = state.patient.detail, detail.admissions.indices.contains(state.patient.admission) else { return }
        let lines = PatientView.detailLines(detail.admissions[state.patient.admission])
        let start = includeCurrent ? state.patient.scroll - 1 : state.patient.scroll
        if let line = PatientView.matchLine(in: lines, search: state.patient.search, from: start, forward: forward) {
            state.patient.scroll = line
        }
    }

    /// Keeps every selection and scroll offset inside its list and on screen.
    static func clampAll(_ state: inout WorkbenchState) {
        ScrollPosition.clamp(
            selected: &state.dataset.selected, scroll: &state.dataset.scroll, count: state.dataset.visible.count,
            visibleRows: pageRows(state, .dataset))
        ScrollPosition.clamp(
            selected: &state.codes.selected, scroll: &state.codes.scroll, count: state.codeResultCount,
            visibleRows: pageRows(state, .codes))

        // NOTE: the detail and sample lines are rebuilt on every input to count them. That is cheap for the demo
        // but formats thousands of lab lines per key for a long full-MIMIC admission; cache the counts if it lags.
        let admissions = state.patient.detail?.admissions ?? []
        state.patient.admission = min(max(0, state.patient.admission), max(0, admissions.count - 1))
        let lineCount = admissions.indices.contains(state.patient.admission)
            ? PatientView.detailLines(admissions[state.patient.admission]).count : 0
        // The last scroll position shows the last screenful, as `G` does in the lists, not the last line alone.
        state.patient.scroll = min(max(0, state.patient.scroll), max(0, lineCount - pageRows(state, .patient)))

        let sampleLines = TaskView.sampleLines(state.task, patient: state.selectedPatient, snapshot: state.snapshot)
        state.task.scroll = min(max(0, state.task.scroll), max(0, sampleLines.count - pageRows(state, .task)))
        if let result = state.task.selectedResult, let patient = state.selectedPatient {
            let count = result.samplesByPatient[String(patient.id)]?.count ?? 0
            state.task.sampleIndex = min(max(0, state.task.sampleIndex), max(0, count - 1))
        }

        state.training.selectedParameter = min(max(0, state.training.selectedParameter), TrainingParameter.allCases.count - 1)
    }
}
