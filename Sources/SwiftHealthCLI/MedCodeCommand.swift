import Foundation
import HealthData
import MedCode

/// `swifthealth medcode ...`: code lookup, hierarchy, cross-maps and search over the imported code store.
enum MedCodeCommand {
    static let overview = """
        usage: swifthealth medcode import --from DIR [--ddi DIR] [--force]
               swifthealth medcode lookup SYSTEM CODE
               swifthealth medcode ancestors SYSTEM CODE
               swifthealth medcode descendants SYSTEM CODE
               swifthealth medcode map SOURCE TARGET CODE [--level N]
               swifthealth medcode search QUERY [--system SYSTEM] [--limit N]
               swifthealth medcode systems

        Reads the official code files once into a store in the cache folder, then answers lookups from it
        without parsing. Codes are accepted with or without dots. Systems: \(systemNames).
        Every command takes --cache-dir DIR and --json FILE ('-' for standard output).
        """

    static var systemNames: String { CodeSystem.allCases.map(\.rawValue).joined(separator: ", ") }

    static let commonSpecs = [
        OptionSpec(name: "cache-dir", valueName: "DIR", help: "cache folder that contains the code store (default: the dataset cache folder)"),
        OptionSpec(name: "json", valueName: "FILE", help: "also write the result as JSON to FILE ('-' for standard output only)"),
        OptionSpec(name: "help", valueName: nil, help: "show this help"),
    ]

    static func run(_ arguments: [String], console: Console) throws {
        guard let subcommand = arguments.first, subcommand != "--help", subcommand != "-h" else {
            console.print(overview)
            return
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch subcommand {
            case "import": try runImport(rest, console: console)
            case "lookup": try runLookup(rest, console: console)
            case "ancestors": try runHierarchy(rest, ancestors: true, console: console)
            case "descendants": try runHierarchy(rest, ancestors: false, console: console)
            case "map": try runMap(rest, console: console)
            case "search": try runSearch(rest, console: console)
            case "systems": try runSystems(rest, console: console)
            default:
                var message = "unknown subcommand 'medcode \(subcommand)'"
                let names = ["import", "lookup", "ancestors", "descendants", "map", "search", "systems"]
                if let suggestion = closestMatch(to: subcommand, among: names) { message += "; did you mean '\(suggestion)'?" }
                throw CommandError.usage(message + " Run 'swifthealth medcode --help' for the list.")
            }
        } catch let error as MedCodeError {
            switch error {
            case .invalidRequest, .invalidCode, .invalidNDC: throw CommandError.usage("\(error)")
            default: throw CommandError.runtime("\(error)")
            }
        }
    }

    // MARK: - Subcommands

    static func runImport(_ arguments: [String], console: Console) throws {
        let specs = [
            OptionSpec(name: "from", valueName: "DIR", help: "folder with the official code files (icd9cm/, icd10cm/, icd10pcs/, gems/, ccs/, atc/, ndc/, rxnorm/)", isRequired: true),
            OptionSpec(name: "ddi", valueName: "DIR", help: "folder with the drug-interaction files (default: ddi-smiles beside --from, when present)"),
            OptionSpec(name: "force", valueName: nil, help: "rebuild the store even when the files have not changed"),
        ] + commonSpecs
        guard let options = try parseOptions(
            arguments, command: "medcode import", usage: "swifthealth medcode import --from DIR [--ddi DIR] [--force]",
            summary: "Reads the official code files into the code store in the cache folder. Later imports from unchanged files reuse the store.",
            specs: specs, console: console) else { return }

        let folder = URL(fileURLWithPath: ((options.string("from") ?? "") as NSString).expandingTildeInPath, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw CommandError.runtime("code folder not found: \(folder.path). Pass the folder that contains icd9cm/, icd10cm/, ccs/ and the others")
        }
        guard isDirectory.boolValue else {
            throw CommandError.usage("\(folder.path) is a file; --from takes the folder that contains icd9cm/, icd10cm/, ccs/ and the others")
        }
        let ddiFolder = try interactionFolder(options, codeFolder: folder)
        let store = try storeDirectory(options)
        let json = options.string("json")
        var extras: (@Sendable (URL) throws -> [String: String])?
        if let ddiFolder {
            extras = { building in try DrugInteractionStore.write(from: ddiFolder, into: building) }
        }
        let started = Date()
        let summary = try MedCodeImporter.run(
            from: folder, into: store, sources: MedCodeImporter.standardSources, force: options.flag("force"),
            extraInputs: interactionInputs(ddiFolder), extras: extras,
            progress: { line in if json != "-" { console.log(line) } })
        let seconds = Date().timeIntervalSince(started)

        if let json {
            try writeJSON(importObject(summary, store: store, seconds: seconds), to: json, console: console)
            if json == "-" { return }
        }
        console.print(summary.upToDate ? "code store is up to date: \(store.path)" : "code store: \(store.path) (\(String(format: "%.1f", seconds)) s)")
        for (system, codes) in summary.systems { console.print("  " + pad(system.rawValue, 15) + padLeft(grouped(codes), 9) + " codes") }
        for map in summary.maps {
            console.print("  " + pad("\(map.source.rawValue) -> \(map.target.rawValue)", 26) + padLeft(grouped(map.rows), 9) + " rows")
        }
        if summary.searchEntries > 0 { console.print("  search index " + padLeft(grouped(summary.searchEntries), 9) + " entries") }
        for (file, description) in summary.extras.sorted(by: { $0.key < $1.key }) { console.print("  \(file): \(description)") }
        for group in summary.skipped {
            console.print("  skipped \(group.name): missing \(group.missingFiles.joined(separator: ", "))")
        }
        for rows in summary.skippedRows {
            console.print("  skipped \(grouped(rows.count)) row\(rows.count == 1 ? "" : "s") of \(rows.file): \(rows.reason)")
        }
    }

