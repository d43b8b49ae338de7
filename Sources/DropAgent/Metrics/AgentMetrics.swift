import DropIndex
import Foundation
import TeamleaderAPI

/// tldrop's metrics, in Prometheus's conventions: a `tldrop_` prefix, base units (seconds), `_total`
/// on counters, and a `company` label where a figure belongs to one. Every series also carries `root`
/// (`[metrics] name`, else the root folder's name), so that a host's or a gateway's roots stay apart.
///
/// Moments are timestamps, not ages (Prometheus's advice: a textfile read an hour later still tells
/// the truth); alerts compute `time() - …`. Built from the index alone, like `status`.
package struct AgentMetrics {
    let status: StatusReport
    let figures: MetricFigures
    let root: String
    let companies: [String]

    /// The families for one root, in a fixed order.
    package static func families(context: AgentContext) async throws -> [MetricFamily] {
        let metrics = AgentMetrics(
            status: try await StatusReport.build(context: context), figures: try await context.index.metricFigures(),
            root: context.configuration.metrics.name ?? context.layout.root.lastPathComponent,
            companies: context.configuration.companies.map(\.name))
        return metrics.families()
    }

    /// The text `status --metrics`, `/metrics`, the textfile and a push carry.
    package static func text(context: AgentContext) async throws -> String {
        MetricFamily.text(try await families(context: context))
    }

    func families() -> [MetricFamily] {
        var families: [MetricFamily] = [
            family("tldrop_build_info", "The tldrop version that wrote these figures (always 1).", [([("version", TldropVersion.current)], 1)])
        ]
        families += link()
        families.append(
            single(
                "tldrop_last_successful_run_timestamp_seconds", "When the last run that ended with exit status 0 finished (Unix time).",
                figures.lastSuccess?.timeIntervalSince1970))
        let polls: [(MetricFamily.Labels, Double)] = status.companies.compactMap { company in
            company.freshness.polledAt.map { ([("company", company.name)], $0.timeIntervalSince1970) }
        }
        families.append(
            family("tldrop_teamleader_last_poll_timestamp_seconds", "When Teamleader was last asked for a company's changes (Unix time).", polls))
        families += documents()
        families.append(payments())
        families.append(
            single(
                "tldrop_payments_held_for_review", "Payment lines held for the accountant (in a review file), not registered.",
                Double(status.payments.heldForReview)))
        families.append(
            perCompany(
                "tldrop_payments_oldest_queued_timestamp_seconds",
                "When the company's payment waiting longest to be registered was queued (Unix time).", figures.oldestQueued))
        families.append(
            perCompany(
                "tldrop_review_oldest_held_timestamp_seconds", "When the company's line held longest for the accountant was held (Unix time).",
                figures.oldestHeld))
        families.append(rejected())
        families.append(archives())
        families += runs()
        families.append(
            single("tldrop_teamleader_requests_total", "Answers Teamleader gave tldrop, over every run.", Double(figures.requests), kind: .counter))
        families.append(
            single(
                "tldrop_teamleader_rate_limited_total", "Answers of 429 (rate limit reached) among them, over every run.",
                Double(figures.rateLimited), kind: .counter))
        return families
    }

    // MARK: Families

    private func link() -> [MetricFamily] {
        let state = LinkHealth.State(rawValue: status.link.state) ?? .unknown
        let states: [LinkHealth.State] = [.up, .broken, .notConnected, .unreachable, .misconfigured, .unknown]
        return [
            single("tldrop_link_up", "1 when the last run reached Teamleader with a working link, else 0.", state == .up ? 1 : 0),
            family(
                "tldrop_link_state", "The Teamleader link's state: 1 for the current one (the repair is in `tldrop status`).",
                states.map { ([("state", $0.metricValue)], $0 == state ? 1 : 0) }),
        ]
    }

    private func documents() -> [MetricFamily] {
        let kinds: [(String, String, KeyPath<CompanyCounts, Int>)] = [
            ("mirrored", "Documents in the outbox, sent once.", \.mirrored),
            ("pending", "Documents waiting for their files.", \.pending),
            ("changed_after_sending", "Documents Teamleader changed after they were sent.", \.changedAfterSending),
            ("deleted_in_teamleader", "Sent documents Teamleader no longer has.", \.deletedInTeamleader),
            ("deleted_in_outbox", "Documents whose files someone removed from the outbox.", \.deletedInOutbox),
            ("conflicts", "Documents whose outbox name is taken by a file tldrop did not write.", \.conflicts),
            ("archived", "Documents packed into a month's archive.", \.archived),
        ]
        return kinds.map { name, help, path in
            family("tldrop_documents_\(name)", help, status.companies.map { ([("company", $0.name)], Double($0.counts[keyPath: path])) })
        }
    }

    /// Every state for every configured company (zeros included, so that a change shows as one).
    private func payments() -> MetricFamily {
        let states: [(PaymentState, String)] = [
            (.queued, "queued"), (.sending, "sending"), (.registered, "registered"), (.alreadyPaid, "already_paid"),
            (.failed, "refused"), (.held, "held"),
        ]
        var counts: [String: [PaymentState: Int]] = [:]
        for row in figures.payments { counts[row.company, default: [:]][row.state, default: 0] += row.count }
        var samples: [(MetricFamily.Labels, Double)] = []
        for company in names(counts.keys) {
            for (state, value) in states {
                samples.append(([("company", company), ("state", value)], Double(counts[company]?[state] ?? 0)))
            }
        }
        return family(
            "tldrop_payments", "Payment lines by state: queued, sending, registered, already_paid, refused by Teamleader, held.", samples)
    }

    /// Rejected inbox files waiting in `Inbox/Rejected/<Company>/` per company (those dropped in the
    /// inbox itself under company "", which Prometheus reads as no company).
    private func rejected() -> MetricFamily {
        var counts: [String: Int] = [:]
        for file in status.rejectedFiles { counts[file.company ?? "", default: 0] += 1 }
        let samples: [(MetricFamily.Labels, Double)] = names(counts.keys).map { ([("company", $0)], Double(counts[$0] ?? 0)) }
        return family("tldrop_inbox_files_rejected", "Inbox files that could not be read, waiting in Inbox/Rejected/.", samples)
    }

    /// Archives (one per company and month; the inbox's under company "") by their last read-back.
    private func archives() -> MetricFamily {
        var counts: [String: [String: Int]] = [:]
        for archive in figures.archives {
            // `Outbox/<Company>/Archive/2026-09.zip`; `Inbox/Processed/2026-09.zip`
            let parts = archive.path.split(separator: "/")
            let company = parts.first == "Outbox" && parts.count > 1 ? String(parts[1]) : ""
            let verification = archive.clean.map { $0 ? "verified" : "failed" } ?? "unchecked"
            counts[company, default: [:]][verification, default: 0] += 1
        }
        var samples: [(MetricFamily.Labels, Double)] = []
        for company in names(counts.keys) {
            for verification in ["verified", "failed", "unchecked"] {
                samples.append(([("company", company), ("verification", verification)], Double(counts[company]?[verification] ?? 0)))
            }
        }
        return family("tldrop_archives", "Month archives by their last read-back against the index: verified, failed, unchecked.", samples)
    }

    /// The last finished run of each command: when it started, how long it took, how it ended.
    private func runs() -> [MetricFamily] {
        let last = figures.lastRuns
        return [
            family(
                "tldrop_last_run_timestamp_seconds", "When the last run of a command started (Unix time).",
                last.map { ([("command", $0.command)], $0.startedAt.timeIntervalSince1970) }),
            family(
                "tldrop_last_run_duration_seconds", "How long the last run of a command took.",
                last.map { ([("command", $0.command)], max(0, $0.finishedAt.timeIntervalSince($0.startedAt))) }),
            family(
                "tldrop_last_run_exit_code",
                "The exit status of the last run of a command (0 all done, 65 input rejected, 75 try later, 77 link broken).",
                last.map { ([("command", $0.command)], Double($0.exitCode)) }),
        ]
    }

    // MARK: Building blocks

    /// The configured companies, then any other the index still holds figures for.
    private func names(_ present: Dictionary<String, some Any>.Keys) -> [String] {
        companies + present.filter { !companies.contains($0) }.sorted()
    }

    private func family(_ name: String, _ help: String, _ samples: [(MetricFamily.Labels, Double)], kind: MetricFamily.Kind = .gauge) -> MetricFamily
    {
        MetricFamily(name, kind, help: help, samples: samples.map { MetricFamily.Sample([("root", root)] + $0.0, $0.1) })
    }

    /// One series per company that has a moment (none waits: no series, so an alert on its age ends).
    private func perCompany(_ name: String, _ help: String, _ moments: [String: Date]) -> MetricFamily {
        family(name, help, names(moments.keys).compactMap { company in moments[company].map { ([("company", company)], $0.timeIntervalSince1970) } })
    }

    /// A family of one series, or none when there is no value (nothing queued, no run yet).
    private func single(_ name: String, _ help: String, _ value: Double?, kind: MetricFamily.Kind = .gauge) -> MetricFamily {
        family(name, help, value.map { [([], $0)] } ?? [], kind: kind)
    }
}

extension LinkHealth.State {
    /// The state as a label value (`not_connected`).
    var metricValue: String { rawValue.replacingOccurrences(of: " ", with: "_") }
}
