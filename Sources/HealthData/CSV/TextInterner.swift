/// Maps the bytes of text fields to dense Int32 codes, creating one String per distinct value.
///
/// Lookups hash and compare raw bytes, so a column of a million rows with a few thousand distinct
/// values creates a few thousand Strings, not a million.
struct TextInterner {
    private(set) var strings: [String] = []
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Open-addressing table of indices into `strings`; -1 marks an empty slot.
    private var slots: [Int32] = Array(repeating: -1, count: 64)

    var count: Int { strings.count }

    init() {}

    mutating func code(for bytes: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == hash, equalsEntry(Int(entry), bytes) { return entry }
            slot = (slot + 1) & mask
        }

        let code = Int32(strings.count)
        starts.append(arena.count)
        lengths.append(bytes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        strings.append(Self.decode(bytes))
        slots[slot] = code
        if strings.count * 2 > slots.count { grow() }
        return code
    }

    /// Decodes UTF-8; a field that is not valid UTF-8 is read as Latin-1 (ISO 8859-1), byte for code point.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
    }

    private func equalsEntry(_ entry: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard lengths[entry] == bytes.count else { return false }
        let start = starts[entry]
        return arena.withUnsafeBytes { stored in
            for offset in 0..<bytes.count where stored[start + offset] != bytes[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        let mask = capacity - 1
        var newSlots = [Int32](repeating: -1, count: capacity)
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
            newSlots[slot] = Int32(entry)
        }
        slots = newSlots
    }

    /// FNV-1a, 64-bit.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        // Mix the high bits down, because the table index uses only the low bits.
        return hash ^ (hash >> 29)
    }
}