    static func runLookup(_ arguments: [String], console: Console) throws {
        guard let (options, positionals) = try parse(arguments, command: "lookup", positionals: ["SYSTEM", "CODE"],
                                                     summary: "Prints a code's name, parent, number of children and attributes.", console: console)
        else { return }
        let system = try codeSystem(positionals[0])
        let store = try openStore(options)
        let info = try store.lookup(positionals[1], in: system)

        if let json = options.string("json") {
            try writeJSON(codeObject(info), to: json, console: console)
            if json == "-" { return }
        }
        console.print("\(system.rawValue) \(info.code)  \(displayName(info.name))")
        let width = max(16, (info.attributes.map(\.key.count).max() ?? 0) + 2)
        if let parent = info.parent {
            let parentName = (try? store.lookup(parent, in: system).name) ?? ""
            console.print("  " + pad("parent", width) + "\(parent)  \(displayName(parentName))")
        }
        console.print("  " + pad("children", width) + "\(info.childCount)")
        for attribute in info.attributes {
            // Notes such as inclusion terms hold one item per line; each continues under the first.
            let continuation = "\n  " + String(repeating: " ", count: width)
            console.print("  " + pad(attribute.key, width) + attribute.value.replacingOccurrences(of: "\n", with: continuation))
        }
    }

    static func runHierarchy(_ arguments: [String], ancestors: Bool, console: Console) throws {
        let command = ancestors ? "ancestors" : "descendants"
        let summary = ancestors
            ? "Prints a code's ancestors, closest first."
            : "Prints every descendant of a code, each parent before its children, indented by depth."
        guard let (options, positionals) = try parse(arguments, command: command, positionals: ["SYSTEM", "CODE"], summary: summary, console: console)
        else { return }
        let system = try codeSystem(positionals[0])
        let store = try openStore(options)
        let info = try store.lookup(positionals[1], in: system)
        let codes = ancestors
            ? try store.ancestors(of: info.code, in: system)
            : try store.descendants(of: info.code, in: system)

        if let json = options.string("json") {
            let object: [String: Any] = ["system": system.rawValue, "code": info.code, "name": info.name, command: codes.map(codeObject)]
            try writeJSON(object, to: json, console: console)
            if json == "-" { return }
        }
        console.print("\(system.rawValue) \(info.code)  \(displayName(info.name))")
        if codes.isEmpty {
            console.print(ancestors ? "  (no ancestors: the code is a root of the hierarchy)" : "  (no descendants: the code is a leaf)")
            return
        }
        if ancestors {
            for code in codes { console.print("  \(code.code)  \(displayName(code.name))") }
            return
        }

        // Depth below the asked code, from the parent links, to indent the tree.
        var depth: [String: Int] = [info.code: 0]
        for code in codes {
            let level = (code.parent.flatMap { depth[$0] } ?? 0) + 1
            depth[code.code] = level
            console.print(String(repeating: "  ", count: level) + "\(code.code)  \(displayName(code.name))")
        }
    }

