import Foundation
import StrictXML

/// ISO 20022 bank-to-customer statements (camt.053), notifications (camt.054) and reports (camt.052),
/// any version: elements are matched by local name.
///
/// What a careful reader takes: booked (`BOOK`) credits only; each transaction of a batch rather than
/// the batch total (and the total when no details are given); no reversals (`RvslInd`) or returns
/// (`RtrInf`, return sub-families); structured references read by their scheme (Belgian `BBA`,
/// ISO 11649 `RF`, Swiss QR and ISR references reported as another scheme); dates with a zone read as
/// the day written.
enum CamtPayments {
    static func read(_ data: Data) throws -> PaymentFile {
        let reader = CamtReader()
        try XMLReading.scan(data, into: reader)
        guard let format = reader.format else {
            throw PaymentFileError(
                line: 1, "an XML file that is not a camt.052, camt.053 or camt.054 bank document (no BkToCstmrStmt, BkToCstmrDbtCdtNtfctn or BkToCstmrAcctRpt)")
        }
        var file = PaymentFile(format: format, facts: reader.facts, problems: reader.problems, ignored: reader.ignored)
        if let version = reader.version { file.notes.append("\(version), \(reader.entries) entries") }
        if reader.copies > 0 { file.notes.append("the bank marks \(reader.copies) statement\(reader.copies == 1 ? "" : "s") as a copy or duplicate") }
        return file
    }

    /// Turns a finished entry into facts: one per transaction of a booked, non-reversed credit.
    static func facts(of entry: CamtEntry, format: PaymentFileFormat, ignored: inout Int, problems: inout [LineProblem]) -> [PaymentFact] {
        let booked = entry.status == "BOOK" || (entry.status == nil && format == .camt053)
        guard booked, entry.credit, !entry.reversal, !CamtEntry.returnCodes.contains(entry.subFamily ?? ""), let total = entry.amount else {
            ignored += 1
            return []
        }
        let transactions = entry.transactions.isEmpty ? [CamtEntry.Transaction()] : entry.transactions
        var facts: [PaymentFact] = []
        for transaction in transactions {
            if transaction.isReturn || transaction.credit == false || CamtEntry.returnCodes.contains(transaction.subFamily ?? "") {
                ignored += 1
                continue
            }
            // One transaction: the entry's amount is the authoritative one. Several: each its own.
            guard let amount = transactions.count == 1 ? total : transaction.amount else {
                problems.append(LineProblem(line: entry.line, message: "a transaction of a batch entry gives no amount of its own"))
                continue
            }
            facts.append(transaction.fact(of: entry, amount: amount))
        }
        return facts
    }
}
