import Foundation
import Wording

extension TableRowReader {
    /// A row of an accounting export: it must name a document; paid is said outright, by an open amount
    /// of zero, or by the row being there at all.
    func statusRow(
        _ fact: PaymentFact, cell: (ColumnRole) -> String?, amount: (ColumnRole) throws -> Decimal?, text: String
    ) throws -> PaymentFact? {
        var fact = fact
        if let id = cell(.teamleaderID) {
            guard id.count == 36, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw RowProblem(.rowTeamleaderID, id)
            }
            fact.teamleaderID = id.lowercased()
        }
        if let raw = cell(.structured) {
            if let digits = StructuredCommunication.digits(raw) {
                guard StructuredCommunication.isValid(digits) else {
                    throw RowProblem(.rowMod97, raw)
                }
                fact.structuredCommunication = digits
            } else {
                // A "communication" column holding free text.
                Communication.read(raw, into: &fact)
            }
        }
        if let number = cell(.number) { fact.documentNumber = number }
        if !text.isEmpty { Communication.read(text, into: &fact) }
        fact.amount = try amount(.amount) ?? amount(.credit)
        if let raw = cell(.paid) ?? cell(.status) {
            guard let paid = ValueParsers.yesNo(raw) else {
                throw RowProblem(.rowPaid, raw)
            }
            fact.paid = paid
        } else if let open = try amount(.openAmount) {
            fact.paid = open == 0
        } else if let value = fact.amount, value < 0 {
            return nil  // money going out: not a payment of an invoice
        }
        if let value = fact.amount, value <= 0, fact.paid {
            guard value == 0 else { throw RowProblem(.rowNegative, value) }
            fact.amount = nil
        }
        guard fact.hasReference else {
            throw RowProblem(.rowNoDocument)
        }
        return fact
    }

    /// A movement of a bank export: only money coming in is a payment. The amount is signed, or
    /// unsigned with a direction column, or split over credit and debit columns.
    func bankRow(
        _ fact: PaymentFact, cell: (ColumnRole) -> String?, amount: (ColumnRole) throws -> Decimal?, text: String
    ) throws -> PaymentFact? {
        var fact = fact
        if cell(.refusal) != nil { return nil }
        if let status = cell(.status), ValueParsers.yesNo(status) == false { return nil }
        let value: Decimal
        if column(.direction) != nil, let unsigned = try amount(.amount) {
            // With a direction column, the amount's own sign is not trusted: the column says in or out.
            guard let raw = cell(.direction), let direction = Direction(raw) else {
                if unsigned == 0 { return nil }
                throw RowProblem(.rowDirection, cell(.direction) ?? "")
            }
            value = direction == .credit ? abs(unsigned) : -abs(unsigned)
        } else if let signed = try amount(.amount) {
            value = signed
        } else if let credit = try amount(.credit), credit != 0 {
            value = credit
        } else if let debit = try amount(.debit), debit != 0 {
            value = -abs(debit)
        } else if column(.amount) == nil, column(.credit) == nil {
            throw RowProblem(.rowNoAmount)
        } else {
            return nil  // nothing moved
        }
        guard value > 0 else { return nil }
        fact.amount = value
        if let raw = cell(.structured) { Communication.readStructured(raw, into: &fact) }
        if !text.isEmpty { Communication.read(text, into: &fact) }
        return fact
    }
}
