// Hand-written parsers for typed CSV fields. They read bytes in place, so parsing a number or a
// timestamp never creates a String. Each returns nil for text that is not of its form.

/// Calendar helpers for timestamps stored as integer seconds since 1970-01-01 00:00:00 UTC.
public enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Converts days since 1970-01-01 to a date (the inverse of `daysFromCivil`).
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Seconds since 1970 of a UTC date and time; no range checks.
    public static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Returns the UTC calendar date of a timestamp in seconds since 1970.
    public static func date(ofSeconds seconds: Int64) -> (year: Int, month: Int, day: Int) {
        civilFromDays(Int(floorDivide(seconds, 86_400)))
    }

    /// Formats seconds since 1970 as `YYYY-MM-DD HH:MM:SS` (UTC).
    public static func format(_ seconds: Int64) -> String {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var yearText = String(year)
        while yearText.count < 4 { yearText = "0" + yearText }
        return "\(yearText)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division, so that times before 1970 fall on the previous day as Python's timedelta does.
    public static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

enum FieldParser {
    private static let zero = UInt8(ascii: "0")
    private static let minus = UInt8(ascii: "-")
    private static let plus = UInt8(ascii: "+")

    /// Parses an optional sign followed by decimal digits; nil on anything else or on Int64 overflow.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        var negative = false
        if bytes.count > 0, bytes[0] == minus || bytes[0] == plus {
            negative = bytes[0] == minus
            index = 1
        }
        guard index < bytes.count else { return nil }

        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- zero
            guard digit < 10 else { return nil }
            // Accumulate negatively so that Int64.min parses too.
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        let (positive, overflow) = Int64(0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses a decimal number: sign, digits with an optional point (`.5` and `5.` included), optional exponent.
    ///
    /// `nan`, `inf` and hexadecimal floats are rejected so that a missing value can never hide behind them.
    /// Numbers with at most 15 significant digits and a small exponent take Clinger's exact fast path.
    /// The rest go through the standard library's correctly rounded parser.
    static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var index = 0
        var negative = false
        if bytes.count > 0, bytes[0] == minus || bytes[0] == plus {
            negative = bytes[0] == minus
            index = 1
        }

        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var decimalExponent = 0
        var leadingZeros = true
        while index < bytes.count, bytes[index] &- zero < 10 {
            let digit = bytes[index] &- zero
            digitCount += 1
            if !(leadingZeros && digit == 0) {
                leadingZeros = false
                if significantDigits < 19 {
                    mantissa = mantissa * 10 + UInt64(digit)
                    significantDigits += 1
                } else {
                    decimalExponent += 1
                }
            }
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] &- zero < 10 {
                let digit = bytes[index] &- zero
                digitCount += 1
                if !(leadingZeros && digit == 0) {
                    leadingZeros = false
                    if significantDigits < 19 {
                        mantissa = mantissa * 10 + UInt64(digit)
                        significantDigits += 1
                        decimalExponent -= 1
                    }
                } else {
                    decimalExponent -= 1
                }
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }

        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == minus || bytes[index] == plus {
                exponentNegative = bytes[index] == minus
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < bytes.count, bytes[index] &- zero < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- zero) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard index == bytes.count else { return nil }

        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if significantDigits <= 15, abs(decimalExponent) <= 22 {
            var value = Double(mantissa)
            if decimalExponent < 0 {
                value /= exactPowersOfTen[-decimalExponent]
            } else {
                value *= exactPowersOfTen[decimalExponent]
            }
            return negative ? -value : value
        }
        // The grammar is already checked, so the slow path only has to round correctly.
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD` as seconds since 1970 (UTC).
    ///
    /// Fractional seconds (`.123`) are accepted and truncated. Fields are range-checked, including the
    /// number of days in the month, so `2150-02-30` is rejected.
    static func timestamp(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count == 10 || bytes.count >= 19 else { return nil }

        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for offset in 0..<count {
                let digit = bytes[start + offset] &- zero
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }

        guard let year = digits(0, 4), bytes[4] == minus,
              let month = digits(5, 2), bytes[7] == minus,
              let day = digits(8, 2),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month)
        else { return nil }
        if bytes.count == 10 { return CivilTime.seconds(year: year, month: month, day: day) }

        let colon = UInt8(ascii: ":")
        guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              let hour = digits(11, 2), bytes[13] == colon,
              let minute = digits(14, 2), bytes[16] == colon,
              let second = digits(17, 2),
              hour < 24, minute < 60, second < 60
        else { return nil }
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20 else { return nil }
            for offset in 20..<bytes.count where bytes[offset] &- zero >= 10 { return nil }
        }
        return CivilTime.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
