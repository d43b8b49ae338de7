import Foundation

/// An amount of money as Teamleader writes it: `{"amount": 123.30, "currency": "EUR"}`.
///
/// The amount is a `Decimal` so that cents never drift through binary floating point.
public struct Money: Codable, Sendable, Hashable, CustomStringConvertible {
    public var amount: Decimal
    /// ISO 4217 code, for example `EUR`.
    public var currency: String

    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    public var description: String { "\(amount) \(currency)" }
}

/// A reference to another Teamleader object, `{"type": "company", "id": "…"}`.
public struct TypedReference: Codable, Sendable, Hashable {
    public var type: String
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}
