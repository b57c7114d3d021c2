import Foundation

/// Maps the bytes of text fields to dense Int32 codes, creating one String per distinct value.
///
/// Lookups hash and compare raw bytes, so a column of a million rows with a few thousand distinct
/// values creates a few thousand Strings, not a million.
struct TextInterner {
    private struct Entry {
        var start: Int
        var length: Int
        var hash: UInt64
    }

    private(set) var strings: [String] = []
    /// The bytes of every distinct value, back to back.
    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    /// Open-addressing table of indices into `entries`; -1 marks an empty slot.
    private var slots: [Int32] = Array(repeating: -1, count: 64)

    var count: Int { strings.count }

    init() {}

    mutating func code(for bytes: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int32? = arena.withUnsafeBytes { stored in
            entries.withUnsafeBufferPointer { entries in
                slots.withUnsafeBufferPointer { slots in
                    while true {
                        let entry = slots[slot]
                        if entry < 0 { return nil }
                        let candidate = entries[Int(entry)]
                        if candidate.hash == hash, candidate.length == bytes.count,
                           bytes.count == 0 || memcmp(stored.baseAddress! + candidate.start, bytes.baseAddress!, bytes.count) == 0 {
                            return entry
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found { return found }

        let code = Int32(strings.count)
        entries.append(Entry(start: arena.count, length: bytes.count, hash: hash))
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

    private mutating func grow() {
        let capacity = slots.count * 2
        let mask = capacity - 1
        var newSlots = [Int32](repeating: -1, count: capacity)
        for (position, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
            newSlots[slot] = Int32(position)
        }
        slots = newSlots
    }

    /// Hashes bytes to 64 bits, eight bytes at a time, mixing with SplitMix64's multipliers.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }
}
