import Foundation

/// Importer for ICD-10-CM diagnoses (ICD10CM) from the CDC/NCHS FY2026 tabular list (April 1, 2026 update).
public enum ICD10CMImport {
    static let tabularFile = "icd10cm/icd10cm_tabular_2026.xml.gz"

    /// The files the importer reads, relative to the import folder.
    public static let requiredFiles = [tabularFile]

    /// Imports ICD10CM: the chapters, sections and codes of the tabular list, with their parents.
    ///
    /// - Chapters have the tabular's chapter number as code ("1" to "22") and its title as name
    ///   ("Certain infectious and parasitic diseases (A00-B99)"). They are the roots.
    /// - Sections have their range as code ("A00-A09"). A section that contains a single category has the
    ///   category's code as its id ("B10"), so the section is left out and the category lies directly
    ///   under the chapter. The tabular has 39 such sections.
    /// - `<diag>` elements nest to any depth ("S72" > "S72.0" > "S72.00" > "S72.001") and keep their dotted code.
    /// - Codes with a 7th character are not `<diag>` elements. They come from the `<sevenChrDef>` that applies
    ///   to a `<diag>` without children, the nearest one up the tree. The code is padded with the placeholder X
    ///   to 6 characters and the 7th character is appended: "S72.001" gives "S72.001A" and "S02.0" gives
    ///   "S02.0XXA". The parent is that `<diag>`. The name is its description, a comma and the meaning of
    ///   the 7th character ("Fracture of unspecified part of neck of right femur, initial encounter for
    ///   closed fracture"), which is the wording of the CDC code files.
    /// - In category S06, codes whose 6th character is 7 or 8 (death before regaining consciousness) take
    ///   only the 7th character A, as a note in the tabular states.
    ///
    /// Attributes: "billable" is "yes" for a code without children and "no" otherwise (chapters and sections
    /// included). "placeholder" is "yes" for the 246 `<diag>` levels that the tabular marks as placeholders,
    /// which end in X ("T36.0X" between "T36.0" and "T36.0X1"). The notes under "includes", "inclusion terms", "excludes1" and "excludes2" are kept, one
    /// per line, for chapters and `<diag>` codes.
    /// - Parameter root: the import folder, which contains `icd10cm/`.
    /// - Throws: `MedCodeError.invalidTable` naming the file and line for a missing file, malformed XML, a
    ///   repeated code, a node without its name or description, an invalid code or an invalid 7th character.
    public static func codes(in root: URL) throws -> ImportedSystem {
        let url = try ImportFile.locate(tabularFile, in: root)
        var scanner = XMLScanner(bytes: try readGzipFile(url), path: url.path)
        var builder = TabularBuilder(path: url.path)
        while let event = try scanner.next() {
            try builder.handle(event, line: scanner.line)
        }
        return ImportedSystem(system: .icd10cm, records: builder.records, files: [tabularFile])
    }
}

/// Turns the events of the tabular XML into records, keeping the open chapter, section and `<diag>` nodes.
private struct TabularBuilder {
    enum Kind: String {
        case chapter, section, diag
    }

    struct Node {
        var kind: Kind
        var line: Int
        var code: String?
        var description: String?
        var parent: String?
        var recordIndex: Int?
        var hasChildren = false
        /// Whether the tabular marks the `<diag>` as a placeholder level ("T36.0X").
        var isPlaceholder = false
        /// The 7th characters and their meanings that apply to this node, from its own or the nearest
        /// ancestor's `<sevenChrDef>`.
        var seventhCharacters: [(character: String, meaning: String)]?
        var notes: [String: [String]] = [:]
        /// For a section: whether its first `<diag>` has been read, which decides whether the section is kept.
        var isSectionDecided = false
        var isSectionDropped = false
    }

    /// Note groups kept as attributes, keyed by element name.
    static let noteAttributes = [
        "includes": "includes", "inclusionTerm": "inclusion terms", "excludes1": "excludes1", "excludes2": "excludes2",
    ]

