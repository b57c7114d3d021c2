import Foundation
import HealthData
import Training

/// `swifthealth dataset stats`: the loaded tables with row and patient counts.
enum DatasetStatsCommand {
    static let specs = DatasetSelection.optionSpecs + [
        OptionSpec(name: "tables", valueName: "LIST", help: "comma-separated event tables to load besides patients, admissions and icustays",
                   defaultValue: "diagnoses_icd,procedures_icd,prescriptions,labevents"),
        OptionSpec(name: "json", valueName: "FILE", help: "also write the statistics as JSON to FILE ('-' for standard output)"),
        OptionSpec(name: "help", valueName: nil, help: "show this help"),
    ]

    static func run(_ arguments: [String], console: Console) throws {
        guard let options = try parseOptions(
            arguments, command: "dataset stats", usage: "swifthealth dataset stats --dataset mimic3 --root DIR [options]",
            summary: "Loads a dataset and prints its tables with row and patient counts.", specs: specs, console: console)
        else { return }
        let selection = try DatasetSelection(options)
        let tables = (options.string("tables") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        let dataset = try selection.load(tables: tables, console: console)
        let stats = dataset.stats()

        if let jsonPath = options.string("json") {
            try writeJSON(statsObject(stats, root: selection.root), to: jsonPath, console: console)
            if jsonPath == "-" { return }
        }

        console.print(pad("dataset", 11) + stats.dataset)
        console.print(pad("root", 11) + selection.root.path)
        console.print(pad("patients", 11) + grouped(stats.patients))
        console.print(pad("admissions", 11) + grouped(stats.admissions))
        console.print("")
        console.print(pad("table", 18) + padLeft("rows", 12) + padLeft("patients", 10) + "  dropped")
        for table in stats.tables {
            let dropped = table.droppedRows.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            console.print(pad(table.name, 18) + padLeft(grouped(table.rows), 12) + padLeft(grouped(table.patients), 10) + "  " + (dropped.isEmpty ? "-" : dropped))
        }
    }

    static func statsObject(_ stats: DatasetStats, root: URL) -> [String: Any] {
        var tables: [[String: Any]] = []
        for table in stats.tables {
            tables.append(["name": table.name, "rows": table.rows, "patients": table.patients, "dropped_rows": table.droppedRows])
        }
        return ["dataset": stats.dataset, "root": root.path, "patients": stats.patients, "admissions": stats.admissions, "tables": tables]
    }
}

/// Writes `object` as pretty JSON to `path`, or to standard output when `path` is "-".
func writeJSON(_ object: Any, to path: String, console: Console) throws {
    let data = try jsonData(object, pretty: true)
    if path == "-" {
        console.print(String(decoding: data, as: UTF8.self))
        return
    }
    // A link is followed, so the file it points to gets the JSON and the link stays.
    let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).resolvingSymlinksInPath()
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
        throw CommandError.usage("\(url.path) is a folder; pass a file path to --json, or '-' for standard output")
    }
    do {
        // A device or a named pipe is written in place; replacing it with a regular file would destroy it.
        let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
        if let type, type != .typeRegular {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: data + Data("\n".utf8))
            return
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try writeAtomically(data + Data("\n".utf8), to: url)
    } catch {
        throw CommandError.runtime("failed to write \(url.path): \(error.localizedDescription)")
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// 12345 as "12,345".
func grouped(_ value: Int) -> String {
    let digits = String(abs(value))
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return value < 0 ? "-" + result : result
}
