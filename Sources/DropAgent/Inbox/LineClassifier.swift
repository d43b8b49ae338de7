import DropIndex
import DropValues
import Foundation
import PaymentFiles
import TeamleaderAPI
import Wording

/// Turns a file's facts into outcomes, batch by batch, inside the transaction that applies the file:
/// every line gets one, in the accountant's words, written to the report as soon as it is decided;
/// payments queued, lines held for review and review items settled go straight into the index.
struct LineClassifier {
    let application: InboxApplication
    let spool: ReportSpool
    /// The file's name as dropped, and the company folder it was dropped in (nil: the inbox itself).
    let name: String
    let scope: String?
    let today: CalendarDate
    /// The language of the report and the review file.
    let wording: Wording
    /// Review items this file settled, across batches.
    private var settled: Set<Int64> = []
    /// What an unknown number may have been meant for (read once, when a line needs it).
    private let mistakes: LikelyMistakes
    /// Bank statements of this file, by key: whether an earlier file brought them already.
    private var statementsSeen: [String: Bool] = [:]

    init(application: InboxApplication, spool: ReportSpool, name: String, scope: String?, today: CalendarDate, wording: Wording = .english) {
        self.application = application
        self.spool = spool
        self.name = name
        self.scope = scope
        self.today = today
        self.wording = wording
        mistakes = LikelyMistakes(documents: application.documents)
    }

    /// Applies one batch: every line's outcome decided and written to the report, what it queues or
    /// holds written to the index.
    mutating func take(_ prepared: PreparedBatch) throws {
        var prepared = prepared
        prepared.judge(today: today, wording: wording)
        // A statement an earlier file brought is applied zero times (one movement, one payment).
        let keys = Set(prepared.batch.facts.compactMap(\.statement)).filter { statementsSeen[$0] == nil }
        if !keys.isEmpty {
            let before = try application.statementsSeenBefore(keys)
            for key in keys { statementsSeen[key] = before.contains(key) }
        }
        let (batch, matcher, lookups) = (prepared.batch, prepared.matcher, prepared.lookups)
        // The ledger is asked only about documents that had payments when the batch was read, or that
        // this file may have queued one for: most lines name a document paid for the first time.
        var candidates: [String] = []
        func consider(_ document: PayableDocument) {
            if document.hadPayments || application.mayHaveQueued(document) { candidates.append(document.id) }
        }
        for lookup in lookups {
            switch lookup {
            case .document(let record, _): consider(record)
            case .ambiguous(let records, _, _): records.forEach(consider)
            default: break
            }
        }
        var answers: ReviewAnswers?
        if prepared.hasReviewAnswers {
            answers = ReviewAnswers(
                application: application, matcher: matcher, fileName: name, scope: scope, today: today, settled: settled, wording: wording)
            try answers!.load(batch.facts)
            candidates += answers!.documentIds
        }
        var ledger = PaymentJudge.Ledger(try application.payments(documentIds: candidates), fileId: application.fileId)
        ledger.entries.reserveCapacity(ledger.entries.count + batch.facts.count)
        var outcomes: [(order: (String, Int), outcome: LineOutcome)] = []
        outcomes.reserveCapacity(batch.facts.count + batch.problems.count)
        for problem in batch.problems {
            outcomes.append(
                (
                    (problem.member ?? "", problem.line),
                    LineOutcome(location: wording.location(problem.member, problem.line), kind: .problem, text: problem.reading.text(wording))
                ))
        }
        var decided: [LineOutcome] = []
        for position in batch.facts.indices {
            decided.removeAll(keepingCapacity: true)
            if case .reviewAnswer(let answer) = batch.facts[position].kind {
                try answers?.settle(batch.facts[position], answer, ledger: &ledger, into: &decided)
            } else if let lookup = lookups[position] {
                try classify(
                    batch.facts[position], lookup, location: prepared.locations[position], provisional: prepared.provisional[position],
                    ledger: &ledger,
                    into: &decided)
            }
            for outcome in decided { outcomes.append(((batch.facts[position].member ?? "", batch.facts[position].line), outcome)) }
        }
        if let answers { settled = answers.settled }
        // Problems and facts each come in the file's order; together, by member and line.
        if !batch.problems.isEmpty { outcomes.sort { $0.order < $1.order } }
        for entry in outcomes { try spool.add(entry.outcome) }
        try application.flush()
    }

