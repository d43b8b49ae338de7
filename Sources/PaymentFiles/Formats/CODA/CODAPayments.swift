import DropValues
import Foundation
import Wording

/// Belgian CODA 2.x bank statements (Febelfin): 128-character records; credits come from movement
/// records 21 (with their 22/23 continuations). Several statements may follow each other in one file.
///
/// What a careful reader takes: credits only; a globalisation's details rather than its total (and
/// the total itself when it has no details); no rejects, returns, refunds, reversals or cancellations;
/// structured communications read by their type (only 101 and 102 are Belgian structured
/// communications); the entry date, unless it lies outside the statement.
enum CODAPayments {
    /// Whether the bytes look like CODA: a header record `0` of (about) 128 characters first.
    static func looks(like head: String) -> Bool {
        guard let first = head.split(whereSeparator: \.isNewline).first else { return false }
        return first.count >= 100 && first.count <= 130 && first.hasPrefix("0000") && first.prefix(11).allSatisfy(\.isASCIIDigit)
    }

    static func read(_ stream: () -> TextStream, into sink: inout PaymentSink) throws {
        var statements = try CODARecords.statements(in: TextLines(stream: stream()))
        // One movement, one payment: each statement counted against its own balances first; its
        // movements are not needed once counted.
        let verdict = StatementCheck.check(statements.map(\.check))
        let keys = statements.map(\.check.key)
        for index in statements.indices { statements[index].check.movements = [] }
        var cancellations = 0
        let movements = try CODARecords.movements(in: TextLines(stream: stream())) { index, group in
            let statement = statements.indices.contains(index) ? statements[index] : CODAStatement(headerLine: 0)
            var ignored = 0
            for movement in payments(of: group, ignored: &ignored, cancellations: &cancellations) {
                var fact = fact(movement, names: group.informationNames, statement: statement)
                fact.standing = verdict.standings[group.main.line] ?? .plain
                fact.statement = keys.indices.contains(index) ? keys[index] : nil
                try sink.add(fact)
            }
            sink.ignore(ignored)
        }
        sink.note(statements.count == 1 ? .noteCODAStatement : .noteCODAStatements, statements.count, movements)
        if cancellations > 0 { sink.note(.notPaymentCancellations, cancellations) }
        sink.notes += verdict.notes
        for statement in statements {
            if statement.duplicate {
                sink.note(.noteCODADuplicate, statement.headerLine)
            }
            if !statement.closingAccount.isEmpty, statement.closingAccount != statement.account {
                sink.note(.noteCODAAccounts, statement.headerLine, statement.account, statement.closingAccount)
            }
        }
    }

    /// The movements of a group that are money coming in: a globalisation counts through its details
    /// when it has them, else as one total; debits and R-transactions (rejects, returns, refunds,
    /// reversals, cancellations) are counted as ignored.
    /// - Parameter cancellations: credits with transaction code 99, counted for the report.
    static func payments(of group: CODAMovementGroup, ignored: inout Int, cancellations: inout Int) -> [CODAStatement.Movement] {
        let useDetails = group.main.globalisation && !group.details.isEmpty
        // What is not counted is ignored: the total when its details count, else the details.
        ignored += useDetails ? 1 : group.details.count
        var details = group.details
        // A total's one detail with no communication of its own (KBC's foreign credits: an amount
        // record 105 alone) is the total's money: it says what the total says. With several details
        // nothing says which one the total's words are about.
        if useDetails, details.count == 1, !CODACommunication.carriesReference(details[0]) {
            details[0].communication = group.main.communication
            details[0].communicationType = group.main.communicationType
            if details[0].counterpartyName.isEmpty { details[0].counterpartyName = group.main.counterpartyName }
        }
        var payments: [CODAStatement.Movement] = []
        for movement in useDetails ? details : [group.main] {
            if movement.credit, isCancellation(movement) {
                // Conservative: a correction of an earlier movement is never a payment. Said in the report.
                cancellations += 1
                ignored += 1
                continue
            }
            guard movement.credit, !"12345".contains(movement.returnKind), !CODACommunication.isRefusedDirectDebit(movement) else {
                ignored += 1
                continue
            }
            payments.append(movement)
        }
        return payments
    }

    /// Transaction 99 in any family is a cancellation or correction of an earlier movement.
    private static func isCancellation(_ movement: CODAStatement.Movement) -> Bool {
        let code = Array(movement.transactionCode)
        return code.count == 8 && String(code[3...4]) == "99"
    }

    private static func fact(_ movement: CODAStatement.Movement, names: [String: String], statement: CODAStatement) -> PaymentFact {
        var fact = PaymentFact(kind: .bankCredit, line: movement.line, paid: true, amount: movement.amount, currency: statement.currency)
        fact.date = date(of: movement, in: statement)
        let name = movement.counterpartyName.isEmpty ? names[movement.sequence] ?? "" : movement.counterpartyName
        fact.counterparty = name.isEmpty ? nil : name
        CODACommunication.read(movement, into: &fact)
        return fact
    }

    /// The entry (booking) date, unless it lies outside the statement's own period (a week's slack
    /// either side): some banks fill it with a placeholder. Then the value date, else the closing date.
    static func date(of movement: CODAStatement.Movement, in statement: CODAStatement) -> CalendarDate? {
        let bounds = [statement.openingDate, statement.closingDate].compactMap { $0?.ordinal }
        func plausible(_ day: CalendarDate?) -> Bool {
            guard let day else { return false }
            guard let low = bounds.min(), let high = bounds.max() else { return true }
            return day.ordinal >= low - 7 && day.ordinal <= high + 7
        }
        if plausible(movement.entryDate) { return movement.entryDate }
        if plausible(movement.valueDate) { return movement.valueDate }
        return statement.closingDate ?? movement.entryDate ?? movement.valueDate
    }
}
