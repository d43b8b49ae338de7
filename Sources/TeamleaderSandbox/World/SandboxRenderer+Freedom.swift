import DropValues
import Foundation

/// What the sandbox does where Teamleader's documentation leaves it free (`SandboxBehaviour`).
extension SandboxRenderer {
    /// A document's members as a record: with sparse records, optional fields without a value are
    /// left out, fields tldrop never reads get another shape, and fields it does not know are added.
    func finish(_ members: [(String, JSONValue)], id: String) -> JSONValue {
        var members = members
        if behaviour.sparseRecords {
            members = members.filter { if case .null = $0.1 { return false } else { return true } }.map { key, value in
                switch key {
                case "currency_exchange_rate": return (key, .string("n/a"))
                case "total": return (key, Self.replacing("taxes", in: value, with: .string("see grouped_lines")))
                default: return (key, value)
                }
            }
            members += [
                ("peppol_status", .string("sent")),
                (
                    "custom_fields",
                    .array([
                        .object([("definition", .object([("type", .string("customFieldDefinition")), ("id", .string("x"))])), ("value", .number(7))])
                    ])
                ),
                ("origin", .object([("type", .string("quotation")), ("id", .string(id))])),
            ]
        }
        if unreadable.contains(id) {
            members = members.map { $0.0 == "total" ? ($0.0, .string("unavailable")) : $0 }
        }
        return .object(members)
    }

    /// `paid_at` as this sandbox stores it: as sent, as local midnight in Brussels, or as a day.
    func paidAt(_ date: Date?, index: Int) -> JSONValue {
        guard let date else { return .null }
        let day = CalendarDate(date)
        let style: SandboxBehaviour.PaidAtStyle = behaviour.paidAt == .varied ? (index % 2 == 0 ? .localMidnight : .date) : behaviour.paidAt
        switch style {
        case .asSent, .varied:
            return .string(SandboxTime.format(date))
        case .date:
            return .string(day.description)
        case .localMidnight:
            let offset = TimeZone(identifier: "Europe/Brussels")?.secondsFromGMT(for: day.startOfDayUTC) ?? 3600
            return .string(String(format: "%@T00:00:00+%02d:00", day.description, offset / 3600))
        }
    }

    private static func replacing(_ key: String, in value: JSONValue, with replacement: JSONValue) -> JSONValue {
        guard case .object(let members) = value else { return value }
        return .object(members.map { $0.0 == key ? ($0.0, replacement) : $0 })
    }
}
