import Foundation

/// A calendar month, written `yyyy-mm`: what an archive, a month report and a date-window listing are about.
package struct Month: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package let year: Int
    package let month: Int

    package init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month a day belongs to.
    package init(_ day: CalendarDate) {
        year = day.year
        month = day.month
    }

    /// Parses `yyyy-mm`; anything else is nil.
    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    package var description: String { String(format: "%04d-%02d", year, month) }

    /// Its first day.
    package var first: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
    /// Its last day.
    package var last: CalendarDate { CalendarDate(year: year, month: month, day: CalendarDate.days(inMonth: month, year: year))! }
    /// The month after it.
    package var next: Month { adding(months: 1) }

    /// This month moved by a number of months (negative moves back), kept within years 1 to 9999.
    package func adding(months: Int) -> Month {
        let index = min(max(year * 12 + month - 1 + months, 12), 9999 * 12 + 11)
        return Month(year: index / 12, month: index % 12 + 1)!
    }

    package func contains(_ day: CalendarDate) -> Bool { day.year == year && day.month == month }

    package static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let month = Month(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a month as yyyy-mm, got '\(text)'")
        }
        self = month
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
