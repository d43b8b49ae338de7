import DropValues
import Foundation

/// One `Ntry` of a camt.052/053/054 document, as its elements say it.
struct CamtEntry {
    /// One `TxDtls`: a transaction of the entry (a batch has several).
    struct Transaction {
        /// One `Strd/CdtrRefInf`: a reference and what kind it says it is.
        struct CreditorReference {
            var code: String?
            var proprietary: String?
            var issuer: String?
            var reference = ""
        }

        var amount: Decimal?
        var currency: String?
        var credit: Bool?
        var unstructured: [String] = []
        var additional: [String] = []
        var references: [CreditorReference] = []
        var referredDocuments: [String] = []
        var endToEndId: String?
        var debtor: String?
        var ultimateDebtor: String?
        var isReturn = false
        var subFamily: String?
        var bankReference: String?
    }

    var line: Int
    var amount: Decimal?
    var currency: String?
    var credit = false
    var reversal = false
    var status: String?
    var bookingDate: CalendarDate?
    var valueDate: CalendarDate?
    var batchCount: Int?
    var subFamily: String?
    var additional: String?
    var bankReference: String?
    var transactions: [Transaction] = []

    /// Bank transaction sub-family codes that undo an earlier payment.
    static let returnCodes: Set<String> = ["RRTN", "RPCR", "ARET", "AREV"]
}

extension CamtEntry.Transaction {
    /// The facts a booked credit's transaction gives: its amount and date come from the entry when it
    /// is the entry's only transaction.
    func fact(of entry: CamtEntry, amount: Decimal) -> PaymentFact {
        var fact = PaymentFact(
            kind: .bankCredit, line: entry.line, paid: true, date: entry.bookingDate ?? entry.valueDate, amount: amount,
            currency: currency ?? entry.currency, counterparty: debtor ?? ultimateDebtor)
        for reference in references where !reference.reference.isEmpty {
            let label = (reference.proprietary ?? "").uppercased()
            let scheme: ForeignReference.Scheme?
            if label == "QRR" {
                scheme = .swissQR
            } else if label.contains("ISR") || label.contains("ESR") {
                scheme = .swissISR
            } else if reference.issuer?.uppercased() == "BBA" {
                scheme = .failedCheck  // Belgian: a valid structured communication, or one that fails its check
            } else if reference.code == "SCOR" || reference.issuer != nil || reference.proprietary == nil {
                scheme = nil  // ISO (RF) or unstated: read by its shape
            } else {
                scheme = .other
            }
            Communication.readStructured(reference.reference, scheme: scheme, into: &fact)
        }
        for document in referredDocuments {
            for number in DocumentNumber.find(in: document) where !fact.numbersInText.contains(number) { fact.numbersInText.append(number) }
        }
        var text = unstructured.joined(separator: " ")
        for more in additional where !more.isEmpty { text += " " + more }
        if entry.transactions.count <= 1, let info = entry.additional { text += " " + info }
        Communication.read(text.trimmingSpaces(), into: &fact)
        if let endToEndId, endToEndId.uppercased() != "NOTPROVIDED" { Communication.readEndToEnd(endToEndId, into: &fact) }
        if let reference = bankReference ?? (entry.transactions.count <= 1 ? entry.bankReference : nil), reference.uppercased() != "NONREF" {
            fact.otherReferences.append(ForeignReference(.bankReference, reference))
        }
        return fact
    }
}
