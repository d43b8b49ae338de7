package import DropIndex
package import DropValues
package import Foundation
import TeamleaderAPI
package import Wording

/// What `status`, STATUS.md and the status page show: the link, each company, what needs attention,
/// the last runs. Built from the index alone (no lock, no Teamleader call).
package struct StatusReport: Codable, Sendable {
    package struct Link: Codable, Sendable {
        package var state: String
        package var headline: String
        package var detail: String?
        package var repair: String?
        package var advice: String?
        package var checkedAt: Date?
    }

    package struct Company: Codable, Sendable {
        package var name: String
        package var department: String
        package var counts: CompanyCounts
        /// Files in its folder tldrop does not know, left alone.
        package var foreign: [String]
        /// When Teamleader was last asked for its changes, and how long its last new document took.
        package var freshness: CompanyFreshness
    }

    /// A document an admin should look at, and what to do about it.
    package struct Attention: Codable, Sendable {
        package enum Kind: String, Codable, Sendable {
            case conflict, deletedInTeamleader, changedAfterSending
        }

        package var kind: Kind
        package var company: String
        package var number: String
        package var date: CalendarDate
        package var customer: String
        package var reason: String
        package var action: String
    }

    package struct Run: Codable, Sendable {
        package var command: String
        package var startedAt: Date
        package var finishedAt: Date?
        package var exitCode: Int?
        package var summary: String?
    }

    /// The payment queue.
    package struct Payments: Codable, Sendable {
        package var queued: Int
        package var sending: Int
        package var registered: Int
        package var alreadyPaid: Int
        package var failed: Int
        /// The latest refusals, with Teamleader's reason.
        package var failures: [String]
        /// Lines held for the accountant (not registered): how many, the files to edit with how many each,
        /// and the oldest few.
        package var heldForReview: Int
        package var reviewFiles: [ReviewFile]
        package var review: [ReviewLine]
    }

    /// A review file and how many of its lines wait for the accountant.
    package struct ReviewFile: Codable, Sendable {
        package var path: String
        package var lines: Int
    }

    /// A line held for review, and where its review file is.
    package struct ReviewLine: Codable, Sendable {
        package var source: String
        package var location: String
        package var amount: String?
        /// The amount as a number, and its currency, for words in another language.
        package var value: Decimal?
        package var currency: String?
        package var reason: String
        package var reviewFile: String?
    }

    /// A format Teamleader refused for a document; the other formats went out.
    package struct Refusal: Codable, Sendable {
        package var company: String
        package var number: String
        package var format: String
        package var reason: String
        package var attempts: Int
        package var nextAttemptAt: Date
    }

    /// A record Teamleader listed that tldrop could not read; asked for again by id every run.
    package struct Unreadable: Codable, Sendable {
        package var id: String
        package var kind: String
        package var reason: String
        package var since: Date
    }

    /// An inbox file that could not be read, and why.
    package struct RejectedFile: Codable, Sendable {
        package var name: String
        /// The company folder it was dropped in (and goes back to), if any.
        package var company: String?
        package var path: String?
        package var reason: String
        package var at: Date
    }

    package var root: String
    package var generatedAt: Date
    package var payments: Payments
    package var rejectedFiles: [RejectedFile]
    package var link: Link
    package var companies: [Company]
    package var attention: [Attention]
    package var refusals: [Refusal]
    package var unreadable: [Unreadable]
    /// The latest runs, `watch`'s polls left out (they are in `polls`).
    package var runs: [Run]
    /// The last run that did something (a poll that mirrored, say): what "Last run" shows.
    package var lastRun: Run?
    /// `watch`'s polls of today, folded into one line.
    package var polls: Polls?
    /// When Teamleader was last asked for changes (any company).
    package var lastAsked: Date?

    /// `watch`'s polls of one day.
    package struct Polls: Codable, Sendable {
        package var count: Int
        package var last: Date?
        package var mirrored: Int
    }

    /// How many held lines STATUS.md and the page list one by one; the rest are counted per file.
    package static let reviewLinesListed = 5

    /// What needs a person besides the documents in `attention`, one line each: lines held for review
    /// (with the file to edit), inbox files rejected, payments and formats Teamleader refused, records
    /// that could not be read. "Needs attention" never says "Nothing." while any of these is there.
    package func needs(_ w: Wording) -> [String] {
        var lines: [String] = []
        if payments.heldForReview > 0 {
            let files = payments.reviewFiles.map { "`\($0.path)` (\($0.lines))" }.joined(separator: ", ")
            lines.append(w(.needsHeld, payments.heldForReview, files.isEmpty ? w(.heldDefaultFile) : files))
        }
        if !rejectedFiles.isEmpty { lines.append(w(.needsRejected, rejectedFiles.count)) }
        if payments.failed > 0 { lines.append(w(.needsRefusedPayments, payments.failed)) }
        if !refusals.isEmpty { lines.append(w(.needsRefusedFormats, refusals.count)) }
        if !unreadable.isEmpty { lines.append(w(.needsUnreadable, unreadable.count)) }
        return lines
    }

    /// One line on how current a company is: `asked Teamleader 2026-12-02 10:05 · last new document 2026 / 42 in the outbox 41 s after it was booked`.
    package static func freshnessLine(_ freshness: CompanyFreshness, wording w: Wording = .english) -> String {
        var parts = [w(.freshnessAsked, freshness.polledAt.map { w.stamp($0) } ?? w(.freshnessNotYet))]
        if let arrival = freshness.lastArrival {
            parts.append(w(.freshnessArrival, arrival.number, Int(arrival.seconds.rounded())))
        }
        return parts.joined(separator: " · ")
    }

    /// A held line's amount in a language: `121.00 EUR`, `121,00 €`.
    package static func amount(_ line: ReviewLine, wording w: Wording) -> String? {
        line.value.map { value in line.currency.map { w.money(value, $0) } ?? w.language.number(value) }
    }

    /// Why an attention item is listed and what to do, in a language.
    package static func explain(_ item: Attention, wording w: Wording) -> (reason: String, action: String) {
        switch item.kind {
        case .conflict: return (w(.conflictReason), w(.conflictAction, item.company))
        case .deletedInTeamleader: return (w(.deletedReason), w(.deletedAction))
        case .changedAfterSending:
            return (w(.changedReason), w(.changedAction, item.company, DocumentNamer.numberComponent(item.number) + ".reimport"))
        }
    }

    /// Builds the report from the index, in a language (STATUS.md's and the page's is the configured
    /// one; the command line's and JSON's English): what the index keeps for people is kept as words and
    /// put into that language now. `lastOutcome` is the run in progress, whose figures the index does not
    /// hold yet.
    package static func build(context: AgentContext, lastOutcome: RunOutcome? = nil, wording w: Wording = .english) async throws -> StatusReport {
        let index = context.index
        var health = try await LinkHealth.load(from: index)
        if let link = lastOutcome?.link, link.state != .unknown { health = link }
        let companyCounts = Dictionary(uniqueKeysWithValues: try await index.companyCounts().map { ($0.company, $0) })
        var companies: [Company] = []
        for mapping in context.configuration.companies {
            let foreign = try await index.state("foreign.\(mapping.name)")?.split(separator: "\n").map(String.init) ?? []
            companies.append(
                Company(
                    name: mapping.name, department: mapping.department,
                    counts: companyCounts[mapping.name] ?? CompanyCounts(company: mapping.name), foreign: foreign,
                    freshness: try await CompanyFreshness.load(mapping.name, from: index)))
        }
        let attention = try await index.documentsNeedingAttention().map { document -> Attention in
            let kind: Attention.Kind =
                document.state == .conflict ? .conflict : document.deletedInTeamleader ? .deletedInTeamleader : .changedAfterSending
            var item = Attention(
                kind: kind, company: document.company, number: document.number, date: document.documentDate,
                customer: document.customer, reason: "", action: "")
            (item.reason, item.action) = explain(item, wording: w)
            return item
        }
        func run(_ record: RunRecord) -> Run {
            var run = Run(
                command: record.command, startedAt: record.startedAt, finishedAt: record.finishedAt, exitCode: record.exitCode,
                summary: record.summary.map { Words.stored($0).text(w) })
            // The run in progress: its figures are not in the index yet.
            if let lastOutcome, record.finishedAt == nil, record.command == lastOutcome.command {
                run.finishedAt = lastOutcome.finishedAt
                run.exitCode = Int(lastOutcome.exitStatus.rawValue)
                run.summary = lastOutcome.summary(w)
            }
            return run
        }
        let runs = try await index.recentRuns(limit: 10, excluding: "poll").map(run)
        var lastRun = try await index.lastEventfulRun().map(run)
        if let lastOutcome, lastOutcome.didSomething, let current = try await index.recentRuns(limit: 1).first {
            lastRun = run(current)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = w.timeZone
        let today = try await index.runTally(command: "poll", since: calendar.startOfDay(for: context.now()))
        let polls = today.count > 0 ? Polls(count: today.count, last: today.last, mirrored: today.mirrored) : nil
        let counts = try await index.paymentCounts()
        let documentsOfFailures = try await index.failedPayments()
        let failedDocuments = try await index.documents(ids: documentsOfFailures.map(\.documentId))
        let payments = Payments(
            queued: counts[.queued] ?? 0, sending: counts[.sending] ?? 0, registered: counts[.registered] ?? 0,
            alreadyPaid: counts[.alreadyPaid] ?? 0, failed: counts[.failed] ?? 0,
            failures: documentsOfFailures.map {
                "\(failedDocuments[$0.documentId]?.number ?? $0.documentId): \($0.lastError.map { Words.stored($0).text(w) } ?? w(.refusedDefault))"
            },
            heldForReview: try await index.openReviewItemCount(),
            reviewFiles: try await index.openReviewItemsPerFile().map { ReviewFile(path: $0.file ?? w(.heldDefaultFile), lines: $0.count) },
            review: try await index.openReviewItems(limit: reviewLinesListed).map { item in
                let value = item.amount
                let amount = value.map { DecimalText.money($0) + (item.currency.map { " \($0)" } ?? "") }
                return ReviewLine(
                    source: item.source, location: Words.stored(item.location).text(w), amount: amount, value: value, currency: item.currency,
                    reason: Words.stored(item.reason).text(w), reviewFile: item.reviewFile)
            })
        // A rejected file the admin moved back (to be read again) is no longer waiting in Rejected/.
        let rejected = try await index.rejectedInboxFiles().filter { file in
            file.finalPath.map { FileManager.default.fileExists(atPath: context.layout.absolute($0).path) } ?? true
        }.map {
            RejectedFile(
                name: $0.name, company: $0.company, path: $0.finalPath, reason: $0.report.map { Words.stored($0).text(w) } ?? "", at: $0.receivedAt)
        }
        let refusals = try await index.refusals().map { refusal, document in
            Refusal(
                company: document.company, number: document.number, format: refusal.format.rawValue, reason: Words.stored(refusal.reason).text(w),
                attempts: refusal.attempts, nextAttemptAt: refusal.nextAttemptAt)
        }
        let unreadable = try await index.unreadableRecords().map {
            Unreadable(id: $0.id, kind: $0.kind.rawValue, reason: $0.reason, since: $0.firstSeenAt)
        }
        return StatusReport(
            root: context.layout.root.path, generatedAt: context.now(), payments: payments, rejectedFiles: rejected,
            link: Link(
                state: health.state.rawValue, headline: LinkHealth.headline(health.state, detail: health.detail, wording: w),
                detail: health.detail, repair: health.repair, advice: LinkHealth.advice(health.state, wording: w), checkedAt: health.checkedAt),
            companies: companies, attention: attention, refusals: refusals, unreadable: unreadable, runs: runs, lastRun: lastRun ?? runs.first,
            polls: polls, lastAsked: companies.compactMap(\.freshness.polledAt).max())
    }
}
