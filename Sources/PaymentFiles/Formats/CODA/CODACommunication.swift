import Foundation

/// A CODA movement's communication, read for what its type says it is (Febelfin CODA 2.6, annex III):
/// only types 101 and 102 are Belgian structured communications; 100 is an ISO 11649 creditor
/// reference; 105 carries an original amount and a 12-character structured field; 127 is a SEPA direct
/// debit with its creditor id, mandate and the creditor's own communication; 103, 113, 114 and 115 are
/// cheque and card data. A free communication (type 0) is searched like any payer's text.
enum CODACommunication {
    static func read(_ movement: CODAStatement.Movement, into fact: inout PaymentFact) {
        let data = Array(movement.communication)
        func field(_ offset: Int, _ length: Int) -> String {
            guard offset < data.count else { return "" }
            return String(data[offset..<min(offset + length, data.count)]).trimmingSpaces()
        }
        switch movement.communicationType {
        case nil:
            Communication.read(movement.communication, into: &fact)
        case "101", "102":
            Communication.readStructured(field(0, 12), into: &fact)
        case "100":
            Communication.readStructured(field(0, 25), into: &fact)
        case "105":
            // Gross amount, amount in the original currency, rate, currency, then the structured field.
            let structured = field(45, 12)
            if !structured.isEmpty { Communication.readStructured(structured, into: &fact) }
        case "127":
            // Settlement date, type, scheme, paid-or-refused, creditor id, mandate, communication, R-type, reason.
            if !field(9, 35).isEmpty { fact.otherReferences.append(ForeignReference(.creditorID, field(9, 35))) }
            if !field(44, 35).isEmpty { fact.otherReferences.append(ForeignReference(.mandate, field(44, 35))) }
            Communication.read(field(79, 62), into: &fact)
        case "103", "113", "114", "115":
            fact.otherReferences.append(ForeignReference(.card, "(communication type \(movement.communicationType ?? ""))"))
        default:
            // Another scheme's data (fees, investments, foreign transfers…): shown, never searched.
            let text = field(0, 53)
            fact.otherReferences.append(ForeignReference(.other, "type \(movement.communicationType ?? "") " + text))
        }
        // The SEPA end-to-end id (a batch's payment-information id) comes after what the type says.
        if !movement.customerReference.isEmpty, movement.customerReference != "NOTPROVIDED" {
            Communication.readEndToEnd(movement.customerReference, into: &fact)
        }
    }

    /// Whether a movement says anything of its own about what it pays: a free text, or a structured
    /// communication with a reference. An amount record (type 105) with its structured field empty
    /// says only how much, in which currency.
    static func carriesReference(_ movement: CODAStatement.Movement) -> Bool {
        switch movement.communicationType {
        case nil: return !movement.communication.trimmingSpaces().isEmpty
        case "105":
            let data = Array(movement.communication)
            return data.count > 45 && !String(data[45..<min(57, data.count)]).trimmingSpaces().isEmpty
        default: return true
        }
    }

    /// A SEPA direct debit the debtor's bank refused, or an R-transaction of one: no money came in.
    static func isRefusedDirectDebit(_ movement: CODAStatement.Movement) -> Bool {
        guard movement.communicationType == "127" else { return false }
        let data = Array(movement.communication)
        let paid = data.count > 8 ? data[8] : "0"
        let returned = data.count > 141 ? data[141] : " "
        return (paid != "0" && paid != " ") || "12345".contains(returned)
    }
}
