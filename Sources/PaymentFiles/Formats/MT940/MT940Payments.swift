import Foundation
import Wording

/// SWIFT MT940 customer statements, as Belgian and Dutch banks still produce them: each statement line
/// `:61:` (value date, entry date, debit or credit mark, amount, type, references) with the
/// information `:86:` that follows it, read in the structured Dutch SEPA style (`/EREF/…/REMI/…/`),
/// the German `?20…` style, or as free text.
///
/// What a careful reader takes: credits (`C`) only: no debits, no reversals (`RC`, `RD`), no returns
/// (`/RTRN/`, type `RTI`, `RETOURE`), no collection totals (`SAMMLER`); a batch booked as one line is one
/// credit. One movement, one payment: the statements are read twice, first to count each against its
/// own balances (`StatementCheck`: a statement the file carries twice, a movement standing twice), then
/// to hand on the credits with how each stands.
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

    static func read(_ stream: () -> TextStream, into sink: inout PaymentSink) throws {
        let statements = try self.statements(stream())
        let verdict = StatementCheck.check(statements)
        // Each statement's key by the line it starts on (in file order): a line's statement is the last
        // one starting before it.
        let starts = statements.map { (line: $0.firstLine, key: $0.key) }
        let count = statements.count
        func key(of line: Int) -> String? {
            var (low, high) = (0, starts.count)
            while low < high {
                let middle = (low + high) / 2
                if starts[middle].line <= line { low = middle + 1 } else { high = middle }
            }
            return low > 0 ? starts[low - 1].key : nil
        }
        var currency: String?
        var lines = 0
        /// A statement line waiting for the information field that may follow it.
        var waiting: MT940Field?
        func finish(_ field: MT940Field, information: MT940Field?) throws {
            guard let line = MT940StatementLine(field) else {
                return try sink.problem(LineProblem(line: field.line, ReadingMessage(.rowMT940Line, field.lines.first ?? "")))
            }
            let info = MT940Information(information?.joined ?? "")
            guard line.mark == .credit else { return sink.ignore() }
            if line.isReturn || info.isReturn { return sink.ignore(because: .notPaymentReturns) }
            if info.isCollectionTotal { return sink.ignore(because: .notPaymentCollectionTotals) }
            var fact = fact(line, info: info, currency: currency)
            fact.standing = verdict.standings[line.line] ?? .plain
            fact.statement = key(of: line.line)
            try sink.add(fact)
        }
        try MT940Field.forEach(in: TextLines(stream: stream())) { field in
            if let line = waiting {
                waiting = nil
                try finish(line, information: field.tag == "86" ? field : nil)
                if field.tag == "86" { return }
            }
            switch field.tag {
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
        guard count > 0 else { throw PaymentFileError(line: 1, .readMT940None) }
        sink.note(count == 1 ? .noteMT940Statement : .noteMT940Statements, count, lines)
        sink.notes += verdict.notes
    }

    /// The first pass: each statement's account, number, balances and movements (signed), to be
    /// counted against each other before any credit is handed on.
    static func statements(_ stream: TextStream) throws -> [StatementCheck.Statement] {
        var statements: [StatementCheck.Statement] = []
        var waiting: MT940Field?
        func movement(_ field: MT940Field, information: MT940Field?) {
            guard !statements.isEmpty, let amount = signedAmount(field) else { return }
            let fingerprint = StatementCheck.Movement.fingerprint(field.lines, information?.lines ?? [])
            statements[statements.count - 1].movements.append(.init(line: field.line, amount: amount, fingerprint: fingerprint))
        }
        try MT940Field.forEach(in: TextLines(stream: stream)) { field in
            if let line = waiting {
                waiting = nil
                movement(line, information: field.tag == "86" ? field : nil)
                if field.tag == "86" { return }
            }
            switch field.tag {
            case "20":
                var statement = StatementCheck.Statement()
                statement.firstLine = field.line
                statements.append(statement)
            case "61": waiting = field
            // A field before any `:20:` belongs to no statement (a `where` would guard only a case's last pattern).
            case _ where statements.isEmpty: break
            case "25": statements[statements.count - 1].account = field.joined.trimmingCharacters(in: .whitespaces)
            case "28C": statements[statements.count - 1].number = field.joined.trimmingCharacters(in: .whitespaces)
            case "60F", "60M": statements[statements.count - 1].opening = balance(field)
            case "62F", "62M": statements[statements.count - 1].closing = balance(field)
            default: break
            }
        }
        if let line = waiting { movement(line, information: nil) }
        return statements
    }

    /// `C140102EUR1000,00` → +1000.00; `D…` negative.
    private static func balance(_ field: MT940Field) -> Decimal? {
        let value = Array(field.joined)
        guard value.count >= 11, value[0] == "C" || value[0] == "D" else { return nil }
        let digits = String(value[10...]).replacingOccurrences(of: ",", with: ".")
        guard let amount = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return value[0] == "D" ? -amount : amount
    }

    /// A statement line's amount with its direction: credits and reversed debits in, the others out.
    private static func signedAmount(_ field: MT940Field) -> Decimal? {
        MT940StatementLine(field).map { $0.isIncoming ? $0.amount : -$0.amount }
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
