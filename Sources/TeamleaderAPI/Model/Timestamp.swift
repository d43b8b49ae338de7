import DropValues
package import Foundation

/// Reads and writes the ISO 8601 moments Teamleader uses: `2016-02-04T16:44:33+00:00`,
/// and in `X-RateLimit-Reset` `2021-06-15T10:51:23.035+0100` (fraction, offset without colon).
///
/// A hand-written parser because it runs for every document of a large listing and must accept
/// every one of those spellings; Foundation's formatters are neither cheap nor `Sendable`.
package enum Timestamp {
    /// Parses `yyyy-mm-ddThh:mm:ss[.fff][Z|±hh:mm|±hhmm|±hh]`; nil when the text is anything else.
    package static func parse(_ text: some StringProtocol) -> Date? {
        let s = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= s.count else { return nil }
            var value = 0
            for k in i..<(i + width) {
                guard (48...57).contains(s[k]) else { return nil }
                value = value * 10 + Int(s[k] - 48)
            }
            i += width
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2), i < s.count, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: " ")
        else { return nil }
        i += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
            let second = number(2), hour < 24, minute < 60, second < 61,
            CalendarDate(year: year, month: month, day: day) != nil
        else { return nil }
        var fraction = 0.0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < s.count, (48...57).contains(s[i]) {
                fraction += Double(s[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        if i < s.count {
            switch s[i] {
            case UInt8(ascii: "Z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                var om = 0
                if i < s.count {
                    _ = expect(UInt8(ascii: ":"))
                    guard let m = number(2) else { return nil }
                    om = m
                }
                offset = sign * (oh * 3600 + om * 60)
            default:
                return nil
            }
        }
        guard i == s.count else { return nil }
        let days = CivilDays.from(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    /// Writes `yyyy-mm-ddThh:mm:ss+00:00` in UTC, the form Teamleader documents for requests.
    package static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secs = total - days * 86_400
        let (y, m, d) = CivilDays.civil(days)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+00:00", y, m, d, secs / 3600, (secs % 3600) / 60, secs % 60)
    }
}