    private func classify(
        _ fact: PaymentFact, _ lookup: PaymentMatcher.Lookup, location: String,
        provisional: PaymentJudge.Verdict?, ledger: inout PaymentJudge.Ledger, into outcomes: inout [LineOutcome]
    ) throws {
        let w = wording
        // Words only for lines the report lists.
        func outcome(_ kind: LineOutcome.Kind, _ text: @autoclosure () -> String) {
            outcomes.append(spool.lists(kind) ? LineOutcome(location: location, kind: kind, text: text()) : .unlisted(kind))
        }
        var money: String { fact.amount.map { amount in fact.currency.map { w.money(amount, $0) } ?? w.language.number(amount) } ?? w(.openAmount) }
        // The day it was paid: `today` when the file says none.
        let date = fact.date ?? today
        var shownDate: String { w.date(date) }
        func hold(_ reason: Words, candidates: [PayableDocument]) throws {
            try application.hold(
                ReviewItems.item(
                    for: fact, source: name, company: scope, reason: reason,
                    candidates: candidates.map { (id: $0.id, words: PaymentJudge.describeWords($0, ledger: ledger)) }, today: today))
            outcome(.review, w(.lineHeld, money, shownDate, reason.text(w)))
        }
        // How the line stands in its own statement: a copy is not applied; a suspected copy or a line
        // whose amount the balances dispute is not registered, only held.
        var standing = fact.standing
        if let key = fact.statement, statementsSeen[key] == true { standing = .repeatedStatement }
        switch standing {
        case .repeatedStatement: return outcome(.duplicate, w(.lineRepeatedStatement, money, shownDate))
        case .repeatedLine(let first): return outcome(.duplicate, w(.lineRepeatedLine, money, shownDate, Words.location(fact.member, first).text(w)))
        case .plain, .suspectedRepeat, .disputed: break
        }
        switch lookup {
        case .notOurs(let reason):
            outcome(
                fact.paid ? .notOurs : .notPaid,
                w(.lineNotOurs, money, shownDate, reason.text(w)) + (fact.said.isEmpty ? "" : w(.lineSays, fact.said(w))))
        case .unknownNumber(let number):
            guard fact.paid else { return outcome(.notPaid, w(.lineUnknownNotPaid, number)) }
            // Rule 4: a number the link never delivered is left alone, unless it is a likely typo for one
            // it did (one keystroke away, or the same customer) that this line pays exactly.
            let meant = try mistakes.candidates(for: fact, keys: PaymentMatcher.numberKeys(for: fact, today: today), scope: scope)
                .filter { fact.amount == ledger.open($0) }
            guard !meant.isEmpty else {
                return outcome(.notOurs, w(.lineNotOurs, money, shownDate, w(.notOursNumber, number)))
            }
            try hold(
                Words(.lineLikelyMistake, number, Words.joined(meant.map { PaymentJudge.describeWords($0, ledger: ledger) }, separator: Words(.or))),
                candidates: meant)
        case .ambiguous(let records, _, let reference):
            guard fact.paid else { return outcome(.notPaid, w(.lineNotPaidLeftAlone, reference)) }
            try hold(
                Words(.lineCouldBe, reference, Words.joined(records.map { PaymentJudge.describeWords($0, ledger: ledger) }, separator: Words(.or))),
                candidates: records)
        case .document(let document, let basis):
            var label: String { document.number + " (" + document.company + ", " + document.customer + ")" }
            guard fact.paid else { return outcome(.notPaid, w(.lineNotPaidLeftAlone, label)) }
            var shown: String { fact.amount.map { w.money($0, fact.currency ?? document.currency) } ?? w(.openAmount) }
            // A document nothing was known of and only this line names is judged on the reading side,
            // unless this file queued a payment for it in an earlier batch.
            let fresh = provisional != nil && !application.mayHaveQueued(document)
            let verdict = fresh ? provisional! : PaymentJudge.judge(fact, document: document, basis: basis, date: date, ledger: ledger)
            switch verdict {
            case .alreadyPaid: outcome(.alreadyPaid, w(.lineAlreadyPaid, label))
            case .notSupported(let why): outcome(.notSupported, "\(label) \(why.text(w))")
            case .queue where standing != .plain, .duplicate where standing != .plain:
                let why: Words =
                    switch standing {
                    case .suspectedRepeat(let first): Words(.holdSuspectedRepeat, Words.location(fact.member, first))
                    case .disputed(let difference): Words(.holdDisputed, typed: [Words.money(difference, fact.currency ?? document.currency)])
                    default: Words(.verbatim, "")
                    }
                try hold(Words(.located, label, why), candidates: [document])
            case .duplicate(let origin): outcome(.duplicate, w(.lineDuplicate, label, shown, shownDate, origin.text(w)))
            case .review(let why): try hold(Words(.located, label, why.words), candidates: [document])
            case .queue(let amount, let basis):
                if !fresh {
                    ledger.entries[document.id, default: []].append(.init(amount: amount, date: date, origin: .here(location), pending: true))
                }
                // Its line in the document's timeline comes from the payment row itself (`DropIndex.events`).
                try application.queue(
                    QueuedPayment(
                        documentId: document.id, line: fact.line, amount: amount,
                        currency: fact.currency ?? document.currency,
                        paidAt: date, basis: basis), for: document)
                outcome(.queued, w(.lineQueued, label, shown, shownDate) + (basis.isFreeText ? w(.lineQueuedFromText) : ""))
            }
        }
    }
}