    static func runMap(_ arguments: [String], console: Console) throws {
        let extra = [OptionSpec(name: "level", valueName: "N", help: "convert targets to this level: ATC 1-5, CCS multi-level 1-4 for diagnoses and 1-3 for procedures")]
        guard let (options, positionals) = try parse(
            arguments, command: "map", positionals: ["SOURCE", "TARGET", "CODE"], extraSpecs: extra,
            summary: "Maps a code to every target in another system. GEM flags (approximate, no map, combination) are shown for ICD-9/ICD-10 maps.",
            console: console)
        else { return }
        let source = try codeSystem(positionals[0])
        let target = try codeSystem(positionals[1])
        let level = try options.integer("level", range: 1...5)
        let store = try openStore(options)
        let code = positionals[2]
        // The standard form avoids reading the source table; range codes such as "001-139" need the lookup.
        let canonical = (try? source.standardize(code)) ?? (try? store.lookup(code, in: source).code) ?? code
        let result = try store.map(code, from: source, to: target, level: level)

        // Names come from the target table when it was imported and has the code.
        let nameSystem = level != nil && target == .ccscm ? CodeSystem.ccscmMultiLevel
            : level != nil && target == .ccsproc ? CodeSystem.ccsprocMultiLevel : target
        func name(_ code: String) -> String? {
            guard let name = try? store.lookup(code, in: nameSystem).name, !name.isEmpty else { return nil }
            return name
        }

        if let json = options.string("json") {
            // The target names the system the codes belong to: a level on CCSCM gives CCSCM_MULTI codes.
            var object: [String: Any] = ["source": source.rawValue, "target": nameSystem.rawValue, "code": canonical]
            if nameSystem != target { object["requested_target"] = target.rawValue }
            if let level { object["level"] = level }
            switch result {
            case let .mapped(targets):
                object["status"] = "mapped"
                object["targets"] = targets.map { target -> [String: Any] in
                    var entry: [String: Any] = ["code": target.code]
                    if let targetName = name(target.code) { entry["name"] = targetName }
                    if level != nil, let targetLevel = store.level(of: target.code, in: nameSystem) { entry["level"] = targetLevel }
                    if let flags = target.flags { entry["flags"] = flagsObject(flags) }
                    return entry
                }
            case let .noMapping(flags):
                object["status"] = "no_mapping"
                object["targets"] = [Any]()
                if let flags { object["flags"] = flagsObject(flags) }
            }
            try writeJSON(object, to: json, console: console)
            if json == "-" { return }
        }

        var levelText = level.map { " (level \($0))" } ?? ""
        if let level, target == .ccscm || target == .ccsproc { levelText = " (multi-level CCS, level \(level))" }
        console.print("\(source.rawValue) \(canonical) -> \(target.rawValue)\(levelText)")
        switch result {
        case let .mapped(targets):
            for target in targets {
                var line = "  \(target.code)"
                if let targetName = name(target.code) { line += "  \(targetName)" }
                if let flags = target.flags, !flagWords(flags).isEmpty { line += "  [\(flagWords(flags))]" }
                if let level, let targetLevel = store.level(of: target.code, in: nameSystem), targetLevel < level {
                    line += "  [level \(targetLevel): the map goes no deeper for this code]"
                }
                console.print(line)
            }
        case let .noMapping(flags):
            let reason = flags?.noMap == true ? "the GEM file marks this code as having no equivalent" : "the map has no row for this valid code"
            console.print("  no mapping: \(reason)")
        }
    }

    static func runSystems(_ arguments: [String], console: Console) throws {
        guard let (options, _) = try parse(arguments, command: "systems", positionals: [],
                                           summary: "Lists the imported code systems and maps with their sizes.", console: console)
        else { return }
        let store = try openStore(options)
        if let json = options.string("json") {
            let object: [String: Any] = [
                "store": store.directory.path, "imported_from": store.origin.folder, "created_at": store.origin.createdAt,
                "systems": store.systems.map { ["system": $0.rawValue, "codes": store.codeCount($0)] },
                "extras": store.extras,
                "maps": store.mapSizes.map {
                    ["source": $0.source.rawValue, "target": $0.target.rawValue, "source_codes": $0.sourceCodes, "rows": $0.rows]
                },
            ]
            try writeJSON(object, to: json, console: console)
            if json == "-" { return }
        }
        console.print("code store \(store.directory.path), imported from \(store.origin.folder) at \(store.origin.createdAt)")
        for system in store.systems { console.print("  " + pad(system.rawValue, 15) + padLeft(grouped(store.codeCount(system)), 9) + " codes") }
        for map in store.mapSizes {
            console.print("  " + pad("map \(map.source.rawValue) -> \(map.target.rawValue)", 30) + padLeft(grouped(map.rows), 9) + " rows")
        }
        for (file, description) in store.extras.sorted(by: { $0.key < $1.key }) { console.print("  \(file): \(description)") }
        for group in store.skippedGroups { console.print("  not imported: \(group.name) (missing \(group.missingFiles.joined(separator: ", ")))") }
    }

    // MARK: - Helpers

