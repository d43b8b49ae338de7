import Foundation

/// Writes CODA 2 statements (Febelfin, 128-character records) for tests: a bank statement as a
/// Belgian bank sends it, with free or structured communications.
package struct CODABuilder: Sendable {
    package struct Movement: Sendable {
        package var credit: Bool
        package var amount: Decimal
        /// A structured communication (12 digits, type 101), or free text.
        package var ogm: String?
        package var text: String
        package var counterparty: String
    }

    package var date: String
    package var movements: [Movement] = []

    /// - Parameter date: `DDMMYY`.
    package init(date: String = "201126") { self.date = date }

    package mutating func credit(_ amount: Decimal, text: String = "", ogm: String? = nil, from counterparty: String = "KLANT NV") {
        movements.append(Movement(credit: true, amount: amount, ogm: ogm, text: text, counterparty: counterparty))
    }

    package mutating func debit(_ amount: Decimal, text: String = "", ogm: String? = nil, to counterparty: String = "LEVERANCIER BV") {
        movements.append(Movement(credit: false, amount: amount, ogm: ogm, text: text, counterparty: counterparty))
    }

    package var data: Data {
        var records: [String] = []
        records.append(
            "00000" + date + "725" + "05" + " " + pad("", 7) + pad("TEST", 10) + pad("DE KROON BV", 26) + pad("KREDBEBB", 11)
                + "0" + pad("0417331909", 10) + " " + "00000" + pad("", 16) + pad("", 16) + pad("", 7) + "2")
        let account = pad("BE68539007547034", 34) + "EUR"
        records.append("12001" + account + "0" + digits(0, 15) + date + pad("DE KROON BV", 26) + pad("ZICHTREKENING", 35) + "001")
        for (offset, movement) in movements.enumerated() {
            let sequence = String(format: "%04d", offset + 1)
            let communication = movement.ogm.map { "1101" + $0 + pad("", 38) } ?? ("0" + pad(movement.text, 53))
            records.append(
                "21" + sequence + "0000" + pad("REF\(sequence)", 21) + (movement.credit ? "0" : "1") + digits(movement.amount, 15)
                    + date + "00150000" + communication + date + "001" + "0" + "1" + " " + "0")
            records.append("22" + sequence + "0000" + pad("", 53) + pad("", 35) + pad("GKCCBEBB", 11) + pad("", 16) + "1" + " " + "0")
            records.append(
                "23" + sequence + "0000" + pad("BE71096123456769", 34) + "EUR" + pad(movement.counterparty, 35) + pad("", 43) + "0" + " " + "0")
        }
        let credits = movements.filter(\.credit).reduce(Decimal(0)) { $0 + $1.amount }
        let debits = movements.filter { !$0.credit }.reduce(Decimal(0)) { $0 + $1.amount }
        records.append("8001" + account + "0" + digits(credits - debits, 15) + date + pad("", 64) + "0")
        records.append("9" + pad("", 15) + String(format: "%06d", records.count - 1) + digits(debits, 15) + digits(credits, 15) + pad("", 75) + "2")
        return Data(records.map { $0 + "\r\n" }.joined().utf8)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(text.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// An amount in thousandths, zero-padded.
    private func digits(_ amount: Decimal, _ width: Int) -> String {
        let thousandths = NSDecimalNumber(decimal: abs(amount) * 1000).int64Value
        return String(format: "%0\(width)lld", thousandths)
    }
}
