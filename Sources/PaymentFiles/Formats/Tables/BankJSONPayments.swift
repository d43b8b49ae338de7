import Foundation

/// A bank-API transactions export in the Berlin Group / GoCardless (Nordigen) Bank Account Data
/// shape: `{"transactions": {"booked": [...], "pending": [...]}}` (or `booked` at the top). Booked
/// transactions with a positive `transactionAmount` are money coming in; pending ones are not booked.
enum BankJSONPayments {
    /// The booked and pending transactions, when the JSON has this shape.
    static func transactions(in object: Any) -> (booked: [[String: Any]], pending: Int)? {
        guard let top = object as? [String: Any] else { return nil }
        let holder = (top["transactions"] as? [String: Any]) ?? top
        guard let booked = holder["booked"] as? [Any] else { return nil }
        let pending = (holder["pending"] as? [Any])?.count ?? 0
        return (booked.compactMap { $0 as? [String: Any] }, pending)
    }

    static func read(booked: [[String: Any]], pending: Int) -> PaymentFile {
        var file = PaymentFile(format: .bankJSON)
        file.ignored = pending
        for (position, transaction) in booked.enumerated() {
            let line = position + 1
            let money = transaction["transactionAmount"] as? [String: Any]
            guard let raw = money.flatMap({ string($0["amount"]) }), let amount = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")) else {
                file.problems.append(LineProblem(line: line, message: "transactionAmount.amount is missing or not a number"))
                continue
            }
            guard amount > 0 else {
                file.ignored += 1
                continue
            }
            var fact = PaymentFact(kind: .bankCredit, line: line, paid: true, amount: amount)
            fact.currency = money.flatMap { string($0["currency"]) }?.uppercased()
            fact.date = [transaction["bookingDate"], transaction["bookingDateTime"], transaction["valueDate"]]
                .compactMap { string($0).flatMap(ValueParsers.date) }.first
            fact.counterparty = string(transaction["debtorName"]) ?? string(transaction["ultimateDebtor"])
            for key in ["remittanceInformationStructured"] { if let value = string(transaction[key]) { Communication.readStructured(value, into: &fact) } }
            for value in (transaction["remittanceInformationStructuredArray"] as? [Any] ?? []).compactMap(string) {
                Communication.readStructured(value, into: &fact)
            }
            var text = (transaction["remittanceInformationUnstructuredArray"] as? [Any] ?? []).compactMap(string)
            text += ["remittanceInformationUnstructured", "additionalInformation"].compactMap { string(transaction[$0]) }
            Communication.read(text.joined(separator: " "), into: &fact)
            if let id = string(transaction["endToEndId"]), id.uppercased() != "NOTPROVIDED" { Communication.readEndToEnd(id, into: &fact) }
            file.facts.append(fact)
        }
        file.notes.append("\(booked.count) booked and \(pending) pending transactions; item numbers count the booked ones from 1")
        return file
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
