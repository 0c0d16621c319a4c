import Foundation

/// A `Date` as `JSONEncoder`'s `.iso8601` date strategy writes it: `2026-12-03T15:24:49Z`
/// (UTC, seconds rounded down), reckoned from the date's seconds without a formatter.
enum ISO8601Timestamp {
    /// From 1582-10-15, where the Gregorian calendar begins, to the end of year 9999: in seconds
    /// from `Date`'s reference date (2001-01-01).
    private static let gregorianFourDigitYears: Range<Double> = -13_197_600_000..<252_423_993_600

    /// Appends the timestamp of `date` (without quotes) to `output`. The day is found with Howard
    /// Hinnant's `civil_from_days`, in the proleptic Gregorian calendar; dates outside
    /// ``gregorianFourDigitYears`` are left to Foundation's formatter, which reckons earlier
    /// ones in the Julian calendar.
    static func write(_ date: Date, to output: inout [UInt8]) {
        let interval = date.timeIntervalSinceReferenceDate
        guard gregorianFourDigitYears.contains(interval) else {
            output.append(contentsOf: date.formatted(.iso8601).utf8)
            return
        }
        // Seconds from 1970-01-01, split into days and the second of the day, both rounded down.
        let seconds = Int(interval.rounded(.down)) + 978_307_200
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400

        // civil_from_days: eras of 400 years from 0000-03-01, each year from March (so that
        // February's leap day ends it). `shiftedDays` is positive from 1582 on.
        let shiftedDays = days + 719_468
        let era = shiftedDays / 146_097
        let dayOfEra = shiftedDays - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { text in
            func put(_ twoDigits: Int, at index: Int) {
                text[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: twoDigits / 10)
                text[index + 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: twoDigits % 10)
            }
            put(year / 100, at: 0)
            put(year % 100, at: 2)
            text[4] = UInt8(ascii: "-")
            put(month, at: 5)
            text[7] = UInt8(ascii: "-")
            put(day, at: 8)
            text[10] = UInt8(ascii: "T")
            put(secondOfDay / 3_600, at: 11)
            text[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, at: 14)
            text[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, at: 17)
            text[19] = UInt8(ascii: "Z")
            output.append(contentsOf: text)
        }
    }
}
