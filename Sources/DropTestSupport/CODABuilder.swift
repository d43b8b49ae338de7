package import Foundation

/// Writes CODA 2 statements (Febelfin, 128-character records) for tests: a bank statement as a
/// Belgian bank sends it, with free or structured communications, in the record orders the standard
/// allows (a movement without its article 2, a globalisation with its details), and the balances a
/// statement states (which may be made not to add up).
package struct CODABuilder: Sendable {
    package struct Movement: Sendable {
        package var credit: Bool
        package var amount: Decimal
        /// A structured communication (12 digits, type 101), or free text.
        package var ogm: String?
        package var text: String
        package var counterparty: String
        /// 21 followed directly by 23, as KBC writes a movement with no article 2 data.
        package var withoutPart2 = false
        /// A globalisation's details: the total is this movement, each detail a record 21 of its own.
        package var details: [Detail] = []
    }

    /// One detail of a globalisation.
    package struct Detail: Sendable {
        package var amount: Decimal
        /// A structured communication of its own, or nil.
        package var ogm: String?
        /// An amount record (type 105: gross amounts, rate, currency) with no reference in it.
        package var amountRecordOnly: Bool

        package init(amount: Decimal, ogm: String? = nil, amountRecordOnly: Bool = false) {
            self.amount = amount
            self.ogm = ogm
            self.amountRecordOnly = amountRecordOnly
        }
    }

    package var date: String
    package var movements: [Movement] = []
    /// Record 1's statement number.
    package var number = "001"
    package var opening: Decimal = 0
    /// The closing balance record 8 states; nil: what the opening and the movements make.
    package var closing: Decimal?

    /// - Parameter date: `DDMMYY`.
    package init(date: String = "201126") { self.date = date }

    package mutating func credit(_ amount: Decimal, text: String = "", ogm: String? = nil, from counterparty: String = "KLANT NV") {
        movements.append(Movement(credit: true, amount: amount, ogm: ogm, text: text, counterparty: counterparty))
    }

    package mutating func debit(_ amount: Decimal, text: String = "", ogm: String? = nil, to counterparty: String = "LEVERANCIER BV") {
        movements.append(Movement(credit: false, amount: amount, ogm: ogm, text: text, counterparty: counterparty))
    }

    /// A credit whose 21 is followed directly by its 23 (no 22).
    package mutating func creditWithoutPart2(_ amount: Decimal, text: String = "", ogm: String? = nil, from counterparty: String = "KLANT NV") {
        credit(amount, text: text, ogm: ogm, from: counterparty)
        movements[movements.count - 1].withoutPart2 = true
    }

    /// A globalised credit: the total (with its communication) and its details.
    package mutating func globalisedCredit(_ total: Decimal, text: String = "", ogm: String? = nil, details: [Detail]) {
        credit(total, text: text, ogm: ogm)
        movements[movements.count - 1].details = details
    }

    /// One statement, as a file.
    package var data: Data { Self.file([self]) }

    /// Several statements one after the other, as one file.
    package static func file(_ statements: [CODABuilder]) -> Data {
        Data(statements.flatMap(\.records).map { $0 + "\r\n" }.joined().utf8)
    }

    /// Records 0 to 9 of the statement.
    package var records: [String] {
        var records: [String] = []
        records.append(
            "00000" + date + "725" + "05" + " " + pad("", 7) + pad("TEST", 10) + pad("DE KROON BV", 26) + pad("KREDBEBB", 11)
                + "0" + pad("0417331909", 10) + " " + "00000" + pad("", 16) + pad("", 16) + pad("", 7) + "2")
        let account = pad("BE68539007547034", 34) + "EUR"
        records.append(
            "12" + pad(number, 3) + account + sign(opening) + digits(opening, 15) + date + pad("DE KROON BV", 26) + pad("ZICHTREKENING", 35) + "001")
        for (offset, movement) in movements.enumerated() {
            let sequence = String(format: "%04d", offset + 1)
            let communication = movement.ogm.map { "1101" + $0 + pad("", 38) } ?? ("0" + pad(movement.text, 53))
            let glob = movement.details.isEmpty ? "0" : "1"
            records.append(
                "21" + sequence + "0000" + pad("REF\(sequence)", 21) + (movement.credit ? "0" : "1") + digits(movement.amount, 15)
                    + date + "00150000" + communication + date + "001" + glob + "1" + " " + "0")
            if !movement.withoutPart2 {
                records.append("22" + sequence + "0000" + pad("", 53) + pad("", 35) + pad("GKCCBEBB", 11) + pad("", 16) + "1" + " " + "0")
            }
            records.append(
                "23" + sequence + "0000" + pad("BE71096123456769", 34) + "EUR" + pad(movement.counterparty, 35) + pad("", 43) + "0" + " " + "0")
            for (position, detail) in movement.details.enumerated() {
                let number = String(format: "%04d", position + 1)
                // Type 105: gross amount (15), amount in the original currency (15), rate (12), currency (3),
                // then a structured field (12) left empty.
                let detailCommunication =
                    detail.amountRecordOnly
                    ? "1105" + digits(detail.amount, 15) + digits(detail.amount, 15) + "000001000000" + "EUR" + pad("", 5)
                    : (detail.ogm.map { "1101" + $0 + pad("", 38) } ?? ("0" + pad("", 53)))
                records.append(
                    "21" + sequence + number + pad("REF\(sequence)\(number)", 21) + "0" + digits(detail.amount, 15) + date + "00150000"
                        + detailCommunication + date + "001" + "0" + "0" + " " + "0")
            }
        }
        let moved = movements.reduce(Decimal(0)) { $0 + ($1.credit ? $1.amount : -$1.amount) }
        let credits = movements.filter(\.credit).reduce(Decimal(0)) { $0 + $1.amount }
        let debits = movements.filter { !$0.credit }.reduce(Decimal(0)) { $0 + $1.amount }
        let closing = self.closing ?? opening + moved
        records.append("8" + pad(number, 3) + account + sign(closing) + digits(closing, 15) + date + pad("", 64) + "0")
        records.append("9" + pad("", 15) + String(format: "%06d", records.count - 1) + digits(debits, 15) + digits(credits, 15) + pad("", 75) + "2")
        return records
    }

    private func sign(_ amount: Decimal) -> String { amount < 0 ? "1" : "0" }

    private func pad(_ text: String, _ width: Int) -> String {
        String(text.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// An amount in thousandths, zero-padded.
    private func digits(_ amount: Decimal, _ width: Int) -> String {
        let thousandths = NSDecimalNumber(decimal: abs(amount) * 1000).int64Value
        return String(format: "%0\(width)lld", thousandths)
    }
}
