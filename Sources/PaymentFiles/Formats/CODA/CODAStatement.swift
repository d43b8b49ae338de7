import DropValues
import Foundation

/// One CODA statement (records 0 to 9) as its records say it: the account, its dates, and its
/// movements with their continuation records joined.
struct CODAStatement {
    /// A movement record 21 with what its 22 and 23 add.
    struct Movement {
        var line: Int
        /// Record 21 positions 3–6 and 7–10: a globalisation's details repeat its sequence.
        var sequence: String
        var detail: String
        var credit: Bool
        var amount: Decimal
        var valueDate: CalendarDate?
        var entryDate: CalendarDate?
        /// Positions 54–61: type, family, transaction, category.
        var transactionCode: String
        /// Position 125: anything but 0 marks a globalisation.
        var globalisation: Bool
        /// The structured communication's type (101, 127, …), nil for a free communication.
        var communicationType: String?
        /// The communication across 21, 22 and 23, as written (structured data keeps its positions).
        var communication: String
        /// Record 22 positions 64–98: the SEPA end-to-end id, or the payment-information id of a batch.
        var customerReference: String = ""
        /// Record 22 position 113: 1 reject, 2 return, 3 refund, 4 reversal, 5 cancellation.
        var returnKind: Character = " "
        var counterpartyName: String = ""

        var isMain: Bool { detail == "0000" }
    }

    var headerLine: Int
    /// Record 0 position 17: the bank sent this statement again.
    var duplicate = false
    var account = ""
    var currency: String?
    var openingDate: CalendarDate?
    var closingDate: CalendarDate?
    var closingAccount = ""
    /// Its balances and main movements, for `StatementCheck`.
    var check = StatementCheck.Statement()
}

/// A movement record 21 with detail 0000 and what follows it before the next one: a globalisation's
/// details, and the names information records 31 give.
struct CODAMovementGroup {
    var main: CODAStatement.Movement
    var details: [CODAStatement.Movement] = []
    /// Record 31 type 001 names the counterparty when 23 does not, by the movement's sequence.
    var informationNames: [String: String] = [:]
}
