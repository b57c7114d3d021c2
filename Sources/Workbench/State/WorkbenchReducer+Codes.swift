import MedCode

extension WorkbenchReducer {
    /// Codes pane commands: movement in the result list, and `s`/`→` or `S`/`←` to cycle the system filter.
    static func applyInCodes(_ state: inout WorkbenchState, _ command: WorkbenchCommand, page: Int) {
        switch command {
        case .up, .previousMatch: state.codes.selected -= 1
        case .down, .nextMatch: state.codes.selected += 1
        case .pageUp: state.codes.selected -= page
        case .pageDown: state.codes.selected += page
        case .top: state.codes.selected = 0
        case .bottom: state.codes.selected = state.codeResultCount - 1
        case .left, .right:
            let choices = state.codeSystemChoices
            let current = choices.firstIndex(of: state.codes.systemFilter) ?? 0
            let step = command == .right ? 1 : choices.count - 1
            state.codes.systemFilter = choices[(current + step) % choices.count]
            refreshCodeResults(&state)
        default: break
        }
    }

    /// Searches again after a change of query, filter or code source.
    ///
    /// Without a code store the dataset's ICD-9 dictionaries are searched at once and the first result is selected.
    /// With a store the search runs on a background job that `pendingCodeJobs` requests, because one keystroke over
    /// the full index (about 540,000 entries) took up to 33 ms in a debug build. The list keeps the previous hits
    /// until the job's result arrives.
    static func refreshCodeResults(_ state: inout WorkbenchState) {
        guard state.codeStore == nil else {
            if state.requestedCodeSearch == nil { showHits([], for: nil, in: &state) }
            return
        }
        guard let snapshot = state.snapshot else { return }
        let kind = state.codes.systemFilter.flatMap { CodeEntry.Kind(rawValue: $0.rawValue) }
        state.codes.results = snapshot.codes.search(state.codes.query, kind: kind, limit: CodesPaneState.resultLimit)
        state.codes.selected = 0
        state.codes.scroll = 0
    }

    private static func showHits(_ hits: [SearchHit], for request: CodeSearchRequest?, in state: inout WorkbenchState) {
        state.codes.hits = hits
        state.codes.hitsRequest = request
        state.codes.searchRequest = request
        state.codes.selected = 0
        state.codes.scroll = 0
    }

    /// Takes in the outcome of opening the code store.
    static func reduceCodeStore(_ state: inout WorkbenchState, _ message: WorkbenchMessage) {
        switch message {
        case .codeStoreOpened(let session):
            state.codeStore = session
            state.codes.storeStatus = .ready
            if !state.codeSystemChoices.contains(state.codes.systemFilter) { state.codes.systemFilter = nil }
            refreshCodeResults(&state)
            renamePatientCodes(&state)
        case .codeStoreAbsent:
            state.codes.storeStatus = .absent
        case .codeStoreFailed(let text):
            state.codes.storeStatus = .failed(text)
            state.messages.append("code store: \(text)")
        case .codeSearchFinished(let request, let hits):
            // Only the latest search is shown, so the result of an earlier keystroke is dropped.
            guard request == state.codes.searchRequest else { return }
            showHits(hits, for: request, in: &state)
        case .codeDetailLoaded(let detail):
            // The selection may have moved on while the job ran, so only the details of the selected code are kept.
            guard detail.key == state.codes.detailKey else { return }
            state.codes.detail = detail
        default:
            break
        }
    }

    /// Returns the background work the Codes pane needs now: a search for a changed query or filter, and the
    /// details of a newly selected store code. Each is marked as requested, so it is returned once. The session
    /// calls this after every input and every batch of job messages.
    public static func pendingCodeJobs(_ state: inout WorkbenchState) -> [WorkbenchEffect] {
        var effects: [WorkbenchEffect] = []
        if let search = state.requestedCodeSearch, search != state.codes.searchRequest {
            state.codes.searchRequest = search
            effects.append(.searchCodes(search))
        }
        let key = state.selectedStoreCode
        if key != state.codes.detailKey {
            state.codes.detailKey = key
            state.codes.detail = nil
            if let key { effects.append(.loadCodeDetail(key)) }
        }
        return effects
    }

    /// Reads the shown patient's events again so their code names come from the store, keeping the admission and
    /// scroll position.
    private static func renamePatientCodes(_ state: inout WorkbenchState) {
        guard let snapshot = state.snapshot, let row = state.patient.detail?.row else { return }
        state.patient.detail = PatientDetail(row: row, dataset: snapshot.dataset, names: state.codeStore?.names)
    }
}