    let path: String
    private(set) var records: [CodeRecord] = []
    private var nodes: [Node] = []
    private var elements: [String] = []
    private var text = ""
    private var seventhCharacterDefinition: [(character: String, meaning: String)]?
    private var extensionCharacter: String?
    private var firstLineOfCode: [String: Int] = [:]

    init(path: String) {
        self.path = path
    }

    mutating func handle(_ event: XMLScanner.Event, line: Int) throws {
        switch event {
        case let .start(name, attributes):
            elements.append(name)
            text = ""
            try start(name, attributes: attributes, line: line)
        case let .text(content):
            text += content
        case let .end(name):
            try end(name, line: line)
            elements.removeLast()
        }
    }

    // MARK: - Start tags

    private mutating func start(_ name: String, attributes: [String: String], line: Int) throws {
        switch name {
        case "chapter":
            nodes.append(Node(kind: .chapter, line: line))
        case "section":
            guard let id = attributes["id"]?.trimmingASCIISpaces(), !id.isEmpty else {
                throw MedCodeError.invalidTable(path: path, line: line, reason: "a <section> has no id attribute")
            }
            guard let chapter = nodes.last, chapter.kind == .chapter, chapter.recordIndex != nil else {
                throw MedCodeError.invalidTable(
                    path: path, line: line, reason: "the <section> \"\(id)\" is not inside a chapter with a name and a description")
            }
            nodes.append(Node(kind: .section, line: line, code: id, parent: chapter.code))
        case "diag":
            guard var enclosing = nodes.popLast(), enclosing.kind != .chapter else {
                throw MedCodeError.invalidTable(path: path, line: line, reason: "a <diag> is not inside a <section> or another <diag>")
            }
            if enclosing.kind == .diag { try emitRecord(of: &enclosing) }
            enclosing.hasChildren = true
            let inherited = enclosing.kind == .diag ? enclosing.seventhCharacters : nil
            let parent = enclosing.isSectionDropped ? enclosing.parent : enclosing.code
            nodes.append(enclosing)
            nodes.append(Node(
                kind: .diag, line: line, parent: parent, isPlaceholder: attributes["placeholder"] == "true",
                seventhCharacters: inherited))
        case "sevenChrDef":
            seventhCharacterDefinition = []
        case "extension":
            extensionCharacter = attributes["char"]
        default:
            break
        }
    }

    // MARK: - End tags

