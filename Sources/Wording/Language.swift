package import Foundation

/// The language of what accountants and admins read in the folders and on the status page
/// (`language` in `tldrop.toml`). Command-line errors and logs stay English.
package enum Language: String, Sendable, Codable, CaseIterable {
    case en, nl, fr

    /// The language a system locale (`nl_BE.UTF-8`, `fr-BE`, `en_US`) suggests; English when none fits.
    package init(locale identifier: String) {
        let code = identifier.prefix { $0.isLetter }.lowercased()
        self = Language(rawValue: code) ?? .en
    }

    /// The language `init` proposes: the system locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`, in POSIX order).
    package static func proposed(environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        return value.map { Language(locale: $0) } ?? .en
    }

    /// Whether a count takes the singular: one in English and Dutch; zero and one in French
    /// ("0 paiement", "1 paiement", "2 paiements").
    package func isSingular(_ count: Int) -> Bool {
        self == .fr ? abs(count) < 2 : abs(count) == 1
    }

    /// Belgian conventions in Dutch and French: `28/11/2026`, `1.234,50 €`, `;` between CSV fields.
    var isBelgian: Bool { self != .en }

    /// A day: `2026-11-28` in English, `28/11/2026` in Dutch and French.
    package func date(year: Int, month: Int, day: Int) -> String {
        isBelgian ? String(format: "%02d/%02d/%04d", day, month, year) : String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// A moment to the minute, in the time zone people live in, with its name: `2026-11-29 13:00 CET` or
    /// `29/11/2026 13:00 CET`; `never` when nil. (JSON and the index keep UTC.)
    package func stamp(_ moment: Date?, never: String, timeZone: TimeZone = .current) -> String {
        guard let moment else { return never }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        return date(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
            + String(format: " %02d:%02d ", parts.hour ?? 0, parts.minute ?? 0) + Self.zoneName(timeZone, at: moment)
    }

    /// `CET`, `CEST`, `UTC`: the short name people read, from ICU's names (British English has them for
    /// Europe's zones), else the offset (`GMT+1`).
    static func zoneName(_ zone: TimeZone, at moment: Date) -> String {
        if zone.secondsFromGMT(for: moment) == 0, ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z"].contains(zone.identifier) { return "UTC" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = "zzz"
        return formatter.string(from: moment)
    }

    /// An amount with its currency: `1234.50 EUR` in English, `1.234,50 €` in Dutch and French.
    package func money(_ amount: Decimal, currency: String) -> String {
        guard isBelgian else { return Self.plain(amount) + " " + currency }
        let symbol = currency == "EUR" ? "€" : currency
        return Self.grouped(Self.plain(amount)) + " " + symbol
    }

    /// An amount as a CSV cell: `1234.50`, or `1234,50` where a comma is the decimal mark.
    package func csvNumber(_ amount: Decimal) -> String {
        let text = Self.plain(amount)
        return isBelgian ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// What separates CSV fields: `;` where a comma is the decimal mark (so Excel opens it as Belgians expect).
    package var csvSeparator: Character { isBelgian ? ";" : "," }

    /// `1234.5` → `1234.50`: two decimals (rounded half to even, as banks do), never through a binary
    /// floating point.
    static func plain(_ amount: Decimal) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let text = "\(rounded)"
        let negative = text.hasPrefix("-")
        let parts = (negative ? String(text.dropFirst()) : text).split(separator: ".", omittingEmptySubsequences: false)
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        return (negative ? "-" : "") + (parts.first.map(String.init) ?? "0") + "." + fraction
    }

    /// An amount without its currency: `1234.50`, or `1.234,50` in Dutch and French.
    package func number(_ amount: Decimal) -> String { isBelgian ? Self.grouped(Self.plain(amount)) : Self.plain(amount) }

    /// `-1234.50` → `-1.234,50`.
    static func grouped(_ plain: String) -> String {
        let negative = plain.hasPrefix("-")
        let body = negative ? plain.dropFirst() : Substring(plain)
        let parts = body.split(separator: ".")
        let whole = Array(parts[0])
        var groups: [String] = []
        var end = whole.count
        while end > 0 {
            let start = max(0, end - 3)
            groups.insert(String(whole[start..<end]), at: 0)
            end = start
        }
        return (negative ? "-" : "") + groups.joined(separator: ".") + "," + (parts.count > 1 ? parts[1] : "00")
    }
}