    /// Parses options plus exactly the named positional arguments; nil after printing help.
    static func parse(
        _ arguments: [String], command: String, positionals names: [String], extraSpecs: [OptionSpec] = [],
        summary: String, console: Console
    ) throws -> (ParsedOptions, [String])? {
        let specs = extraSpecs + commonSpecs
        let usage = (["swifthealth medcode", command] + names + ["[options]"]).joined(separator: " ")
        if arguments.contains("--help") || arguments.contains("-h") {
            console.print(helpText(usage: usage, summary: summary + "\nSystems: \(systemNames).", specs: specs))
            return nil
        }
        let options = try ParsedOptions(command: "medcode \(command)", arguments: arguments, specs: specs, maxPositionals: names.count)
        guard options.positionals.count == names.count else {
            throw CommandError.usage("'medcode \(command)' needs \(names.joined(separator: " ")): \(usage)")
        }
        return (options, options.positionals)
    }

    /// Parses a system name in any case, with '-' or '_' ("icd9cm", "CCSCM-MULTI").
    static func codeSystem(_ text: String) throws -> CodeSystem {
        let key = text.uppercased().replacingOccurrences(of: "-", with: "_")
        if let system = CodeSystem.allCases.first(where: { $0.rawValue.uppercased() == key }) { return system }
        var message = "unknown code system '\(text)'; expected one of: \(systemNames)"
        if let suggestion = closestMatch(to: key, among: CodeSystem.allCases.map { $0.rawValue.uppercased() }) {
            message += " (did you mean '\(suggestion)'?)"
        }
        throw CommandError.usage(message)
    }

    static func storeDirectory(_ options: ParsedOptions) throws -> URL {
        let cacheBase = options.string("cache-dir").map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath, isDirectory: true) }
        var isDirectory: ObjCBool = false
        if let cacheBase, FileManager.default.fileExists(atPath: cacheBase.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandError.usage("\(cacheBase.path) is a file; --cache-dir takes a folder, which is created when missing")
        }
        return MedCodeStore.defaultDirectory(cacheBase: EHRDataset.cacheBaseDirectory(cacheBase))
    }

    static func openStore(_ options: ParsedOptions) throws -> MedCodeStore {
        try MedCodeStore(directory: try storeDirectory(options))
    }

    /// Returns the drug-interaction folder: --ddi, else `ddi-smiles` beside the code folder when it exists.
    static func interactionFolder(_ options: ParsedOptions, codeFolder: URL) throws -> URL? {
        if let path = options.string("ddi") {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath, isDirectory: true)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw CommandError.runtime("drug-interaction folder not found: \(url.path). Pass the folder with ddi_atc3_safedrug.csv")
            }
            // Checked before the long parse of the code files, which would otherwise come first.
            let missing = DrugInteractionGraph.requiredFiles.filter { !FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
            guard missing.isEmpty else {
                throw CommandError.usage("the drug-interaction folder \(url.path) lacks \(missing.joined(separator: ", ")). Pass the folder that contains them")
            }
            return url
        }
        let sibling = codeFolder.deletingLastPathComponent().appendingPathComponent("ddi-smiles", isDirectory: true)
        return FileManager.default.fileExists(atPath: sibling.path) ? sibling : nil
    }

    /// Returns a name for display, because ICD-9 procedure categories have none in the CMS files.
    static func displayName(_ name: String) -> String {
        name.isEmpty ? "(no name in the source files)" : name
    }

    /// Returns the files of the interaction folder, so that a change to them rebuilds the store.
    static func interactionInputs(_ folder: URL?) -> [URL] {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static func codeObject(_ info: CodeInfo) -> [String: Any] {
        var object: [String: Any] = ["system": info.system.rawValue, "code": info.code, "name": info.name, "children": info.childCount]
        object["parent"] = info.parent ?? NSNull()
        object["attributes"] = Dictionary(info.attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return object
    }

    static func flagsObject(_ flags: GEMFlags) -> [String: Any] {
        ["approximate": flags.approximate, "no_map": flags.noMap, "combination": flags.combination,
         "scenario": flags.scenario, "choice_list": flags.choiceList]
    }

    static func flagWords(_ flags: GEMFlags) -> String {
        var words: [String] = []
        if flags.approximate { words.append("approximate") }
        if flags.noMap { words.append("no map") }
        if flags.combination { words.append("combination: scenario \(flags.scenario), choice list \(flags.choiceList)") }
        return words.joined(separator: ", ")
    }

    static func importObject(_ summary: ImportSummary, store: URL, seconds: Double) -> [String: Any] {
        [
            "store": store.path, "up_to_date": summary.upToDate, "seconds": seconds, "search_entries": summary.searchEntries,
            "systems": summary.systems.map { ["system": $0.system.rawValue, "codes": $0.codes] },
            "maps": summary.maps.map { ["source": $0.source.rawValue, "target": $0.target.rawValue, "source_codes": $0.sourceCodes, "rows": $0.rows] },
            "skipped": summary.skipped.map { ["name": $0.name, "missing_files": $0.missingFiles] },
            "skipped_rows": summary.skippedRows.map { ["file": $0.file, "reason": $0.reason, "count": $0.count] },
            "extras": summary.extras,
        ]
    }
}
