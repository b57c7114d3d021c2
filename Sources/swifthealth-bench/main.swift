import Foundation

// swifthealth-bench scale --from DIR --to DIR --factor N
let arguments = Array(CommandLine.arguments.dropFirst())

func value(of option: String) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

do {
    switch arguments.first {
    case "scale":
        guard let from = value(of: "--from"), let to = value(of: "--to"),
              let factorText = value(of: "--factor"), let factor = Int(factorText), factor >= 1 else {
            throw BenchError("usage: swifthealth-bench scale --from DIR --to DIR --factor N")
        }
        try DemoScaler(source: URL(fileURLWithPath: from), destination: URL(fileURLWithPath: to), factor: factor).run()
    default:
        throw BenchError("usage: swifthealth-bench scale --from DIR --to DIR --factor N")
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
