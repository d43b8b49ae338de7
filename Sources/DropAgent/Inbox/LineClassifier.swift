import DropIndex
import Foundation
import PaymentFiles

/// What applying one file means: each line's outcome, and what goes into the index in the one
/// transaction that applies it (payments queued, events, lines held for review, review items settled).
struct Classification {
    var lines: [LineOutcome] = []
    var payments: [PaymentRecord] = []
    var events: [EventRecord] = []
    var reviews: [ReviewItemRecord] = []
    var resolutions: [ReviewResolution] = []
}

/// Turns a file's facts into outcomes: every line gets one, in the accountant's words.
struct LineClassifier {
    let index: DropIndex
    /// The file's name as dropped, and the company folder it was dropped in (nil: the inbox itself).
    let name: String
    let scope: String?
    let today: PaymentDay

    func classify(_ file: PaymentFile) async throws -> Classification {
        let matcher = try await PaymentMatcher.prepare(for: file.facts, index: index, today: today)
        let lookups = file.facts.map { fact -> PaymentMatcher.Lookup? in
            if case .reviewAnswer = fact.kind { return nil }
            return matcher.lookup(fact, scope: scope, today: today)
        }
        var candidates: [String] = []
        for lookup in lookups {
            switch lookup {
            case .document(let record, _): candidates.append(record.id)
            case .ambiguous(let records, _, _): candidates += records.map(\.id)
            default: break
            }
        }
        var answers = ReviewAnswers(index: index, matcher: matcher, fileName: name, scope: scope, today: today)
        try await answers.load(file.facts)
        candidates += answers.documentIds
        var ledger = PaymentJudge.Ledger()
        for (documentId, payments) in try await index.payments(documentIds: candidates) {
            ledger.entries[documentId] = payments.filter { $0.state != .failed && $0.state != .held }.map {
                .init(amount: $0.amount.flatMap { Decimal(string: $0) }, date: $0.paidAt, origin: "an earlier file",
                      pending: $0.state == .queued || $0.state == .sending)
            }
        }
        var result = Classification()
        result.lines = file.problems.map { LineOutcome(location: ($0.member.map { "\($0) " } ?? "") + "line \($0.line)", kind: .problem, text: $0.message) }
        for (fact, lookup) in zip(file.facts, lookups) {
            if case .reviewAnswer(let answer) = fact.kind {
                answers.settle(fact, answer, ledger: &ledger, into: &result)
            } else if let lookup {
                classify(fact, lookup, ledger: &ledger, into: &result)
            }
        }
        result.lines.sort { InboxIntake.order($0.location) < InboxIntake.order($1.location) }
        return result
    }

    private func classify(_ fact: PaymentFact, _ lookup: PaymentMatcher.Lookup, ledger: inout PaymentJudge.Ledger, into result: inout Classification) {
        func outcome(_ kind: LineOutcome.Kind, _ text: String) {
            result.lines.append(LineOutcome(location: fact.location, kind: kind, text: text))
        }
        let money = fact.amount.map { "\(InboxIntake.amount($0)) \(fact.currency ?? "")".trimmingCharacters(in: .whitespaces) } ?? "the open amount"
        let date = (fact.date ?? today).description
        func hold(_ reason: String, candidates: [DocumentRecord]) {
            result.reviews.append(ReviewItems.item(for: fact, source: name, company: scope, reason: reason,
                                                   candidates: candidates.map { PaymentJudge.describe($0, ledger: ledger) }, today: today))
            outcome(.review, "\(money) paid \(date): held for review: \(reason)")
        }
        switch lookup {
        case .notOurs(let reason):
            outcome(fact.paid ? .notOurs : .notPaid, "\(money) paid \(date): \(reason)" + (fact.said.isEmpty ? "" : "; the line says \(fact.said)"))
        case .unknownNumber(let number):
            guard fact.paid else { return outcome(.notPaid, "\(number) is not a document this link delivered; the file says not paid") }
            hold("no document this link delivered has the number '\(number)' (booked before the link started, or mistyped?)", candidates: [])
        case .ambiguous(let records, _, let reference):
            guard fact.paid else { return outcome(.notPaid, "\(reference): the file says not paid; left alone") }
            hold("\(reference) could be " + records.map { PaymentJudge.describe($0, ledger: ledger) }.joined(separator: " or "), candidates: records)
        case .document(let document, let basis):
            let label = "\(document.number) (\(document.company), \(document.customer))"
            guard fact.paid else { return outcome(.notPaid, "\(label): the file says not paid; left alone") }
            let shown = fact.amount != nil && fact.currency == nil ? "\(InboxIntake.amount(fact.amount!)) \(document.currency)" : money
            switch PaymentJudge.judge(fact, document: document, basis: basis, date: date, ledger: ledger) {
            case .alreadyPaid: outcome(.alreadyPaid, "\(label): Teamleader already shows it paid")
            case .notSupported(let why): outcome(.notSupported, "\(label) \(why)")
            case .duplicate(let why): outcome(.duplicate, "\(label): \(shown) paid \(date) \(why)")
            case .review(let why): hold("\(label): \(why)", candidates: [document])
            case .queue(let amount, let basis):
                ledger.entries[document.id, default: []].append(.init(amount: amount, date: date, origin: fact.location, pending: true))
                result.payments.append(PaymentRecord(
                    documentId: document.id, line: fact.line, amount: amount.map { "\($0)" }, currency: fact.currency ?? document.currency,
                    paidAt: date, basis: basis))
                result.events.append(EventRecord(documentId: document.id, kind: .paymentQueued, detail: "\(shown) paid \(date), from '\(name)' \(fact.location)"))
                outcome(.queued, "\(label): \(shown) paid \(date)" + (basis.isFreeText ? " (its number is in the communication)" : ""))
            }
        }
    }
}
