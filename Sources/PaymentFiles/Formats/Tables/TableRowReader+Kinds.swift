import Foundation

extension TableRowReader {
    /// A row of an accounting export: it must name a document; paid is said outright, by an open amount
    /// of zero, or by the row being there at all.
    func statusRow(
        _ fact: PaymentFact, cell: (ColumnRole) -> String?, amount: (ColumnRole) throws -> Decimal?, text: String
    ) throws -> PaymentFact? {
        var fact = fact
        if let id = cell(.teamleaderID) {
            guard id.count == 36, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw RowProblem(message: "Teamleader id '\(id)' is not an id like 2aa4a6a9-9ce8-4851-a9b3-26aea2ea14c4")
            }
            fact.teamleaderID = id.lowercased()
        }
        if let raw = cell(.structured) {
            if let digits = StructuredCommunication.digits(raw) {
                guard StructuredCommunication.isValid(digits) else {
                    throw RowProblem(message: "structured communication '\(raw)' fails the mod-97 check")
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
                throw RowProblem(message: "paid says '\(raw)'; expected yes or no (ja/nee, oui/non)")
            }
            fact.paid = paid
        } else if let open = try amount(.openAmount) {
            fact.paid = open == 0
        } else if let value = fact.amount, value < 0 {
            return nil  // money going out: not a payment of an invoice
        }
        if let value = fact.amount, value <= 0, fact.paid {
            guard value == 0 else { throw RowProblem(message: "amount '\(value)' is negative for a payment") }
            fact.amount = nil
        }
        guard fact.hasReference else {
            throw RowProblem(message: "no invoice number, structured communication or Teamleader id")
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
                throw RowProblem(message: "direction '\(cell(.direction) ?? "")' is not in or out (Bij/Af, Credit/Debet, C/D, Crédit/Débit)")
            }
            value = direction == .credit ? abs(unsigned) : -abs(unsigned)
        } else if let signed = try amount(.amount) {
            value = signed
        } else if let credit = try amount(.credit), credit != 0 {
            value = credit
        } else if let debit = try amount(.debit), debit != 0 {
            value = -abs(debit)
        } else if column(.amount) == nil, column(.credit) == nil {
            throw RowProblem(message: "no amount: expected an amount column (bedrag, montant) or credit and debit columns")
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
