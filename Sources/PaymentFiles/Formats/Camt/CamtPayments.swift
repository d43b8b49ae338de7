import Foundation
import StrictXML
import Wording

/// ISO 20022 bank-to-customer statements (camt.053), notifications (camt.054) and reports (camt.052),
/// any version: elements are matched by local name.
///
/// What a careful reader takes: booked (`BOOK`) credits only; each transaction of a batch rather than
/// the batch total (and the total when no details are given); no reversals (`RvslInd`) or returns
/// (`RtrInf`, return sub-families); structured references read by their scheme (Belgian `BBA`,
/// ISO 11649 `RF`, Swiss QR and ISR references reported as another scheme); dates with a zone read as
/// the day written.
enum CamtPayments {
    static func read(_ input: PaymentInput, into sink: inout PaymentSink) throws -> PaymentFileFormat {
        let reader = CamtReader(sink: sink)
        try XMLReading.scan(input, into: reader)
        sink = reader.sink
        guard let format = reader.format else {
            throw PaymentFileError(line: 1, .readNotCamt)
        }
        if let version = reader.version { sink.note(.noteCamtEntries, version, reader.entries) }
        if reader.copies > 0 { sink.note(reader.copies == 1 ? .noteCamtCopy : .noteCamtCopies, reader.copies) }
        return format
    }

    /// Hands over a finished entry's facts: one per transaction of a booked, non-reversed credit.
    static func take(_ entry: CamtEntry, format: PaymentFileFormat, into sink: inout PaymentSink) throws {
        let booked = entry.status == "BOOK" || (entry.status == nil && format == .camt053)
        guard booked, entry.credit, !entry.reversal, !CamtEntry.returnCodes.contains(entry.subFamily ?? ""), let total = entry.amount else {
            return sink.ignore()
        }
        let transactions = entry.transactions.isEmpty ? [CamtEntry.Transaction()] : entry.transactions
        for transaction in transactions {
            if transaction.isReturn || transaction.credit == false || CamtEntry.returnCodes.contains(transaction.subFamily ?? "") {
                sink.ignore()
                continue
            }
            // One transaction: the entry's amount is the authoritative one. Several: each its own.
            guard let amount = transactions.count == 1 ? total : transaction.amount else {
                try sink.problem(LineProblem(line: entry.line, ReadingMessage(.rowCamtBatch)))
                continue
            }
            try sink.add(transaction.fact(of: entry, amount: amount))
        }
    }
}
