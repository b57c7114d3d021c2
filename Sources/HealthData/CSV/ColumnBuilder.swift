/// Accumulates one typed column while a file is parsed.
struct ColumnBuilder {
    let name: String
    let type: ColumnType
    private var integers: [Int64] = []
    private var doubles: [Double] = []
    private var codes: [Int32] = []
    private var validity = ValidityMask()
    private var interner = TextInterner()

    init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }

    /// Appends one field; an empty field is a missing value. Returns false when the bytes do not parse as `type`.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.isEmpty {
            appendMissing()
            return true
        }
        switch type {
        case .integer:
            guard let value = FieldParser.integer(bytes) else { return false }
            integers.append(value)
            validity.append(true)
        case .timestamp:
            guard let value = FieldParser.timestamp(bytes) else { return false }
            integers.append(value)
            validity.append(true)
        case .double:
            guard let value = FieldParser.double(bytes) else { return false }
            doubles.append(value)
            validity.append(true)
        case .text:
            codes.append(interner.code(for: bytes))
        }
        return true
    }

    private mutating func appendMissing() {
        switch type {
        case .integer:
            integers.append(0)
            validity.append(false)
        case .timestamp:
            // The placeholder sorts after every real time, so an event table can use this array as its times.
            integers.append(EventTable.missingTime)
            validity.append(false)
        case .double:
            doubles.append(0)
            validity.append(false)
        case .text:
            codes.append(-1)
        }
    }

    func finish() -> Column {
        Column(
            name: name, type: type, integers: integers, doubles: doubles, codes: codes,
            dictionary: interner.strings, validity: validity)
    }
}
