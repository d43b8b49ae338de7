package import Foundation

/// Bank statements in each format tldrop reads, paying given amounts with given references: what a
/// bank would send after customers paid.
package enum BankExports {
    /// One credit: the amount, a structured communication (12 digits) or free text, and the payer.
    package struct Credit: Sendable {
        package var amount: Decimal
        package var ogm: String?
        package var text: String
        package var payer: String

        package init(amount: Decimal, ogm: String? = nil, text: String = "", payer: String = "KLANT NV") {
            self.amount = amount
            self.ogm = ogm
            self.text = text
            self.payer = payer
        }
    }

    package static func coda(_ credits: [Credit], date: String = "201126") -> Data {
        var builder = CODABuilder(date: date)
        for credit in credits { builder.credit(credit.amount, text: credit.text, ogm: credit.ogm, from: credit.payer) }
        builder.debit(12.5, text: "bankkosten")
        return builder.data
    }

    /// MT940 with `:86:` in the keyed SEPA style; a structured communication goes under `/REMI/STRD/BBA/`.
    package static func mt940(_ credits: [Credit], date: String = "261120") -> Data {
        var text = "{1:F01KREDBEBBAXXX0000000000}{2:I940KREDBEBBXXXXN}{4:\n:20:STMT\(date)\n:25:BE68539007547034 EUR\n:28C:1\n:60F:C\(date)EUR0,00\n"
        for (offset, credit) in credits.enumerated() {
            let amount = "\(credit.amount)".replacingOccurrences(of: ".", with: ",")
            text += ":61:\(date)\(date.suffix(4))C\(amount.contains(",") ? amount : amount + ",")NTRFNONREF//\(offset + 1)\n"
            let remittance = credit.ogm.map { "/REMI/STRD/BBA/\($0)/" } ?? "/REMI/USTD//\(credit.text)/"
            text += ":86:/EREF/NOTPROVIDED//CNTP/BE71096123456769/GKCCBEBB/\(credit.payer)/BRUSSEL/\(remittance)\n"
        }
        // The closing balance the movements make: a statement that adds up.
        let closing = credits.reduce(Decimal(0)) { $0 + $1.amount } - Decimal(string: "12.5")!
        let balance = "\(abs(closing))".replacingOccurrences(of: ".", with: ",")
        text += ":61:\(date)\(date.suffix(4))D12,50NCHGNONREF//99\n:86:bankkosten\n"
        text += ":62F:\(closing < 0 ? "D" : "C")\(date)EUR\(balance.contains(",") ? balance : balance + ",")\n-}\n"
        return Data(text.utf8)
    }

    /// A GoCardless (Nordigen) `transactions` export.
    package static func bankJSON(_ credits: [Credit], date: String = "2026-11-20") -> Data {
        var items = credits.map { credit -> [String: Any] in
            var item: [String: Any] = [
                "transactionAmount": ["amount": "\(credit.amount)", "currency": "EUR"], "bookingDate": date, "debtorName": credit.payer,
            ]
            if let ogm = credit.ogm { item["remittanceInformationStructured"] = ogm } else { item["remittanceInformationUnstructured"] = credit.text }
            return item
        }
        items.append(["transactionAmount": ["amount": "-12.50", "currency": "EUR"], "bookingDate": date, "creditorName": "Bank"])
        let object: [String: Any] = ["transactions": ["booked": items, "pending": []]]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
