import DropIndex
import DropValues
import PaymentFiles
import Wording

/// A batch of a file's facts with what each line names, found on the reading side: reading, parsing
/// and looking documents up run on one core while the other applies the batch before. The applying side
/// finds each line's documents among them and adds the words and first verdicts (`judge`): split so
/// that the two sides take about as long.
struct PreparedBatch: Sendable {
    var batch: PaymentBatch
    var matcher: PaymentMatcher
    /// One per fact, in order, once judged; nil for review answers (they are settled where the review
    /// items are).
    var lookups: [PaymentMatcher.Lookup?]
    /// Each fact's place in its file, in the report's words.
    var locations: [String]
    /// For a line naming a document no payment was known of and no other line of the batch names: the
    /// verdict it gets when this file queued none for it either (which the applying side checks).
    var provisional: [PaymentJudge.Verdict?]
    let scope: String?

    init(_ batch: PaymentBatch, documents: PayableDocuments, scope: String?, today: CalendarDate) throws {
        self.batch = batch
        matcher = try PaymentMatcher.prepare(for: batch.facts, in: documents, today: today)
        self.scope = scope
        lookups = []
        locations = []
        provisional = []
    }

    /// Adds each fact's words and, for documents only one line names, the verdict it gets unless this
    /// file queued a payment for it already.
    mutating func judge(today: CalendarDate, wording: Wording) {
        lookups.reserveCapacity(batch.facts.count)
        for (position, fact) in batch.facts.enumerated() {
            if case .reviewAnswer = fact.kind {
                lookups.append(nil)
            } else {
                lookups.append(matcher.lookup(fact, at: position, scope: scope))
            }
        }
        locations.reserveCapacity(batch.facts.count)
        provisional.reserveCapacity(batch.facts.count)
        for fact in batch.facts {
            locations.append(wording.location(fact.member, fact.line))
        }
        // Documents more than one line names: their lines are judged against each other.
        // (By the id's hash: two documents sharing one are both judged the careful way.)
        var named: [UInt64: Int] = [:]
        named.reserveCapacity(batch.facts.count)
        for lookup in lookups {
            switch lookup {
            case .document(let document, _): named[document.idHash, default: 0] += 1
            case .ambiguous(let documents, _, _): for document in documents { named[document.idHash, default: 0] += 1 }
            default: break
            }
        }
        for (position, lookup) in lookups.enumerated() {
            guard case .document(let document, let basis)? = lookup, !document.hadPayments, named[document.idHash] == 1,
                batch.facts[position].paid
            else {
                provisional.append(nil)
                continue
            }
            provisional.append(
                PaymentJudge.judge(
                    batch.facts[position], document: document, basis: basis, date: batch.facts[position].date ?? today, ledger: PaymentJudge.Ledger())
            )
        }
    }

    var hasReviewAnswers: Bool { lookups.contains { $0 == nil } }
}
