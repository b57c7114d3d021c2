/// A pull parser for the subset of XML that the CDC ICD-10-CM tabular file uses.
///
/// It reads elements with attributes, character data, the five predefined entities (`&amp;` `&lt;` `&gt;`
/// `&quot;` `&apos;`), decimal and hexadecimal character references, CDATA sections, comments, processing
/// instructions (the XML declaration among them) and a DOCTYPE without an internal subset. Comments,
/// processing instructions and the DOCTYPE produce no events. Text that is only whitespace is skipped, and
/// other text is returned as the file writes it, without trimming. The input must be UTF-8. The scanner checks
/// that end tags match their start tags, but it does not check namespaces or validate against a schema.
///
/// FoundationXML is not used because it needs libxml2, which Swift on Linux does not always ship.
struct XMLScanner {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String])
        case end(name: String)
        case text(String)
    }

    /// The file named in errors.
    let path: String
    /// The 1-based line where the last returned event started.
    private(set) var line = 1

    private let bytes: [UInt8]
    private var index = 0
    /// The line at `index`.
    private var currentLine = 1
    private var openElements: [String] = []
    /// The end event still owed for a self-closing tag (`<a/>`).
    private var pendingEnd: String?

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Returns the next event, or nil at the end of the input.
    /// - Throws: `MedCodeError.invalidTable` naming the file and line for malformed markup, an unknown entity,
    ///   a mismatched end tag, an element left open at the end, or text that is not UTF-8.
    mutating func next() throws -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name: name)
        }
        while index < bytes.count {
            line = currentLine
            guard bytes[index] == UInt8(ascii: "<") else {
                let text = try scanText()
                if let text { return .text(text) }
                continue
            }

            if hasPrefix("<!--") {
                try skip(past: "-->", construct: "comment")
            } else if hasPrefix("<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>", construct: "CDATA section")
                let content = bytes[start..<(index - 3)]
                if content.contains(where: { !isSpace($0) }) { return .text(try decodeUTF8(content)) }
            } else if hasPrefix("<?") {
                try skip(past: "?>", construct: "processing instruction")
            } else if hasPrefix("<!DOCTYPE") {
                try skip(past: ">", construct: "DOCTYPE")
            } else if hasPrefix("</") {
                return try scanEndTag()
            } else {
                return try scanStartTag()
            }
        }
        line = currentLine
        if let open = openElements.last {
            throw fail("the element <\(open)> is never closed. Check that the file is complete and not cut short")
        }
        return nil
    }

    // MARK: - Markup

    private mutating func scanStartTag() throws -> Event {
        index += 1
        let name = try scanName(in: "a start tag")
        var attributes: [String: String] = [:]
        while true {
            skipSpaces()
            guard index < bytes.count else { throw fail("the start tag <\(name)> is never closed") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                openElements.append(name)
                return .start(name: name, attributes: attributes)
            }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else {
                    throw fail("expected \">\" after \"/\" in the start tag <\(name)>")
                }
                index += 2
                pendingEnd = name
                return .start(name: name, attributes: attributes)
            }

            let attribute = try scanName(in: "the start tag <\(name)>")
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw fail("the attribute \"\(attribute)\" of <\(name)> has no value")
            }
            index += 1
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw fail("the value of the attribute \"\(attribute)\" of <\(name)> is not quoted")
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == UInt8(ascii: "\n") { currentLine += 1 }
                index += 1
            }
            guard index < bytes.count else { throw fail("the value of the attribute \"\(attribute)\" is never closed") }
            attributes[attribute] = try decodeEntities(bytes[start..<index])
            index += 1
        }
    }

    private mutating func scanEndTag() throws -> Event {
        index += 2
        let name = try scanName(in: "an end tag")
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
            throw fail("expected \">\" after the end tag </\(name)")
        }
        index += 1
        guard let open = openElements.popLast() else {
            throw fail("the end tag </\(name)> has no start tag")
        }
        guard open == name else {
            throw fail("the end tag </\(name)> does not match the open element <\(open)>")
        }
        return .end(name: name)
    }

    /// Reads an element or attribute name: every byte up to whitespace, "/", ">", "=" or "<".
    private mutating func scanName(in context: String) throws -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<") { break }
            index += 1
        }
        guard index > start else { throw fail("a name is missing in \(context)") }
        return try decodeUTF8(bytes[start..<index])
    }

    /// Reads character data up to the next "<"; returns nil when it is only whitespace.
    private mutating func scanText() throws -> String? {
        let start = index
        var hasText = false
        var hasEntity = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") { break }
            if byte == UInt8(ascii: "\n") {
                currentLine += 1
            } else if !isSpace(byte) {
                hasText = true
                if byte == UInt8(ascii: "&") { hasEntity = true }
            }
            index += 1
        }
        guard hasText else { return nil }
        let content = bytes[start..<index]
        return hasEntity ? try decodeEntities(content) : try decodeUTF8(content)
    }

    // MARK: - Entities and decoding

    /// Decodes text with entity and character references, counting lines from `line` for errors.
    private func decodeEntities(_ content: ArraySlice<UInt8>) throws -> String {
        var result = ""
        var runStart = content.startIndex
        var position = content.startIndex
        var errorLine = line
        while position < content.endIndex {
            let byte = content[position]
            if byte == UInt8(ascii: "\n") { errorLine += 1 }
            guard byte == UInt8(ascii: "&") else {
                position += 1
                continue
            }
            result += try decodeUTF8(content[runStart..<position])

            guard let semicolon = content[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw MedCodeError.invalidTable(
                    path: path, line: errorLine,
                    reason: "an \"&\" does not start an entity reference. Write it as \"&amp;\"")
            }
            let reference = String(decoding: content[(position + 1)..<semicolon], as: UTF8.self)
            guard let scalar = Self.entityValue(reference) else {
                throw MedCodeError.invalidTable(
                    path: path, line: errorLine,
                    reason: "unknown entity \"&\(reference);\": expected amp, lt, gt, quot, apos or a character reference such as &#233;")
            }
            result.unicodeScalars.append(scalar)
            position = semicolon + 1
            runStart = position
        }
        result += try decodeUTF8(content[runStart..<content.endIndex])
        return result
    }

    /// Returns the character of a predefined entity name or a "#233" / "#xE9" reference.
    private static func entityValue(_ reference: String) -> Unicode.Scalar? {
        switch reference {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        guard reference.hasPrefix("#") else { return nil }
        let digits = reference.dropFirst()
        let value: UInt32?
        if digits.hasPrefix("x") || digits.hasPrefix("X") {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        return value.flatMap(Unicode.Scalar.init)
    }

    private func decodeUTF8(_ content: ArraySlice<UInt8>) throws -> String {
        guard let text = String(validating: content, as: UTF8.self) else {
            throw fail("the text is not valid UTF-8. Convert the file to UTF-8")
        }
        return text
    }

    // MARK: - Helpers

    private func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        return true
    }

    /// Moves past the next occurrence of `terminator`, counting lines.
    private mutating func skip(past terminator: StaticString, construct: String) throws {
        let count = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start[0]
        while index < bytes.count {
            if bytes[index] == first, hasPrefix(terminator) {
                index += count
                return
            }
            if bytes[index] == UInt8(ascii: "\n") { currentLine += 1 }
            index += 1
        }
        throw fail("a \(construct) is never closed. Check that the file is complete and not cut short")
    }

    private mutating func skipSpaces() {
        while index < bytes.count, isSpace(bytes[index]) {
            if bytes[index] == UInt8(ascii: "\n") { currentLine += 1 }
            index += 1
        }
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private func fail(_ reason: String) -> MedCodeError {
        .invalidTable(path: path, line: line, reason: reason)
    }
}
