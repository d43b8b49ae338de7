package import DropValues
package import Foundation

/// When a payment was made, as Teamleader stores and returns `paid_at`: how is undocumented (its UI
/// keeps a date). Read as the calendar day written, in the value's own offset, never converted to UTC:
/// a local-midnight `2026-11-20T00:00:00+01:00` is the 20th, as is a bare `2026-11-20`.
package struct PaidAt: Decodable, Sendable, Hashable, CustomStringConvertible {
    /// The day as written.
    package var day: CalendarDate
    /// The moment, when a time was written.
    package var moment: Date?

    package init(day: CalendarDate, moment: Date? = nil) {
        self.day = day
        self.moment = moment
    }

    /// `2026-11-20`, `2026-11-20T00:00:00+01:00`, `2026-11-20 00:00:00`, `2026-11-20T23:00:00Z`; or
    /// seconds since 1970 (UTC day).
    package init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let day = CalendarDate(trimmed.prefix(10)) else {
            guard let seconds = Double(trimmed), seconds > 0 else { return nil }
            let moment = Date(timeIntervalSince1970: seconds)
            self.init(day: CalendarDate(moment), moment: moment)
            return
        }
        let rest = trimmed.dropFirst(10)
        if rest.isEmpty {
            self.init(day: day)
        } else if let moment = Timestamp.parse(trimmed) {
            self.init(day: day, moment: moment)
        } else {
            return nil
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self), let value = PaidAt("\(seconds)") {
            self = value
            return
        }
        let text = try container.decode(String.self)
        guard let value = PaidAt(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a day or a moment, got '\(text)'")
        }
        self = value
    }

    package var description: String { day.description }
}
