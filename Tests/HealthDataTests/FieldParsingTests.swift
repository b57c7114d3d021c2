import Testing
@testable import HealthData

@Suite struct FieldParsingTests {
    func parse<T>(_ text: String, _ parser: (UnsafeRawBufferPointer) -> T?) -> T? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { parser(UnsafeRawBufferPointer($0)) }
    }

    @Test func integersAcceptSignsAndRejectJunk() {
        #expect(parse("42", FieldParser.integer) == 42)
        #expect(parse("-7", FieldParser.integer) == -7)
        #expect(parse("+7", FieldParser.integer) == 7)
        #expect(parse("9223372036854775807", FieldParser.integer) == Int64.max)
        #expect(parse("-9223372036854775808", FieldParser.integer) == Int64.min)
        #expect(parse("9223372036854775808", FieldParser.integer) == nil)
        #expect(parse("1.0", FieldParser.integer) == nil)
        #expect(parse("-", FieldParser.integer) == nil)
        #expect(parse(" 1", FieldParser.integer) == nil)
    }

    @Test func doublesMatchTheStandardLibrary() {
        for text in ["0.5", ".5", "-.5", "5.", "226", "23.9", "1e3", "1.25E-2", "0.1", "123456789.123456789", "1e-300", "2.2250738585072014e-308"] {
            #expect(parse(text, FieldParser.double) == Double(text) ?? Double(text.replacingOccurrences(of: ".", with: "0.")), "\(text)")
        }
        #expect(parse("-0.0", FieldParser.double)?.sign == .minus)
    }

    @Test func doublesRejectNonNumbers() {
        for text in ["nan", "NaN", "inf", "-inf", "0x1p3", "1e", ".", "-", "1.2.3", "12a", "1 "] {
            #expect(parse(text, FieldParser.double) == nil, "\(text)")
        }
    }

    @Test func timestampsBothForms() {
        // 2000-03-01 is day 11017 after 1970-01-01 (30 years of 365 days + 7 leap days + Jan 31 + Feb 29).
        #expect(parse("2000-03-01", FieldParser.timestamp) == Int64(11_017 * 86_400))
        #expect(parse("2000-03-01 01:02:03", FieldParser.timestamp) == Int64(11_017 * 86_400 + 3723))
        #expect(parse("2000-03-01T01:02:03", FieldParser.timestamp) == Int64(11_017 * 86_400 + 3723))
        #expect(parse("2000-03-01 01:02:03.500", FieldParser.timestamp) == Int64(11_017 * 86_400 + 3723))
        #expect(parse("1970-01-01 00:00:00", FieldParser.timestamp) == 0)
        #expect(parse("1969-12-31 23:59:59", FieldParser.timestamp) == -1)
    }

    @Test func timestampsRejectImpossibleDates() {
        for text in ["2150-13-01", "2150-02-30", "2100-02-29", "2150-01-01 24:00:00", "2150-01-01 10:60:00", "2150/01/01", "2150-1-01", "21500101", "2150-01-01 10:00"] {
            #expect(parse(text, FieldParser.timestamp) == nil, "\(text)")
        }
        #expect(parse("2000-02-29", FieldParser.timestamp) != nil)
    }

    @Test func civilDaysRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = CivilTime.civilFromDays(days)
            #expect(CivilTime.daysFromCivil(year: year, month: month, day: day) == days)
        }
        #expect(CivilTime.format(parse("2164-10-23 21:09:00", FieldParser.timestamp)!) == "2164-10-23 21:09:00")
    }
}
