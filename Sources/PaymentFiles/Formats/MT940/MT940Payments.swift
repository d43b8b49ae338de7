import Foundation

/// SWIFT MT940 customer statements, as Belgian and Dutch banks still produce them: each statement line
/// `:61:` (value date, entry date, debit or credit mark, amount, type, references) with the
/// information `:86:` that follows it, read in the structured Dutch SEPA style (`/EREF/…/REMI/…/`),
/// the German `?20…` style, or as free text.
///
/// What a careful reader takes: credits (`C`) only: no debits, no reversals (`RC`, `RD`), no returns
/// (`/RTRN/`, type `RTI`); a batch booked as one line is one credit.
enum MT940Payments {
    /// A `:20:` field near the top (after optional header blocks) and a statement line somewhere.
    static func looks(like text: String) -> Bool {
        let head = text.prefix(4096)
        return (head.contains(":20:") || head.hasPrefix("{1:")) && (text.contains("\n:61:") || text.contains("\n:60F:") || text.contains("\r:61:"))
    }

    static func read(_ text: String) throws -> PaymentFile {
        let fields = try MT940Field.fields(in: text)
        guard fields.contains(where: { $0.tag == "20" }) else { throw PaymentFileError(line: 1, "no MT940 statement (':20:') found") }
        var file = PaymentFile(format: .mt940)
        var currency: String?
        var statements = 0
        var lines = 0
        var index = 0
        while index < fields.count {
            let field = fields[index]
            index += 1
            switch field.tag {
            case "20": statements += 1
            case "60F", "60M":
                // `C140102EUR1000,00`: mark, date, currency, amount.
                let value = field.joined
                if value.count >= 10 { currency = String(value.dropFirst(7).prefix(3)) }
            case "61":
                lines += 1
                guard let line = MT940StatementLine(field) else {
                    file.problems.append(LineProblem(line: field.line, message: "statement line ':61:\(field.lines.first ?? "")' is not 'YYMMDD[MMDD]C|D amount type reference'"))
                    continue
                }
                let information = index < fields.count && fields[index].tag == "86" ? fields[index] : nil
                if information != nil { index += 1 }
                let info = MT940Information(information?.joined ?? "")
                guard line.mark == .credit, !line.isReturn, !info.isReturn else {
                    file.ignored += 1
                    continue
                }
                file.facts.append(fact(line, info: info, currency: currency))
            default: break
            }
        }
        file.notes.append("\(statements) MT940 statement\(statements == 1 ? "" : "s"), \(lines) statement lines")
        return file
    }

    private static func fact(_ line: MT940StatementLine, info: MT940Information, currency: String?) -> PaymentFact {
        var fact = PaymentFact(kind: .bankCredit, line: line.line, paid: true, date: line.entryDate ?? line.valueDate, amount: line.amount, currency: currency)
        fact.counterparty = info.counterparty
        for reference in info.structured { Communication.readStructured(reference.value, scheme: reference.scheme, into: &fact) }
        Communication.read(info.text, into: &fact)
        if let endToEnd = info.endToEnd { Communication.readEndToEnd(endToEnd, into: &fact) }
        return fact
    }
}
