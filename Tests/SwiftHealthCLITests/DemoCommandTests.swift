import Foundation
import TestSupport
import Testing
@testable import SwiftHealthCLI

/// The commands end to end on the MIMIC-III demo. Expected counts were derived from the raw rows with a
/// standalone script following PyHealth 2.x's task rules, and agree with PyHealth 2.1.0 run on the same files.
@Suite(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
struct DemoCommandTests {
    private func run(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(arguments, console: captured.console)
        return (status, captured.output, captured.error)
    }

    private func demo() throws -> String { try TestData.require("mimic3-demo").path }

    @Test func datasetStatsCountsDemo() throws {
        let result = run(["dataset", "stats", "--dataset", "mimic3", "--root", try demo(), "--no-cache"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("patients   100"))
        #expect(result.output.contains("admissions 129"))
        #expect(result.output.contains("prescriptions"))
        #expect(result.output.contains("10,398"))
    }

    @Test(arguments: [
        (["--task", "mortality"], "samples   26 from 12 patients (of 100)", "mortality 0: 21, 1: 5"),
        (["--task", "readmission"], "samples   26 from 12 patients (of 100)", "readmission 0: 19, 1: 7"),
        (["--task", "readmission", "--window", "30"], "samples   26 from 12 patients (of 100)", "readmission 0: 16, 1: 10"),
        (["--task", "length_of_stay"], "samples   107 from 82 patients (of 100)",
         "los 0: 8, 1: 2, 2: 12, 3: 3, 4: 12, 5: 8, 6: 7, 7: 9, 8: 31, 9: 15"),
    ])
    func samplesMatchPyHealthCounts(task: [String], countLine: String, labelLine: String) throws {
        let result = run(["samples", "--dataset", "mimic3", "--root", try demo(), "--no-cache", "--limit", "0"] + task)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains(countLine), "\(result.output)")
        #expect(result.output.contains(labelLine), "\(result.output)")
    }

    @Test func samplesOfOnePatientShowNamedCodes() throws {
        // Patient 44083 has three admissions, and length of stay keeps all three. By hand, the stays of
        // 7 d 6:15, 2 d 21:53 and 10 d 1:05 fall in buckets 7, 2 and 8.
        let result = run(["samples", "--dataset", "mimic3", "--root", try demo(), "--no-cache", "--task", "los", "--patient", "44083"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("patient 44083 · visit 125157 · los 7"))
        #expect(result.output.contains("patient 44083 · visit 131048 · los 2"))
        #expect(result.output.contains("patient 44083 · visit 198330 · los 8"))
        // Diagnosis 4019 is essential hypertension in D_ICD_DIAGNOSES.
        #expect(result.output.contains("4019 Hypertension NOS"))
    }

    @Test func unknownPatientIsADataError() throws {
        let result = run(["samples", "--dataset", "mimic3", "--root", try demo(), "--no-cache", "--task", "mortality", "--patient", "999999"])
        #expect(result.status == 1)
        #expect(result.error.contains("patient '999999' not found"))
    }

    @Test(arguments: [("mortality", "transformer"), ("readmission", "rnn"), ("length_of_stay", "retain"), ("readmission", "mlp"), ("length_of_stay", "lstm")])
    func trainWritesCompleteRun(task: String, model: String) throws {
        let folder = try TestData.temporaryFolder("cli-train")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runDirectory = folder.appendingPathComponent("run")
        let json = folder.appendingPathComponent("results.json")

        // Small layers keep the debug-build test quick; the full-size defaults are exercised by the benchmark.
        let result = run([
            "train", "--dataset", "mimic3", "--root", try demo(), "--task", task, "--model", model, "--epochs", "2",
            "--embedding-dim", "16", "--hidden-dim", "16", "--cache-dir", folder.appendingPathComponent("cache").path,
            "--run-dir", runDirectory.path, "--json", json.path,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("epoch 1  train_loss"))
        #expect(result.output.contains("epoch 2  train_loss"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        for key in ["dataset", "task", "model", "samples", "epochs", "test", "timing", "run_dir"] {
            #expect(object[key] != nil, "results.json lacks \(key)")
        }
        let samples = try #require(object["samples"] as? [String: Any])
        let total = try #require(samples["total"] as? Int)
        let parts = ["train", "val", "test"].compactMap { samples[$0] as? Int }
        #expect(parts.count == 3)
        #expect(parts.reduce(0, +) == total)
        #expect((object["epochs"] as? [[String: Any]])?.count == 2)
        let timing = try #require(object["timing"] as? [String: Double])
        #expect(Set(timing.keys) == ["load_s", "task_s", "train_s"])

        for file in ["config.json", "events.jsonl", "vocab.json", "last.safetensors", "results.json"] {
            #expect(FileManager.default.fileExists(atPath: runDirectory.appendingPathComponent(file).path), "run directory lacks \(file)")
        }
        let events = try String(contentsOf: runDirectory.appendingPathComponent("events.jsonl"), encoding: .utf8)
        #expect(events.contains("\"event\":\"started\""))
        #expect(events.contains("\"event\":\"finished\""))
    }

    @Test func missingTableExitsWithDataError() throws {
        // A root with only the always-loaded tables: training mortality needs the code tables too.
        let root = try TestData.temporaryFolder("partial-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let source = try TestData.require("mimic3-demo")
        for table in ["PATIENTS", "ADMISSIONS", "ICUSTAYS"] {
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("\(table).csv.gz"), withDestinationURL: source.appendingPathComponent("\(table).csv.gz"))
        }

        let result = run(["train", "--dataset", "mimic3", "--root", root.path, "--task", "mortality", "--model", "mlp", "--no-cache"])
        #expect(result.status == 1)
        #expect(result.error.uppercased().contains("DIAGNOSES_ICD"))
        #expect(result.error.contains(root.path))
    }

    @Test func unknownModelIsAnArgumentError() throws {
        let result = run(["train", "--dataset", "mimic3", "--root", try demo(), "--task", "mortality", "--model", "transfomer"])
        #expect(result.status == 2)
        #expect(result.error.contains("unknown model 'transfomer'"))
        #expect(result.error.contains("did you mean 'transformer'?"))
    }

    @Test func runDirectoryIsNotReusedSilently() throws {
        let folder = try TestData.temporaryFolder("cli-run-reuse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runDirectory = folder.appendingPathComponent("run").path
        let arguments = [
            "train", "--dataset", "mimic3", "--root", try demo(), "--task", "mortality", "--model", "mlp", "--epochs", "1",
            "--embedding-dim", "8", "--hidden-dim", "8", "--cache-dir", folder.appendingPathComponent("cache").path,
            "--run-dir", runDirectory, "--quiet",
        ]

        #expect(run(arguments).status == 0)
        let second = run(arguments)
        #expect(second.status == 2)
        #expect(second.error.contains("already contains a run"))
        #expect(second.error.contains("--overwrite"))
        #expect(run(arguments + ["--overwrite"]).status == 0)
        // The lock file is gone once a run ends.
        #expect(!FileManager.default.fileExists(atPath: runDirectory + "/.lock"))
    }

    @Test func jsonToStandardOutputIsPureJSON() throws {
        let folder = try TestData.temporaryFolder("cli-json-stdout")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = run([
            "train", "--dataset", "mimic3", "--root", try demo(), "--task", "mortality", "--model", "mlp", "--epochs", "1",
            "--embedding-dim", "8", "--hidden-dim", "8", "--cache-dir", folder.path, "--json", "-",
        ])
        #expect(result.status == 0, "\(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(object?["task"] as? String == "MortalityPredictionMIMIC3")
        // The human-readable report went to standard error instead.
        #expect(result.error.contains("epoch 1  train_loss"))
    }

    @Test func badOutputPathsFailBeforeLoading() throws {
        let empty = run(["train", "--dataset", "mimic3", "--root", try demo(), "--task", "mortality", "--model", "mlp", "--json", ""])
        #expect(empty.status == 2)
        #expect(empty.error.contains("'--json' needs a non-empty path"))

        let folder = try TestData.temporaryFolder("cli-json-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = run(["train", "--dataset", "mimic3", "--root", try demo(), "--task", "mortality", "--model", "mlp", "--json", folder.path])
        #expect(directory.status == 2)
        #expect(directory.error.contains("is a folder"))
        // Nothing was loaded: the check comes before the dataset.
        #expect(!directory.error.contains("loaded mimic3"))
    }

    @Test func divergedTrainingExitsWithError() throws {
        // The failure a user met: plain SGD at learning rate 10 on the length-of-stay MLP overflows to NaN.
        let folder = try TestData.temporaryFolder("cli-diverge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = run([
            "train", "--dataset", "mimic3", "--root", try demo(), "--task", "length_of_stay", "--model", "mlp", "--epochs", "3",
            "--lr", "10", "--optimizer", "sgd", "--monitor", "loss", "--cache-dir", folder.path,
        ])
        #expect(result.status == 1)
        #expect(result.error.contains("training diverged"))
        #expect(!result.output.contains("loss 0.0000"))
    }
}
