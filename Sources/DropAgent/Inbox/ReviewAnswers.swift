import DropIndex
import DropValues
import Foundation
import PaymentFiles
import TeamleaderAPI
import Wording

/// Settles the rows of a review file the accountant completed: each row names the review item it
/// answers (with the token only this index knows), and each item is settled once, whatever happens
/// to the file that held it. The checks a payment passes are the same as for any line; only the
/// document comes from the accountant.
struct ReviewAnswers {
    let application: InboxApplication
    let matcher: PaymentMatcher
    let fileName: String
    let scope: String?
    let today: CalendarDate
    let wording: Wording
    /// Items this file settled already (in an earlier row or batch).
    var settled: Set<Int64>
    private var items: [Int64: ReviewItemRecord] = [:]
    private var named: [Int64: [PayableDocument]] = [:]

    init(
        application: InboxApplication, matcher: PaymentMatcher, fileName: String, scope: String?, today: CalendarDate, settled: Set<Int64>,
        wording: Wording = .english
    ) {
        self.wording = wording
        self.application = application
        self.matcher = matcher
        self.fileName = fileName
        self.scope = scope
        self.today = today
        self.settled = settled
    }

    /// The documents the answers name, for the ledger.
    var documentIds: [String] { named.values.flatMap { $0.map(\.id) } }

    mutating func load(_ facts: [PaymentFact]) throws {
        var ids: [Int64] = []
        for case .reviewAnswer(let answer) in facts.map(\.kind) { ids.append(answer.itemID) }
        guard !ids.isEmpty else { return }
        items = try application.reviewItems(ids: ids)
        for case .reviewAnswer(let answer) in facts.map(\.kind) {
            guard case .document(let written) = answer.decision, let item = items[answer.itemID] else { continue }
            let year = item.paidOn?.year ?? today.year
            named[answer.itemID] = matcher.lookup(written: written, scope: item.company ?? scope, year: year)
        }
    }

    mutating func settle(_ fact: PaymentFact, _ answer: ReviewAnswer, ledger: inout PaymentJudge.Ledger, into outcomes: inout [LineOutcome]) throws {
        let w = wording
        func outcome(_ kind: LineOutcome.Kind, _ text: String) {
            outcomes.append(LineOutcome(location: w.location(fact.member, fact.line), kind: kind, text: text))
        }
        let id = ReviewSheet.id(item: answer.itemID, token: answer.token)
        guard let item = items[answer.itemID], item.token == answer.token else {
            return outcome(.problem, w(.reviewNotOurs, id))
        }
        let label = "\(id) ('\(item.source)' \(item.location))"
        guard item.state == .open, !settled.contains(answer.itemID) else {
            return outcome(.duplicate, w(.reviewAlreadySettled, label, item.resolvedBy.map { w(.reviewSettledBy, $0) } ?? ""))
        }
        switch answer.decision {
        case .undecided:
            outcome(.review, w(.reviewStillHeld, label))
        case .dismiss:
            try close(answer.itemID, .dismissed)
            outcome(.dismissed, w(.reviewDismissed, label))
        case .document(let written):
            try settle(fact, answer, item: item, written: written, label: label, ledger: &ledger, into: &outcomes)
        }
    }

    private mutating func close(_ itemId: Int64, _ state: ReviewState, payment: Int64? = nil) throws {
        settled.insert(itemId)
        try application.settle(itemId: itemId, state: state, paymentId: payment, by: fileName)
    }

    private mutating func settle(
        _ fact: PaymentFact, _ answer: ReviewAnswer, item: ReviewItemRecord, written: String, label: String,
        ledger: inout PaymentJudge.Ledger, into outcomes: inout [LineOutcome]
    ) throws {
        let w = wording
        let location = w.location(fact.member, fact.line)
        func outcome(_ kind: LineOutcome.Kind, _ text: String) {
            outcomes.append(LineOutcome(location: location, kind: kind, text: text))
        }
        let documents = named[answer.itemID] ?? []
        guard documents.count == 1, let document = documents.first else {
            if documents.isEmpty { return outcome(.problem, w(.reviewNoDocument, label, written)) }
            return outcome(
                .problem,
                w(.reviewAmbiguous, label, written, documents.map { PaymentJudge.describe($0, ledger: ledger, wording: w) }.joined(separator: w(.or)))
            )
        }
        let lineAmount = item.amount
        if let chosen = answer.amount, let lineAmount, chosen > lineAmount {
            return outcome(.problem, w(.reviewTooMuch, label, w.language.number(chosen), w.language.number(lineAmount)))
        }
        var payment = PaymentFact(kind: fact.kind, line: fact.line, amount: answer.amount ?? lineAmount, currency: item.currency)
        payment.date = item.paidOn
        let date = payment.date ?? today
        let shownDate = w.date(date)
        let documentLabel = "\(document.number) (\(document.company), \(document.customer))"
        switch PaymentJudge.judge(payment, document: document, basis: .review, date: date, ledger: ledger) {
        case .alreadyPaid:
            try close(answer.itemID, .resolved)
            outcome(.alreadyPaid, w(.reviewAlreadyPaid, label, documentLabel))
        case .duplicate(let origin):
            try close(answer.itemID, .resolved)
            outcome(.duplicate, "\(label): \(documentLabel) " + w(.judgeDuplicate, origin.text(w)))
        case .notSupported(let why):
            outcome(.problem, w(.reviewNotSupported, label, documentLabel, why.text(w)))
        case .review(let why):
            outcome(.problem, w(.reviewTooMuchOpen, label, documentLabel, why.text(w), w(.reviewAmountToRegister)))
        case .queue(let amount, _):
            ledger.entries[document.id, default: []].append(.init(amount: amount, date: date, origin: .here(location), pending: true))
            let paymentId = try application.queueNow(
                QueuedPayment(
                    documentId: document.id, line: fact.line, amount: amount, currency: item.currency ?? document.currency,
                    paidAt: date, basis: .review))
            try close(answer.itemID, .resolved, payment: paymentId)
            let money = amount.map { "\(DecimalText.money($0)) \(item.currency ?? document.currency)" } ?? "the open amount"
            try application.add(
                EventRecord(
                    documentId: document.id, kind: .paymentQueued, detail: "\(money) paid \(date), named in review file '\(fileName)' (\(label))"))
            let shownMoney = amount.map { w.money($0, item.currency ?? document.currency) } ?? w(.openAmount)
            outcome(.queued, w(.reviewQueued, label, documentLabel, shownMoney, shownDate))
        }
    }
}
