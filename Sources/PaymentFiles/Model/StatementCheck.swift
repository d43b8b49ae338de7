import Crypto
import DropValues
package import Foundation
import Wording

/// How a bank line stands in its statement once the statement is counted against itself.
package enum StatementStanding: Sendable, Equatable {
    case plain
    /// The whole statement (account, number, movements) came before in this file: not applied again.
    case repeatedStatement
    /// The same movement as line `first`, and the statement's balances count it once: a copy, not applied.
    case repeatedLine(first: Int)
    /// The same movement as line `first`, and nothing in the statement says both are real: held.
    case suspectedRepeat(first: Int)
    /// The statement's balances differ from its movements by `difference`, and a misread amount on this
    /// line could explain it: held.
    case disputed(difference: Decimal)
}

/// One movement, one payment: a statement's movements counted against the statement itself. A bank
/// file may carry a statement twice, or a movement twice in one statement; its opening and closing
/// balances say which copies are real. Readers collect each statement's movements in a first pass and
/// ask here how each line stands before they hand its fact on.
package struct StatementCheck {
    /// A movement as the statement books it.
    package struct Movement {
        package var line: Int
        /// Positive in, negative out.
        package var amount: Decimal
        /// What makes two movements the same: every field the bank wrote for it but its line number,
        /// hashed (a statement of a hundred thousand lines keeps eight bytes a line).
        package var fingerprint: UInt64
        package var isCredit: Bool { amount > 0 }

        package init(line: Int, amount: Decimal, fingerprint: UInt64) {
            self.line = line
            self.amount = amount
            self.fingerprint = fingerprint
        }

        /// FNV-1a of the movement's text: stable across runs (a statement's key is kept in the index).
        package static func fingerprint(_ texts: String...) -> UInt64 {
            fingerprint(texts.map { [$0] })
        }

        /// The same over fields given as their lines: each field's lines count as joined.
        package static func fingerprint(_ fields: [String]...) -> UInt64 { fingerprint(fields) }

        private static func fingerprint(_ fields: [[String]]) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for lines in fields {
                for line in lines {
                    for byte in line.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
                }
                hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    /// One statement: its account and number, the balances it states, its movements in order.
    package struct Statement {
        package var account = ""
        package var number = ""
        package var opening: Decimal?
        package var closing: Decimal?
        package var movements: [Movement] = []
        package var firstLine = 0

        package init() {}

        /// Account, number and a digest of the movements: the same statement sent again has the same key.
        package var key: String {
            var hasher = SHA256()
            for movement in movements { withUnsafeBytes(of: movement.fingerprint.littleEndian) { hasher.update(bufferPointer: $0) } }
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined().prefix(32)
            return "\(account)|\(number)|\(digest)"
        }
    }

    /// What the check found: each line's standing (plain ones are left out), and what the report says.
    package struct Verdict {
        package var standings: [Int: StatementStanding] = [:]
        package var notes: [ReadingMessage] = []
    }

    /// Counts every statement of a file: a repeat of an earlier statement of the file, copies of a
    /// movement inside one, and balances that do not reconcile.
    package static func check(_ statements: [Statement]) -> Verdict {
        var verdict = Verdict()
        var seen: [String: Int] = [:]
        for statement in statements {
            guard !statement.movements.isEmpty else { continue }
            let key = statement.key
            if let first = seen[key] {
                for movement in statement.movements { verdict.standings[movement.line] = .repeatedStatement }
                verdict.notes.append(
                    ReadingMessage(.noteRepeatedStatement, statement.number.isEmpty ? "-" : statement.number, statement.firstLine, first))
                continue
            }
            seen[key] = statement.firstLine
            check(statement, into: &verdict)
        }
        return verdict
    }

    /// Movements that stand more than once, each group in statement order, the groups by their first
    /// line. Sorted indices rather than a dictionary of arrays: a statement of a hundred thousand
    /// movements, nearly all single, allocates nothing per movement.
    static func repeats(in movements: [Movement]) -> [[Movement]] {
        let order = movements.indices.sorted { (movements[$0].fingerprint, $0) < (movements[$1].fingerprint, $1) }
        var groups: [[Movement]] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, movements[order[end]].fingerprint == movements[order[start]].fingerprint { end += 1 }
            if end - start > 1 { groups.append(order[start..<end].map { movements[$0] }) }
            start = end
        }
        return groups.sorted { $0[0].line < $1[0].line }
    }

    private static func check(_ statement: Statement, into verdict: inout Verdict) {
        var total = statement.movements.reduce(Decimal(0)) { $0 + $1.amount }
        let balances = statement.opening.flatMap { opening in statement.closing.map { (opening, $0) } }
        // Copies of a movement: real when the balances count them all, a copy when they count one.
        for copies in repeats(in: statement.movements) {
            let extra = copies.dropFirst().reduce(Decimal(0)) { $0 + $1.amount }
            if let (opening, closing) = balances, opening + total == closing { continue }
            if let (opening, closing) = balances, opening + total - extra == closing {
                for copy in copies.dropFirst() { verdict.standings[copy.line] = .repeatedLine(first: copies[0].line) }
                total -= extra
                verdict.notes.append(ReadingMessage(.noteRepeatedLine, copies[0].line, copies.count - 1))
            } else {
                for copy in copies.dropFirst() where copy.isCredit { verdict.standings[copy.line] = .suspectedRepeat(first: copies[0].line) }
            }
        }
        guard let (opening, closing) = balances else { return }
        let difference = closing - (opening + total)
        guard difference != 0 else { return }
        verdict.notes.append(ReadingMessage(.noteUnreconciled, statement.number.isEmpty ? "-" : statement.number, DecimalText.money(difference)))
        // A credit whose amount, misread, would make the statement add up: a decimal shifted, or booked
        // though the bank did not (the difference is minus its amount).
        for movement in statement.movements where movement.isCredit && verdict.standings[movement.line] == nil {
            let corrected = movement.amount + difference
            let shifted = [10, 100, 1_000].contains { corrected == movement.amount * Decimal($0) || corrected * Decimal($0) == movement.amount }
            if shifted || corrected == 0 { verdict.standings[movement.line] = .disputed(difference: difference) }
        }
    }
}
