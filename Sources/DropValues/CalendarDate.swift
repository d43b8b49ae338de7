package import Foundation

/// A day without a time zone, written `yyyy-mm-dd`: Teamleader's `invoice_date`, `due_on` and filters,
/// the day a payment file states, a document's date in the index. The one calendar-date type of tldrop.
///
/// Kept as year, month and day so that a document dated the 1st never slides into the previous month
/// through a time-zone conversion.
package struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-mm-dd`; anything else is nil.
    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The calendar day of a moment, in UTC or in the given time zone.
    package init(_ date: Date, timeZone: TimeZone? = nil) {
        let offset = timeZone.map { TimeInterval($0.secondsFromGMT(for: date)) } ?? 0
        let seconds = Int((date.timeIntervalSince1970 + offset).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        (self.year, self.month, self.day) = CivilDays.civil(days)
    }

    /// A day as a payment file states it: a year from 1900 to 2999, or nil. Wider years in a bank file
    /// are misreadings (a two-digit year, a reference read as a date), never payments.
    package static func stated(year: Int, month: Int, day: Int) -> CalendarDate? {
        (1900...2999).contains(year) ? CalendarDate(year: year, month: month, day: day) : nil
    }

    package var description: String {
        // By hand: `String(format:)` costs a microsecond, and every payment line and index row prints its day.
        let digits: [UInt8] = [
            UInt8(0x30 + year / 1000 % 10), UInt8(0x30 + year / 100 % 10), UInt8(0x30 + year / 10 % 10), UInt8(0x30 + year % 10), 0x2D,
            UInt8(0x30 + month / 10), UInt8(0x30 + month % 10), 0x2D, UInt8(0x30 + day / 10), UInt8(0x30 + day % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }

    /// Days since 1970-01-01, for distances between days.
    package var ordinal: Int { CivilDays.from(year: year, month: month, day: day) }

    /// `yyyy-mm`, the month an archive is named after.
    package var monthKey: String { String(format: "%04d-%02d", year, month) }

    /// Midnight UTC of this day.
    package var startOfDayUTC: Date {
        Date(timeIntervalSince1970: TimeInterval(ordinal * 86_400))
    }

    /// This day moved by a number of days (negative moves back).
    package func adding(days: Int) -> CalendarDate {
        CalendarDate(startOfDayUTC.addingTimeInterval(TimeInterval(days) * 86_400))
    }

    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date as yyyy-mm-dd, got '\(text)'")
        }
        self = date
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
