package import DropValues
import Foundation
package import GRDB

// Values are stored as the text earlier versions wrote (`2026-11-28`, `2026-11`; amounts through GRDB's
// own `Decimal` conversion, `121.5`), so an index written by any version reads the same and no migration
// rewrites its rows.

extension CalendarDate: DatabaseValueConvertible {
    /// `yyyy-mm-dd`.
    package var databaseValue: DatabaseValue { description.databaseValue }

    package static func fromDatabaseValue(_ value: DatabaseValue) -> CalendarDate? {
        String.fromDatabaseValue(value).flatMap { CalendarDate($0) }
    }

    /// What a stored day that no longer reads as one (an index edited by hand) is taken as where a day
    /// is required: 1970-01-01, far from any payment, so it never makes a new line look like a repeat.
    package static let unreadable = CalendarDate(year: 1970, month: 1, day: 1)!
}

extension Month: DatabaseValueConvertible {
    /// `yyyy-mm`.
    package var databaseValue: DatabaseValue { description.databaseValue }

    package static func fromDatabaseValue(_ value: DatabaseValue) -> Month? {
        String.fromDatabaseValue(value).flatMap { Month($0) }
    }
}

/// Stored as Teamleader names it (`pdf`, `ubl/e-fff`): the text earlier versions wrote.
extension DocumentFormat: DatabaseValueConvertible {}

/// A document's status as Teamleader last showed it. Open: Teamleader's documentation lists the statuses
/// it has today (`draft`, `outstanding`, `matched` for invoices; `booked` for credit notes) and may add
/// more, which are kept as they came rather than refused.
package struct RemoteStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, DatabaseValueConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let draft = RemoteStatus(rawValue: "draft")
    package static let outstanding = RemoteStatus(rawValue: "outstanding")
    package static let matched = RemoteStatus(rawValue: "matched")
    package static let booked = RemoteStatus(rawValue: "booked")

    package var description: String { rawValue }
}
