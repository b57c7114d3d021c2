import Foundation
import HealthModels
import Training

/// The status of the watched run, as the header shows it.
public enum WatchPhase: Sendable, Equatable {
    /// No event yet: `events.jsonl` is missing or empty.
    case waiting
    /// Events arrive and neither `finished` nor `failed` has been seen.
    case live
    case finished
    case failed(String)
}

/// Everything the watch screen shows: the run's settings from `config.json` and the Training pane built from its events.
public struct WatchState: Sendable {
    /// The run folder as the user named it, for the header.
    public var runName: String
    public var phase = WatchPhase.waiting
    /// True when the run had already ended when the watcher started, so the screen replays a finished record.
    public var isReplay = false
    /// The model and task from `config.json`, until a `started` event names them.
    public var configModel: String?
    public var configTask: String?
    /// Whether `config.json` named a monitor. Without one, the chart shows the first validation metric.
    public var hasConfiguredMonitor = false
    public var training = TrainingPaneState()
    /// The chart characters, from `SWIFTHEALTH_CHART_GLYPHS`.
    public var chartGlyphs = ChartGlyphs.braille
    /// Lines that were not events, and the newest one's error.
    public var malformedCount = 0
    public var lastMalformed: String?
    /// The newest note worth a line of its own: a checkpoint, an early stop, a restart.
    public var note: String?
    /// Whole seconds since the last update while live, once they reach `quietThresholdSeconds`; nil otherwise.
    public var quietSeconds: Int?
    /// The silence, in seconds, after which a live run's status shows how long no event has arrived.
    public static let quietThresholdSeconds = 30
    /// The `time` of the `started` event, so step events give elapsed seconds for the ETA.
    var startTime: Double?

    public init(runName: String) {
        self.runName = runName
        training.idleHint = "waiting for the first event in events.jsonl"
    }

    /// The model and task for the header, preferring what the trainer reported.
    public var model: String { training.model.isEmpty ? configModel ?? "?" : training.model }
    public var task: String { training.taskName.isEmpty ? configTask ?? "?" : training.taskName }

    /// `live` (with `· no events for m:ss` after a silence), `finished`, `failed: message`, `replay`, or `waiting for events.jsonl`.
    public var statusText: String {
        switch (phase, isReplay) {
        case (.waiting, _): "waiting for events.jsonl"
        case (.live, _): quietSeconds.map { "live · no events for \(TrainingPane.clock(Double($0)))" } ?? "live"
        case (.finished, false): "finished"
        case (.finished, true): "replay"
        case (.failed(let message), false): "failed: \(message)"
        case (.failed(let message), true): "replay · failed: \(message)"
        }
    }

    /// Fills the settings row from a run's `config.json` object, as `swifthealth train --run-dir` writes it.
    public mutating func applyConfig(_ config: [String: Any]) {
        configModel = config["model"] as? String
        configTask = config["task"] as? String
        var settings = training.settings
        if let model = configModel.flatMap(ModelKind.init(rawValue:)) { settings.model = model }
        if let epochs = (config["epochs"] as? NSNumber)?.intValue { settings.epochs = epochs }
        if let batch = (config["batch_size"] as? NSNumber)?.intValue { settings.batchSize = batch }
        if let rate = (config["learning_rate"] as? NSNumber)?.doubleValue { settings.learningRate = rate }
        if let monitor = config["monitor"] as? String {
            settings.monitor = monitor
            hasConfiguredMonitor = true
        }
        training.settings = settings
    }

    /// Takes in one update from the follower.
    public mutating func apply(_ update: EventLogUpdate) {
        switch update {
        case .event(let record):
            apply(record)
        case .malformed(let error):
            malformedCount += 1
            lastMalformed = error.description
        case .restarted(let reason):
            let settings = training.settings
            training = TrainingPaneState()
            training.settings = settings
            training.idleHint = "waiting for the first event in events.jsonl"
            phase = .waiting
            isReplay = false
            malformedCount = 0
            lastMalformed = nil
            startTime = nil
            note = reason
        }
    }

    private mutating func apply(_ record: RunEvent) {
        if case .started = record.event { startTime = record.time }
        if let startTime { training.elapsedSeconds = max(0, record.time - startTime) }
        WorkbenchReducer.applyTrainingEvent(&training, record.event)

        switch record.event {
        case .started(let model, _, let epochs, _, _, _, _):
            phase = .live
            if let kind = ModelKind(rawValue: model) { training.settings.model = kind }
            training.settings.epochs = epochs
        case .step:
            if phase == .waiting { phase = .live }
        case .epochEnded(let summary):
            if phase == .waiting { phase = .live }
            if !hasConfiguredMonitor, training.epochs.count == 1, let first = summary.validation.first(where: { $0.name != "loss" }) {
                training.settings.monitor = first.name
            }
        case .checkpointSaved(let kind, let epoch, _):
            note = "saved the \(kind.rawValue) checkpoint at epoch \(epoch)"
        case .earlyStopped(let epoch, let patience):
            note = "stopped early at epoch \(epoch): no improvement for \(patience) epochs"
        case .finished:
            phase = .finished
        case .failed(let message):
            phase = .failed(message)
        }
    }
}
