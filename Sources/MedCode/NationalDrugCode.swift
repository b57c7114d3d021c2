/// A National Drug Code in the 11-digit 5-4-2 form that MIMIC and billing files use.
///
/// The FDA NDC Directory writes package codes as 10 digits in three hyphenated segments
/// (labeler-product-package) laid out 4-4-2, 5-3-2 or 5-4-1. The 11-digit form pads the short
/// segment with a leading zero, so "0002-0800-01" becomes "00002080001" and "00904-5899-4"
/// becomes "00904589904". MIMIC-III PRESCRIPTIONS already stores the 11-digit form without
/// hyphens and writes "0" where no NDC was recorded.
public struct NationalDrugCode: Hashable, Sendable, CustomStringConvertible {
    /// The 11 digits without hyphens ("00002080001").
    public let digits: String

    /// The segment layout of a 10-digit NDC, named by the lengths of its three segments.
    public enum Layout: String, CaseIterable, Sendable {
        case fourFourTwo = "4-4-2"
        case fiveThreeTwo = "5-3-2"
        case fiveFourOne = "5-4-1"

        /// Segment lengths, labeler first.
        var lengths: (Int, Int, Int) {
            switch self {
            case .fourFourTwo: return (4, 4, 2)
            case .fiveThreeTwo: return (5, 3, 2)
            case .fiveFourOne: return (5, 4, 1)
            }
        }
    }

    /// Parses an NDC in any FDA or MIMIC spelling and pads it to 5-4-2.
    ///
    /// Accepted: hyphenated 4-4-2, 5-3-2, 5-4-1 and 5-4-2, and 11 digits without hyphens. Ten digits
    /// without hyphens fit all three layouts, so they need `tenDigitLayout`. Surrounding spaces
    /// are ignored.
    /// - Throws: `MedCodeError.invalidNDC` for an empty value, a non-digit, a wrong length or
    ///   layout, a 10-digit value without `tenDigitLayout`, or an all-zero placeholder such as "0".
    public init(_ text: String, tenDigitLayout: Layout? = nil) throws {
        let value = text.trimmingASCIISpaces()
        func fail(_ reason: String) -> MedCodeError { .invalidNDC(value: text, reason: reason) }

        guard !value.isEmpty else { throw fail("the value is empty, which marks a missing NDC") }
        let segments = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        for segment in segments where !segment.utf8.allSatisfy(Self.isDigit) {
            throw fail("found a character other than a digit or hyphen")
        }

        // MIMIC writes "0" for a missing NDC; any all-zero value is reported as that placeholder before its length.
        guard value.utf8.contains(where: { $0 != UInt8(ascii: "0") && $0 != UInt8(ascii: "-") }) else {
            throw fail("an all-zero NDC is a placeholder for a missing code")
        }

        let padded: String
        if segments.count == 3 {
            padded = try Self.padHyphenated(segments, fail: fail)
        } else if segments.count == 1 {
            padded = try Self.padPlain(value, layout: tenDigitLayout, fail: fail)
        } else {
            throw fail("a hyphenated NDC has 3 segments, labeler-product-package, not \(segments.count)")
        }

        digits = padded
    }

    /// The hyphenated 5-4-2 spelling ("00002-0800-01").
    public var hyphenated: String {
        let bytes = Array(digits.utf8)
        return String(decoding: bytes[0..<5], as: UTF8.self) + "-"
            + String(decoding: bytes[5..<9], as: UTF8.self) + "-"
            + String(decoding: bytes[9..<11], as: UTF8.self)
    }

    public var description: String { digits }

    /// The product code of the package, labeler and product segments in the padded "LLLLL-PPPP" form
    /// ("00002-0800" for "00002080001").
    public var productCode: String {
        let bytes = Array(digits.utf8)
        return String(decoding: bytes[0..<5], as: UTF8.self) + "-" + String(decoding: bytes[5..<9], as: UTF8.self)
    }

    /// Pads an FDA product NDC (labeler-product, laid out 4-4, 5-3 or 5-4) to the "LLLLL-PPPP" form:
    /// "0002-0800" becomes "00002-0800" and "50090-123" becomes "50090-0123". Nine digits without a hyphen
    /// are read as 5-4. Surrounding spaces are ignored.
    /// - Throws: `MedCodeError.invalidNDC` for an empty value, a non-digit, other segment lengths, or all zeros.
    public static func productCode(_ text: String) throws -> String {
        let value = text.trimmingASCIISpaces()
        func fail(_ reason: String) -> MedCodeError { .invalidNDC(value: text, reason: reason) }

        guard !value.isEmpty else { throw fail("the value is empty, which marks a missing product NDC") }
        var segments = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        for segment in segments where !segment.utf8.allSatisfy(Self.isDigit) {
            throw fail("found a character other than a digit or hyphen")
        }
        if segments.count == 1, value.utf8.count == 9 {
            segments = [String(value.prefix(5)), String(value.suffix(4))]
        }
        guard segments.count == 2 else {
            throw fail("a product NDC has 2 segments, labeler-product, or 9 digits, not \(value)")
        }

        let padded: String
        switch (segments[0].utf8.count, segments[1].utf8.count) {
        case (5, 4): padded = segments[0] + "-" + segments[1]
        case (4, 4): padded = "0" + segments[0] + "-" + segments[1]
        case (5, 3): padded = segments[0] + "-0" + segments[1]
        case let (labeler, product):
            throw fail("segment lengths \(labeler)-\(product) are none of 4-4, 5-3 or 5-4")
        }
        guard padded.utf8.contains(where: { $0 != UInt8(ascii: "0") && $0 != UInt8(ascii: "-") }) else {
            throw fail("an all-zero NDC is a placeholder for a missing code")
        }
        return padded
    }

    // MARK: - Helpers

    private static func padHyphenated(_ segments: [String], fail: (String) -> MedCodeError) throws -> String {
        let lengths = segments.map(\.utf8.count)
        switch (lengths[0], lengths[1], lengths[2]) {
        case (5, 4, 2): return segments.joined()
        case (4, 4, 2): return "0" + segments.joined()
        case (5, 3, 2): return segments[0] + "0" + segments[1] + segments[2]
        case (5, 4, 1): return segments[0] + segments[1] + "0" + segments[2]
        default:
            let layout = lengths.map(String.init).joined(separator: "-")
            throw fail("segment lengths \(layout) are none of 4-4-2, 5-3-2, 5-4-1 or 5-4-2")
        }
    }

    private static func padPlain(_ value: String, layout: Layout?, fail: (String) -> MedCodeError) throws -> String {
        let count = value.utf8.count
        if count == 11 { return value }
        guard count == 10 else {
            throw fail("\(count) digit\(count == 1 ? "" : "s"), but an NDC has 10 digits (FDA form) or 11 (5-4-2 form)")
        }
        guard let layout else {
            throw fail("10 digits without hyphens fit 4-4-2, 5-3-2 and 5-4-1 alike, so write the NDC with its hyphens or as 11 digits")
        }

        let bytes = Array(value.utf8)
        let (labeler, product, _) = layout.lengths
        let segments = [
            String(decoding: bytes[0..<labeler], as: UTF8.self),
            String(decoding: bytes[labeler..<(labeler + product)], as: UTF8.self),
            String(decoding: bytes[(labeler + product)...], as: UTF8.self),
        ]
        return try padHyphenated(segments, fail: fail)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
