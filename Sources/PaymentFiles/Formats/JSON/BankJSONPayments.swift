import Foundation
import Wording

/// A bank-API transactions export in the Berlin Group / GoCardless (Nordigen) Bank Account Data
/// shape: `{"transactions": {"booked": [...], "pending": [...]}}` (or `booked` at the top). Booked
/// transactions with a positive `transactionAmount` are money coming in; pending ones are not booked.
enum BankJSONPayments {
    /// Where the booked transactions are, and how many are pending, when the JSON has this shape.
    static func places(in shape: JSONScanner) -> (booked: JSONScanner.Place, pending: Int)? {
        guard shape.kinds[.top] == .object else { return nil }
        let inTransactions = shape.kinds[.topMember("transactions")] == .object
        let booked: JSONScanner.Place = inTransactions ? .transactionsMember("booked") : .topMember("booked")
        let pending: JSONScanner.Place = inTransactions ? .transactionsMember("pending") : .topMember("pending")
        guard shape.kinds[booked] == .array else { return nil }
        return (booked, shape.arrays[pending]?.count ?? 0)
    }

    static func read(_ input: PaymentInput, encoding: TextEncoding, booked: JSONScanner.Place, pending: Int, into sink: inout PaymentSink) throws {
        sink.ignore(pending)
        var line = 0
        try withoutActuallyEscaping({ (bytes: [UInt8], kind: JSONScanner.Kind) throws in
            guard kind == .object, let transaction = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return }
            line += 1
            try read(transaction, line: line, into: &sink)
        }) { deliver in
            try JSONScanner(TextStream(input, encoding: encoding), capturing: booked, deliver: deliver).scan()
        }
        sink.note(.noteBankJSON, line, pending)
    }

    private static func read(_ transaction: [String: Any], line: Int, into sink: inout PaymentSink) throws {
        let money = transaction["transactionAmount"] as? [String: Any]
        guard let raw = money.flatMap({ string($0["amount"]) }), let amount = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")) else {
            return try sink.problem(LineProblem(line: line, ReadingMessage(.rowBankJSONAmount)))
        }
        guard amount > 0 else { return sink.ignore() }
        var fact = PaymentFact(kind: .bankCredit, line: line, paid: true, amount: amount)
        fact.currency = money.flatMap { string($0["currency"]) }?.uppercased()
        fact.date =
            [transaction["bookingDate"], transaction["bookingDateTime"], transaction["valueDate"]]
            .compactMap { string($0).flatMap(ValueParsers.date) }.first
        fact.counterparty = string(transaction["debtorName"]) ?? string(transaction["ultimateDebtor"])
        if let value = string(transaction["remittanceInformationStructured"]) { Communication.readStructured(value, into: &fact) }
        for value in (transaction["remittanceInformationStructuredArray"] as? [Any] ?? []).compactMap(string) {
            Communication.readStructured(value, into: &fact)
        }
        var text = (transaction["remittanceInformationUnstructuredArray"] as? [Any] ?? []).compactMap(string)
        text += ["remittanceInformationUnstructured", "additionalInformation"].compactMap { string(transaction[$0]) }
        Communication.read(text.joined(separator: " "), into: &fact)
        if let id = string(transaction["endToEndId"]), id.uppercased() != "NOTPROVIDED" { Communication.readEndToEnd(id, into: &fact) }
        try sink.add(fact)
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
