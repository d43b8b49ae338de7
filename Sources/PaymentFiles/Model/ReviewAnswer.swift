package import Foundation

/// What the accountant wrote on one row of a review file.
package struct ReviewAnswer: Sendable, Equatable {
    package enum Decision: Sendable, Equatable {
        /// Left empty: the line stays held.
        case undecided
        /// "none" (`-`, geen, aucun): register nothing, stop listing it.
        case dismiss
        /// A document number (or structured communication, or Teamleader id) to register it on.
        case document(String)
    }

    /// The review item this row answers, and the token that proves tldrop wrote the row.
    package var itemID: Int64
    package var token: String
    package var decision: Decision
    /// The amount to register instead of the line's own (for example the open amount of an
    /// over-payment); nil: the line's amount.
    package var amount: Decimal?

    package init(itemID: Int64, token: String, decision: Decision, amount: Decimal? = nil) {
        self.itemID = itemID
        self.token = token
        self.decision = decision
        self.amount = amount
    }
}
