import Foundation

extension SampleProcessor {
    /// Layout of `vocab.json`. Token lists are arrays in index order because JSON objects have no order.
    private struct FileContents: Codable {
        var format: Int
        var inputFields: [String]
        var labelName: String
        var labelKind: String
        var classes: Int?
        var vocabularies: [String: [String]]

        enum CodingKeys: String, CodingKey {
            case format
            case inputFields = "input_fields"
            case labelName = "label_name"
            case labelKind = "label_kind"
            case classes
            case vocabularies
        }
    }

    static let fileFormat = 1

    /// Writes the processor as JSON (a run's `vocab.json`), through a temporary file renamed into place
    /// so a reader never sees half a file.
    public func save(to url: URL) throws {
        var contents = FileContents(
            format: Self.fileFormat, inputFields: inputFields, labelName: labelName, labelKind: "binary", classes: nil,
            vocabularies: Dictionary(uniqueKeysWithValues: zip(inputFields, vocabularies.map(\.tokens))))
        if case .multiclass(let classes) = labelKind {
            contents.labelKind = "multiclass"
            contents.classes = classes
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(contents)

        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw HealthDataError(
                .ioFailure, file: temporary.path, message: "writing the vocabulary failed (\(error.localizedDescription))",
                hint: "Check that the run folder exists and is writable.")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw HealthDataError(
                .ioFailure, file: url.path, message: "moving the vocabulary into place failed (\(reason))",
                hint: "Check that the run folder is writable.")
        }
    }

    /// Reads a processor written by `save(to:)`.
    /// - Throws: `ioFailure` for an unreadable file, `invalidFormat` for one that is not a vocabulary file.
    public static func load(from url: URL) throws -> SampleProcessor {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw HealthDataError(
                .ioFailure, file: url.path, message: "cannot read the vocabulary (\(error.localizedDescription))",
                hint: "Pass the vocab.json of a finished run.")
        }
        let contents: FileContents
        do {
            contents = try JSONDecoder().decode(FileContents.self, from: data)
        } catch {
            throw HealthDataError(
                .invalidFormat, file: url.path, message: "the file is not a vocabulary file (\(error))",
                hint: "Pass a vocab.json written by SampleProcessor.save.")
        }
        guard contents.format == fileFormat else {
            throw HealthDataError(
                .invalidFormat, file: url.path, value: String(contents.format),
                message: "unsupported vocabulary format \(contents.format)", hint: "This version reads format \(fileFormat).")
        }

        let labelKind: LabelKind
        switch (contents.labelKind, contents.classes) {
        case ("binary", _): labelKind = .binary
        case ("multiclass", .some(let classes)): labelKind = .multiclass(classes: classes)
        default:
            throw HealthDataError(
                .invalidFormat, file: url.path, value: contents.labelKind, message: "unknown label kind",
                hint: "Use \"binary\", or \"multiclass\" with \"classes\".")
        }
        var vocabularies: [CodeVocabulary] = []
        for field in contents.inputFields {
            guard let tokens = contents.vocabularies[field] else {
                throw HealthDataError(
                    .invalidFormat, file: url.path, column: field, message: "no vocabulary for input field '\(field)'",
                    hint: "Every name in input_fields needs a token list under vocabularies.")
            }
            do {
                vocabularies.append(try CodeVocabulary(tokens: tokens))
            } catch var error as HealthDataError {
                error.file = url.path
                error.column = field
                throw error
            }
        }
        return try SampleProcessor(
            inputFields: contents.inputFields, vocabularies: vocabularies, labelName: contents.labelName, labelKind: labelKind)
    }
}
