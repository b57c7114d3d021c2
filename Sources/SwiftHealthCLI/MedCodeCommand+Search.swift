import Foundation
import MedCode

extension MedCodeCommand {
    /// `swifthealth medcode search QUERY`: type-ahead search over codes and names of every imported system.
    static func runSearch(_ arguments: [String], console: Console) throws {
        let extra = [
            OptionSpec(name: "system", valueName: "SYSTEM", help: "search only this code system"),
            OptionSpec(name: "limit", valueName: "N", help: "maximum number of hits", defaultValue: "20"),
        ]
        guard let (options, positionals) = try parse(
            arguments, command: "search", positionals: ["QUERY"], extraSpecs: extra,
            summary: """
                Finds codes whose code starts with QUERY (dots and hyphens ignored) or whose name has a word starting \
                with each word of QUERY. Code matches come first, shortest code first; name matches are ranked by \
                whole-word matches, then shorter names. Matching parts are bold on a terminal.
                """,
            console: console)
        else { return }
        let system = try options.string("system").map(codeSystem)
        let limit = try options.integer("limit", range: 1...10_000) ?? 20
        let query = positionals[0]
        guard query.contains(where: { !$0.isWhitespace }) else {
            throw CommandError.usage("'medcode search' needs a query: a code prefix or words of a name, such as \"heart failure\"")
        }
        let store = try openStore(options)
        if let system, !store.systems.contains(system) {
            throw MedCodeError.systemNotImported(system: system, store: store.directory.path)
        }
        let hits = try store.searchIndex().search(query, system: system, limit: limit)

        if let json = options.string("json") {
            var object: [String: Any] = ["query": query, "hits": hits.map(hitObject)]
            object["system"] = system?.rawValue ?? NSNull()
            try writeJSON(object, to: json, console: console)
            if json == "-" { return }
        }
        if hits.isEmpty {
            console.print("no codes match \"\(query)\"" + (system.map { " in \($0.rawValue)" } ?? ""))
            return
        }
        let bold = console.isTerminalOutput && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let systemWidth = hits.map(\.system.rawValue.count).max() ?? 0
        let codeWidth = hits.map(\.code.count).max() ?? 0
        for hit in hits {
            let code = marked(hit.code, hit.codeMatch.map { [$0] } ?? [], bold: bold)
            let codePadding = String(repeating: " ", count: codeWidth - hit.code.count)
            console.print(pad(hit.system.rawValue, systemWidth + 1) + " " + code + codePadding + "  " + marked(displayName(hit.name), hit.nameMatches, bold: bold))
        }
    }

    /// Wraps the Character ranges of `text` in ANSI bold when `bold` is set.
    static func marked(_ text: String, _ ranges: [Range<Int>], bold: Bool) -> String {
        guard bold, !ranges.isEmpty else { return text }
        var result = ""
        for (offset, character) in text.enumerated() {
            if ranges.contains(where: { $0.lowerBound == offset }) { result += "\u{1B}[1m" }
            result.append(character)
            if ranges.contains(where: { $0.upperBound == offset + 1 }) { result += "\u{1B}[22m" }
        }
        return result
    }

    static func hitObject(_ hit: SearchHit) -> [String: Any] {
        var object: [String: Any] = ["system": hit.system.rawValue, "code": hit.code, "name": hit.name]
        object["code_match"] = hit.codeMatch.map { [$0.lowerBound, $0.upperBound] } ?? NSNull()
        object["name_matches"] = hit.nameMatches.map { [$0.lowerBound, $0.upperBound] }
        return object
    }
}
