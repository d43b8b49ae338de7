package import Foundation

/// An amount of money as Teamleader writes it: `{"amount": 123.30, "currency": "EUR"}`.
///
/// The amount is a `Decimal` so that cents never drift through binary floating point.
package struct Money: Codable, Sendable, Hashable, CustomStringConvertible {
    package var amount: Decimal
    /// ISO 4217 code, for example `EUR`.
    package var currency: String

    package init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    package var description: String { "\(amount) \(currency)" }
}

/// A reference to another Teamleader object, `{"type": "company", "id": "…"}`.
package struct TypedReference: Codable, Sendable, Hashable {
    package var type: String
    package var id: String

    package init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}
