import Foundation
import Wording

/// SWIFT MT940 customer statements, as Belgian and Dutch banks still produce them: each statement line
/// `:61:` (value date, entry date, debit or credit mark, amount, type, references) with the
/// information `:86:` that follows it, read in the structured Dutch SEPA style (`/EREF/…/REMI/…/`),
/// the German `?20…` style, or as free text.
///
/// What a careful reader takes: credits (`C`) only: no debits, no reversals (`RC`, `RD`), no returns
/// (`/RTRN/`, type `RTI`); a batch booked as one line is one credit.
enum MT940Payments {
    /// A `:20:` field near the top (after optional header blocks) and a statement line somewhere.
    static func looks(like head: String, stream: TextStream) throws -> Bool {
        guard head.contains(":20:") || head.hasPrefix("{1:") else { return false }
        var found = false
        try TextLines(stream: stream).forEach { _, bytes in
            found = bytes.starts(with: Array(":61:".utf8)) || bytes.starts(with: Array(":60F:".utf8))
            return !found
        }
        return found
    }

    static func read(_ stream: TextStream, into sink: inout PaymentSink) throws {
        var currency: String?
        var statements = 0
        var lines = 0
        /// A statement line waiting for the information field that may follow it.
        var waiting: MT940Field?
        func finish(_ field: MT940Field, information: MT940Field?) throws {
            guard let line = MT940StatementLine(field) else {
                return try sink.problem(LineProblem(line: field.line, ReadingMessage(.rowMT940Line, field.lines.first ?? "")))
            }
            let info = MT940Information(information?.joined ?? "")
            guard line.mark == .credit, !line.isReturn, !info.isReturn else { return sink.ignore() }
            try sink.add(fact(line, info: info, currency: currency))
        }
        try MT940Field.forEach(in: TextLines(stream: stream)) { field in
            if let line = waiting {
                waiting = nil
                try finish(line, information: field.tag == "86" ? field : nil)
                if field.tag == "86" { return }
            }
            switch field.tag {
            case "20": statements += 1
            case "60F", "60M":
                // `C140102EUR1000,00`: mark, date, currency, amount.
                let value = field.joined
                if value.count >= 10 { currency = String(value.dropFirst(7).prefix(3)) }
            case "61":
                lines += 1
                waiting = field
            default: break
            }
        }
        if let line = waiting { try finish(line, information: nil) }
        guard statements > 0 else { throw PaymentFileError(line: 1, .readMT940None) }
        sink.note(statements == 1 ? .noteMT940Statement : .noteMT940Statements, statements, lines)
    }

    private static func fact(_ line: MT940StatementLine, info: MT940Information, currency: String?) -> PaymentFact {
        var fact = PaymentFact(
            kind: .bankCredit, line: line.line, paid: true, date: line.entryDate ?? line.valueDate, amount: line.amount, currency: currency)
        fact.counterparty = info.counterparty
        for reference in info.structured { Communication.readStructured(reference.value, scheme: reference.scheme, into: &fact) }
        Communication.read(info.text, into: &fact)
        if let endToEnd = info.endToEnd { Communication.readEndToEnd(endToEnd, into: &fact) }
        return fact
    }
}
