/// RFC 3339 timestamps from and to epoch milliseconds, by hand (no `DateFormatter` on the hot path).
package enum Timestamp {
    /// Formats `millis` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC).
    package static func format(millis: Int64) -> String {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let dayMillis = millis - days * 86_400_000
        let (year, month, day) = civil(fromDays: days)
        let hour = dayMillis / 3_600_000
        let minute = dayMillis / 60_000 % 60
        let second = dayMillis / 1000 % 60
        let milli = dayMillis % 1000
        // Written in place: 24 ASCII bytes, no array.
        return String(unsafeUninitializedCapacity: 24) { out in
            put(year, width: 4, at: 0, in: out)
            out[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 5, in: out)
            out[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 8, in: out)
            out[10] = UInt8(ascii: "T")
            put(hour, width: 2, at: 11, in: out)
            out[13] = UInt8(ascii: ":")
            put(minute, width: 2, at: 14, in: out)
            out[16] = UInt8(ascii: ":")
            put(second, width: 2, at: 17, in: out)
            out[19] = UInt8(ascii: ".")
            put(milli, width: 3, at: 20, in: out)
            out[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (RFC 3339 `date-time`, `t`/`z` accepted).
    /// - Returns: epoch milliseconds (fraction truncated to ms), `nil` when malformed or outside `formattable`.
    package static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= b.count else { return nil }
            var value: Int64 = 0
            for i in start..<start + count {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            b[16] == UInt8(ascii: ":"), let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var index = 19
        var millis: Int64 = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            let start = index
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                millis += Int64(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offsetMinutes: Int64 = 0
        if b[index] == UInt8(ascii: "Z") || b[index] == UInt8(ascii: "z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            guard let oh = digits(index + 1, 2), index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"),
                let om = digits(index + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetMinutes = (oh * 60 + om) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        let result = seconds * 1000 + millis
        // An offset can move a date at the ends of years 0000–9999 outside what `format` writes.
        return formattable.contains(result) ? result : nil
    }

    /// The instants `format` writes faithfully: 0000-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z.
    package static let formattable: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Appends the last `width` decimal digits of `value` (zero-padded), in place: no array per field.
    /// Writes the last `width` decimal digits of `value` at `offset`, zero-padded.
    private static func put(_ value: Int64, width: Int, at offset: Int, in out: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value
        var index = offset + width - 1
        while index >= offset {
            out[index] = UInt8(48 + rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (era arithmetic, 400-year cycles).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Day count since 1970-01-01 of a proleptic Gregorian date.
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
