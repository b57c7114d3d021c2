import Foundation

/// A command-line failure with the exit status it maps to: 2 for bad arguments, 1 for runtime failures.
public struct CommandError: Error, CustomStringConvertible {
    public enum Kind: Sendable { case usage, runtime }

    public let kind: Kind
    public let message: String

    public static func usage(_ message: String) -> CommandError { CommandError(kind: .usage, message: message) }
    public static func runtime(_ message: String) -> CommandError { CommandError(kind: .runtime, message: message) }

    public var exitStatus: Int32 { kind == .usage ? 2 : 1 }
    public var description: String { message }
}

/// One `--name value` or `--flag` option a subcommand accepts.
struct OptionSpec {
    let name: String
    let valueName: String?
    let help: String
    var defaultValue: String? = nil
    var isRequired = false

    var isFlag: Bool { valueName == nil }
}

/// The parsed options of one subcommand, with typed accessors that report invalid values as usage errors.
struct ParsedOptions {
    let command: String
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(command: String, arguments: [String], specs: [OptionSpec], maxPositionals: Int = 0) throws {
        self.command = command
        let specsByName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        var index = 0

        while index < arguments.count {
            let argument = arguments[index]
            index += 1

            guard argument.hasPrefix("--"), argument.count > 2 else {
                guard positionals.count < maxPositionals else {
                    throw CommandError.usage("unexpected argument '\(argument)' for '\(command)'; run 'swifthealth \(command) --help' for the options")
                }
                positionals.append(argument)
                continue
            }

            // Accept both `--name value` and `--name=value`.
            var name = String(argument.dropFirst(2))
            var inlineValue: String? = nil
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }

            guard let spec = specsByName[name] else {
                var message = "unknown option '--\(name)' for '\(command)'"
                if let suggestion = closestMatch(to: name, among: specs.map(\.name)) {
                    message += "; did you mean '--\(suggestion)'?"
                }
                throw CommandError.usage(message)
            }

            if spec.isFlag {
                guard inlineValue == nil else { throw CommandError.usage("option '--\(name)' takes no value") }
                flags.insert(name)
                continue
            }

            if let inlineValue {
                values[name] = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                values[name] = arguments[index]
                index += 1
            } else {
                throw CommandError.usage("option '--\(name)' needs a value (\(spec.valueName ?? "value"))")
            }
        }

        for spec in specs where spec.isRequired && values[spec.name] == nil {
            throw CommandError.usage("missing required option '--\(spec.name) \(spec.valueName ?? "")' for '\(command)'")
        }
        for spec in specs where values[spec.name] == nil {
            if let defaultValue = spec.defaultValue { values[spec.name] = defaultValue }
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func integer(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw CommandError.usage("invalid value '\(text)' for '--\(name)': expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func double(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw CommandError.usage("invalid value '\(text)' for '--\(name)': expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func choice(_ name: String, from choices: [String]) throws -> String? {
        guard let text = values[name] else { return nil }
        let lowered = text.lowercased()
        guard choices.contains(lowered) else {
            var message = "invalid value '\(text)' for '--\(name)'; expected one of: \(choices.joined(separator: ", "))"
            if let suggestion = closestMatch(to: lowered, among: choices) { message += " (did you mean '\(suggestion)'?)" }
            throw CommandError.usage(message)
        }
        return lowered
    }
}

/// Returns the candidate nearest to `word` by edit distance, when it is close enough to be a likely typo.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    let allowed = max(2, word.count / 3)
    return best.1 <= allowed ? best.0 : nil
}

/// Levenshtein distance over Unicode scalars.
func editDistance(_ a: String, _ b: String) -> Int {
    let left = Array(a.unicodeScalars)
    let right = Array(b.unicodeScalars)
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }

    var previous = Array(0...right.count)
    var current = [Int](repeating: 0, count: right.count + 1)
    for i in 1...left.count {
        current[0] = i
        for j in 1...right.count {
            let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[right.count]
}

/// Parses a subcommand's options, or prints its help and returns nil when `--help` is among the arguments.
func parseOptions(
    _ arguments: [String], command: String, usage: String, summary: String, specs: [OptionSpec], console: Console
) throws -> ParsedOptions? {
    if arguments.contains("--help") || arguments.contains("-h") {
        console.print(helpText(usage: usage, summary: summary, specs: specs))
        return nil
    }
    return try ParsedOptions(command: command, arguments: arguments, specs: specs)
}

/// Formats the option list of a subcommand for `--help`.
func helpText(usage: String, summary: String, specs: [OptionSpec]) -> String {
    var lines = ["usage: \(usage)", "", summary, "", "options:"]
    for spec in specs {
        var left = "  --\(spec.name)"
        if let valueName = spec.valueName { left += " \(valueName)" }
        var right = spec.help
        if let defaultValue = spec.defaultValue { right += " (default: \(defaultValue))" }
        if spec.isRequired { right += " (required)" }
        let padding = max(1, 30 - left.count)
        lines.append(left + String(repeating: " ", count: padding) + right)
    }
    return lines.joined(separator: "\n")
}
