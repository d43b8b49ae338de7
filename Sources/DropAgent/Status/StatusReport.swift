import DropIndex
import Foundation
import TeamleaderAPI
import Wording

/// What `status`, STATUS.md and the status page show: the link, each company, what needs attention,
/// the last runs. Built from the index alone (no lock, no Teamleader call).
public struct StatusReport: Codable, Sendable {
    public struct Link: Codable, Sendable {
        public var state: String
        public var headline: String
        public var detail: String?
        public var repair: String?
        public var advice: String?
        public var checkedAt: Date?
    }

    public struct Company: Codable, Sendable {
        public var name: String
        public var department: String
        public var counts: CompanyCounts
        /// Files in its folder tldrop does not know, left alone.
        public var foreign: [String]
        /// When Teamleader was last asked for its changes, and how long its last new document took.
        public var freshness: CompanyFreshness
    }

    /// A document an admin should look at, and what to do about it.
    public struct Attention: Codable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case conflict, deletedInTeamleader, changedAfterSending
        }

        public var kind: Kind
        public var company: String
        public var number: String
        public var date: String
        public var customer: String
        public var reason: String
        public var action: String
    }

    public struct Run: Codable, Sendable {
        public var command: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var exitCode: Int?
        public var summary: String?
    }

    /// The payment queue.
    public struct Payments: Codable, Sendable {
        public var queued: Int
        public var sending: Int
        public var registered: Int
        public var alreadyPaid: Int
        public var failed: Int
        /// The latest refusals, with Teamleader's reason.
        public var failures: [String]
        /// Lines held for the accountant (not registered): how many, and the oldest ones.
        public var heldForReview: Int
        public var review: [ReviewLine]
    }

    /// A line held for review, and where its review file is.
    public struct ReviewLine: Codable, Sendable {
        public var source: String
        public var location: String
        public var amount: String?
        /// The amount as a number, and its currency, for words in another language.
        public var value: Decimal?
        public var currency: String?
        public var reason: String
        public var reviewFile: String?
    }

    /// A format Teamleader refused for a document; the other formats went out.
    public struct Refusal: Codable, Sendable {
        public var company: String
        public var number: String
        public var format: String
        public var reason: String
        public var attempts: Int
        public var nextAttemptAt: Date
    }

    /// A record Teamleader listed that tldrop could not read; asked for again by id every run.
    public struct Unreadable: Codable, Sendable {
        public var id: String
        public var kind: String
        public var reason: String
        public var since: Date
    }

    /// An inbox file that could not be read, and why.
    public struct RejectedFile: Codable, Sendable {
        public var name: String
        public var path: String?
        public var reason: String
        public var at: Date
    }

    public var root: String
    public var generatedAt: Date
    public var payments: Payments
    public var rejectedFiles: [RejectedFile]
    public var link: Link
    public var companies: [Company]
    public var attention: [Attention]
    public var refusals: [Refusal]
    public var unreadable: [Unreadable]
    public var runs: [Run]

    /// Builds the report from the index; `lastOutcome` is the run in progress, whose figures the index
    /// does not hold yet.
    /// One line on how current a company is: `asked Teamleader 2026-12-02 10:05 · last new document 2026 / 42 in the outbox 41 s after it was booked`.
    public static func freshnessLine(_ freshness: CompanyFreshness, wording w: Wording = .english) -> String {
        var parts = [w(.freshnessAsked, freshness.polledAt.map { w.stamp($0) } ?? w(.freshnessNotYet))]
        if let arrival = freshness.lastArrival {
            parts.append(w(.freshnessArrival, arrival.number, Int(arrival.seconds.rounded())))
        }
        return parts.joined(separator: " · ")
    }

    /// A held line's amount in a language: `121.00 EUR`, `121,00 €`.
    public static func amount(_ line: ReviewLine, wording w: Wording) -> String? {
        line.value.map { value in line.currency.map { w.money(value, $0) } ?? w.language.number(value) }
    }

    /// Why an attention item is listed and what to do, in a language.
    public static func explain(_ item: Attention, wording w: Wording) -> (reason: String, action: String) {
        switch item.kind {
        case .conflict: return (w(.conflictReason), w(.conflictAction, item.company))
        case .deletedInTeamleader: return (w(.deletedReason), w(.deletedAction))
        case .changedAfterSending:
            return (w(.changedReason), w(.changedAction, item.company, DocumentNamer.numberComponent(item.number) + ".reimport"))
        }
    }

    public static func build(context: AgentContext, lastOutcome: RunOutcome? = nil) async throws -> StatusReport {
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
            (item.reason, item.action) = explain(item, wording: .english)
            return item
        }
        var runs = try await index.recentRuns(limit: 10).map {
            Run(command: $0.command, startedAt: $0.startedAt, finishedAt: $0.finishedAt, exitCode: $0.exitCode, summary: $0.summary)
        }
        if let lastOutcome, let first = runs.first, first.finishedAt == nil, first.command == lastOutcome.command {
            runs[0].finishedAt = lastOutcome.finishedAt
            runs[0].exitCode = Int(lastOutcome.exitStatus.rawValue)
            runs[0].summary = lastOutcome.summary(context.configuration.wording)
        }
        let counts = try await index.paymentCounts()
        let documentsOfFailures = try await index.failedPayments()
        let failedDocuments = try await index.documents(ids: documentsOfFailures.map(\.documentId))
        let payments = Payments(
            queued: counts[.queued] ?? 0, sending: counts[.sending] ?? 0, registered: counts[.registered] ?? 0,
            alreadyPaid: counts[.alreadyPaid] ?? 0, failed: counts[.failed] ?? 0,
            failures: documentsOfFailures.map { "\(failedDocuments[$0.documentId]?.number ?? $0.documentId): \($0.lastError ?? "refused")" },
            heldForReview: try await index.openReviewItemCount(),
            review: try await index.openReviewItems(limit: 20).map { item in
                let value = item.amount.flatMap { Decimal(string: $0) }
                let amount = value.map { InboxIntake.amount($0) + (item.currency.map { " \($0)" } ?? "") }
                return ReviewLine(
                    source: item.source, location: item.location, amount: amount, value: value, currency: item.currency, reason: item.reason,
                    reviewFile: item.reviewFile)
            })
        let rejected = try await index.rejectedInboxFiles().map {
            RejectedFile(name: $0.name, path: $0.finalPath, reason: $0.report ?? "", at: $0.receivedAt)
        }
        let refusals = try await index.refusals().map { refusal, document in
            Refusal(
                company: document.company, number: document.number, format: refusal.format, reason: refusal.reason,
                attempts: refusal.attempts, nextAttemptAt: refusal.nextAttemptAt)
        }
        let unreadable = try await index.unreadableRecords().map {
            Unreadable(id: $0.id, kind: $0.kind.rawValue, reason: $0.reason, since: $0.firstSeenAt)
        }
        return StatusReport(
            root: context.layout.root.path, generatedAt: Date(), payments: payments, rejectedFiles: rejected,
            link: Link(
                state: health.state.rawValue, headline: health.headline, detail: health.detail, repair: health.repair, advice: health.advice,
                checkedAt: health.checkedAt),
            companies: companies, attention: attention, refusals: refusals, unreadable: unreadable, runs: runs)
    }
}
