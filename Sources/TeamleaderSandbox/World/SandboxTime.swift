import Foundation

/// Moments as the sandbox writes and reads them, with Foundation's ISO 8601 style rather than the
/// client's own codec: a double that shared the client's parser could never catch a bug in it.
enum SandboxTime {
    private static let seconds = Date.ISO8601FormatStyle(timeZone: .gmt)
    private static let fractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// `2016-02-04T16:44:33+00:00`, in UTC: the form Teamleader's documentation shows.
    static func format(_ date: Date) -> String {
        let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        // The style writes UTC as `Z`; Teamleader writes the offset.
        return String(seconds.format(whole).dropLast()) + "+00:00"
    }

    /// `2021-06-15T10:51:23.035+0000`: fraction and an offset without colon, as in the documented
    /// `X-RateLimit-Reset` header; rounded up to the millisecond, so a client that waits until then
    /// never arrives early.
    static func rateLimitReset(_ date: Date) -> String {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded(.up))
        let base = format(Date(timeIntervalSince1970: TimeInterval(totalMillis / 1000)))
        return String(base.prefix(19)) + String(format: ".%03d+0000", totalMillis % 1000)
    }

    /// An ISO 8601 date and time as a request carries it (`Z` or an offset, with or without a fraction);
    /// nil for anything else.
    static func parse(_ text: String) -> Date? {
        (try? seconds.parse(text)) ?? (try? fractions.parse(text))
    }
}
