import Testing
@testable import Training

@testable import Workbench

/// Renders the Training pane zoomed at 120x30 after one epoch whose validation has `metrics`.
private func trainingScreen(_ metrics: [MetricEntry]) -> String {
    var state = WorkbenchState(title: "x")
    state.focus = .training
    state.zoomed = true
    WorkbenchReducer.applyTrainingEvent(&state.training, .started(model: "MLP", task: "mortality", epochs: 1, stepsPerEpoch: 2, trainSamples: 20, validationSamples: 3, testSamples: 3))
    WorkbenchReducer.applyTrainingEvent(&state.training, .step(epoch: 1, step: 1, stepsPerEpoch: 2, loss: 0.7))
    WorkbenchReducer.applyTrainingEvent(&state.training, .step(epoch: 1, step: 2, stepsPerEpoch: 2, loss: 0.3684))
    WorkbenchReducer.applyTrainingEvent(&state.training, .epochEnded(EpochSummary(epoch: 1, trainLoss: 0.5616, validation: metrics, isBest: true, seconds: 1)))
    return WorkbenchRenderer.render(state, width: 120, height: 30).text
}

@Test func lossLabelsNameTheirKind() {
    let screen = trainingScreen([MetricEntry(name: "pr_auc", value: 0.58), MetricEntry(name: "loss", value: 0.6119)])
    #expect(screen.contains("batch loss"))
    #expect(screen.contains("train loss"))
    #expect(screen.contains("val loss"))
    // The table row: epoch 1, the epoch's mean training loss, then the validation loss before pr_auc.
    #expect(screen.contains("0.5616    0.6119    0.5800"))
}

@Test func undefinedMetricShowsReason() {
    let reason = "yTrue has no positive samples"
    let screen = trainingScreen([
        MetricEntry(name: "pr_auc", value: nil, undefinedReason: reason), MetricEntry(name: "roc_auc", value: nil, undefinedReason: reason),
    ])
    #expect(screen.contains("- undefined: pr_auc, roc_auc (yTrue has no positive samples)"))
}
