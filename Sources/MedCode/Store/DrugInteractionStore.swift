import Foundation

/// Writes the drug-drug interaction graphs into the code store at import, and reads them back.
///
/// The store keeps SafeDrug's ATC level-3 graph and the TWOSIDES top-40 graph at ATC levels 2 to 5, so the
/// drug-safety metric and drug-recommendation models need no interaction files after the import.
public enum DrugInteractionStore {
    /// The graphs the store keeps, in the order they are written.
    public static let sources: [DrugInteractionGraph.Source] =
        [.safeDrugATC3] + (2...5).map { DrugInteractionGraph.Source.twosidesTop40(level: $0) }

    /// Returns the store file of a graph, relative to the store folder.
    static func fileName(_ source: DrugInteractionGraph.Source) -> String {
        switch source {
        case .safeDrugATC3: return "ddi/safedrug-atc3.bin"
        case let .twosidesTop40(level): return "ddi/twosides-top40-atc\(level).bin"
        }
    }

    /// Reads every graph from `ddiFolder` and writes it into the store folder being built.
    /// - Returns: the file of each graph by its name, for the manifest.
    public static func write(from ddiFolder: URL, into building: URL) throws -> [String: String] {
        try FileManager.default.createDirectory(at: building.appendingPathComponent("ddi"), withIntermediateDirectories: true)
        var files: [String: String] = [:]
        for source in sources {
            let graph = try DrugInteractionGraph.load(from: ddiFolder, source: source)
            var writer = BinaryWriter()
            graph.write(to: &writer)
            let file = fileName(source)
            try StoreFile.write(writer.bytes, version: UInt32(MedCodeImporter.formatVersion), to: building.appendingPathComponent(file))
            files[file] = "\(graph.codes.count) codes, \(graph.pairCount) pairs"
        }
        return files
    }
}

extension MedCodeStore {
    /// Reads the drug-drug interaction graph of `source`, as imported.
    /// - Throws: `MedCodeError.invalidTable` when the import had no interaction folder or the file is damaged.
    public func drugInteractions(_ source: DrugInteractionGraph.Source) throws -> DrugInteractionGraph {
        var reader = try storeFile(DrugInteractionStore.fileName(source))
        let graph = try DrugInteractionGraph.read(from: &reader)
        guard graph.source == source else { throw reader.corrupt("it contains another interaction graph") }
        return graph
    }
}