    private mutating func end(_ name: String, line: Int) throws {
        let parentElement = elements.count >= 2 ? elements[elements.count - 2] : ""
        let value = text.trimmingASCIISpaces()

        switch name {
        case "name" where parentElement == "chapter" || parentElement == "diag":
            try setCode(value, line: line)
        case "desc" where Kind(rawValue: parentElement) != nil:
            guard !value.isEmpty else {
                throw MedCodeError.invalidTable(path: path, line: line, reason: "the <desc> of a <\(parentElement)> is empty")
            }
            var node = nodes.removeLast()
            node.description = value
            if node.kind != .section { try emitRecord(of: &node) }
            nodes.append(node)
        case "note":
            let group = parentElement
            let owner = elements.count >= 3 ? elements[elements.count - 3] : ""
            if let attribute = Self.noteAttributes[group], owner == "chapter" || owner == "diag", !value.isEmpty {
                nodes[nodes.count - 1].notes[attribute, default: []].append(value)
            }
        case "extension" where parentElement == "sevenChrDef":
            guard let character = extensionCharacter, character.count == 1,
                  character.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw MedCodeError.invalidTable(
                    path: path, line: line,
                    reason: "invalid <extension> char \"\(extensionCharacter ?? "")\": expected one letter or digit as the 7th character")
            }
            seventhCharacterDefinition?.append((character.uppercased(), value))
        case "sevenChrDef":
            guard let definition = seventhCharacterDefinition, !definition.isEmpty,
                  nodes.last?.kind == .diag else {
                throw MedCodeError.invalidTable(
                    path: path, line: line, reason: "a <sevenChrDef> is empty or not inside a <diag>")
            }
            nodes[nodes.count - 1].seventhCharacters = definition
            seventhCharacterDefinition = nil
        case "chapter", "section", "diag":
            guard var node = nodes.popLast() else { return }
            try finish(&node)
        default:
            break
        }
    }

    /// Stores the code of the innermost node, deciding for the first `<diag>` of a section whether the section
    /// is kept.
    private mutating func setCode(_ text: String, line: Int) throws {
        var node = nodes.removeLast()
        defer { nodes.append(node) }

        guard node.kind == .diag else {
            guard !text.isEmpty else {
                throw MedCodeError.invalidTable(path: path, line: line, reason: "the <name> of a chapter is empty")
            }
            node.code = text
            return
        }

        let code: String
        do {
            code = try CodeSystem.icd10cm.standardize(text)
        } catch let error as MedCodeError {
            throw MedCodeError.invalidTable(path: path, line: line, reason: "invalid <diag> name \"\(text)\": \(error)")
        }
        node.code = code

        guard var section = nodes.popLast() else { return }
        defer { nodes.append(section) }
        guard section.kind == .section, !section.isSectionDecided else { return }
        section.isSectionDecided = true
        if section.code == code {
            section.isSectionDropped = true
            node.parent = section.parent
        } else {
            try emitRecord(of: &section)
        }
    }

    /// Appends the node's record unless it already has one.
    private mutating func emitRecord(of node: inout Node) throws {
        guard node.recordIndex == nil else { return }
        guard let code = node.code, let description = node.description else {
            let missing = node.code == nil ? "<name>" : "<desc>"
            throw MedCodeError.invalidTable(
                path: path, line: node.line, reason: "a <\(node.kind.rawValue)> has no \(missing) before its content")
        }
        try append(CodeRecord(code: code, name: description, parent: node.parent), line: node.line)
        node.recordIndex = records.count - 1
    }

    /// Completes a node at its end tag: attributes, and the codes built from its 7th characters.
    private mutating func finish(_ node: inout Node) throws {
        if node.kind == .section && node.isSectionDropped { return }
        try emitRecord(of: &node)
        guard let index = node.recordIndex else { return }

        let extendsWithSeventh = node.kind == .diag && !node.hasChildren && node.seventhCharacters != nil
        let isBillable = node.kind == .diag && !node.hasChildren && !extendsWithSeventh
        records[index].attributes["billable"] = isBillable ? "yes" : "no"
        if node.isPlaceholder { records[index].attributes["placeholder"] = "yes" }
        for (attribute, notes) in node.notes {
            records[index].attributes[attribute] = notes.joined(separator: "\n")
        }

        if extendsWithSeventh, let code = node.code, let description = node.description, let characters = node.seventhCharacters {
            try appendSeventhCharacterCodes(of: code, description: description, characters: characters, line: node.line)
        }
    }

    private mutating func appendSeventhCharacterCodes(
        of code: String, description: String, characters: [(character: String, meaning: String)], line: Int
    ) throws {
        let base = code.replacingOccurrences(of: ".", with: "")
        guard base.count <= 6 else {
            throw MedCodeError.invalidTable(
                path: path, line: line,
                reason: "invalid <diag> name \"\(code)\": a <sevenChrDef> applies to it, but it already has 7 characters")
        }
        let padded = base + String(repeating: "X", count: 6 - base.count)

        // The S06 note: "7th characters D and S do not apply to codes in category S06 with 6th character 7 -
        // death due to brain injury prior to regaining consciousness, or 8 - death due to other cause prior
        // to regaining consciousness."
        let sixth = padded.last
        let onlyInitial = padded.hasPrefix("S06") && (sixth == "7" || sixth == "8")

        for (character, meaning) in characters where !onlyInitial || character == "A" {
            let extended = try CodeSystem.icd10cm.standardize(padded + character)
            try append(
                CodeRecord(code: extended, name: "\(description), \(meaning)", parent: code, attributes: ["billable": "yes"]),
                line: line)
        }
    }

    private mutating func append(_ record: CodeRecord, line: Int) throws {
        if let first = firstLineOfCode[record.code] {
            throw MedCodeError.invalidTable(
                path: path, line: line, reason: "the code \"\(record.code)\" appears twice, first on line \(first)")
        }
        firstLineOfCode[record.code] = line
        records.append(record)
    }
}
