import DropIndex
import DropValues
import Foundation
import Logging
import ServiceLifecycle
import TeamleaderAPI

/// One company's listing and publishing, for invoices or for credit notes.
///
/// A run lists what changed since the cursor (or everything, in a sweep), then, daily, the recent
/// weeks by document date (a document whose `updated_at` never passed the cursor is found the next
/// day), asks again by id for what an earlier run left unfinished or could not read, and asks again
/// for formats Teamleader refused whose back-off is over. Only documents that failed keep the cursor
/// where it is; an unreadable record or a refused format never does.
struct CompanyPass: Sendable {
    let context: AgentContext
    let company: ResolvedCompany
    let options: MirrorOptions
    let logger: Logger
    /// Told after each document, for `run`'s progress line.
    let reportProgress: @Sendable (MirrorProgress) -> Void

    var index: DropIndex { context.index }
    var configuration: AgentConfiguration { context.configuration }

    /// A full listing (which also notices deletions) when asked, on the first run, with `since`, or
    /// when the last one is older than `sync.full_sweep_days`.
    func isSweep(_ options: MirrorOptions, cursor: SyncCursor? = nil) -> Bool {
        if options.full || options.since != nil { return true }
        guard let cursor, cursor.updatedSince != nil, let last = cursor.lastFullSweepAt else { return true }
        if options.poll { return false }
        return context.now().timeIntervalSince(last) > TimeInterval(configuration.sync.fullSweepDays) * 86_400
    }

    /// What one pass has seen so far.
    struct Progress {
        var newest: Date?
        var seen = Set<String>()
        var failures = 0
        var stopped = false
    }

    func run(kind: DocumentKind, into report: inout CompanyMirrorReport) async throws {
        let cursor = try await index.cursor(departmentId: company.departmentId, kind: kind)
        let sweep = isSweep(options, cursor: cursor)
        let startDate = options.travelsFrom(configuration)
        // Listings reach back to the earliest document the link holds: a backfilled September invoice
        // edited or deleted in Teamleader is noticed like any other (only what travels is limited).
        let earliest = try await index.earliestDocumentDate(departmentId: company.departmentId, kind: kind)
        let listFrom = min(startDate, earliest ?? startDate)
        let overlap = TimeInterval(configuration.sync.overlapMinutes) * 60
        let started = context.now()
        let listing = RemoteListing(client: context.client, kind: kind, departmentId: company.departmentId, now: context.now)
        let publisher = DocumentPublisher(context: context, company: company, options: options, logger: logger, reportProgress: reportProgress)
        var progress = Progress(newest: cursor?.updatedSince)

        // What earlier runs left: documents pending or in conflict, and records that could not be read.
        let unfinished = try await index.unfinishedDocumentIds(departmentId: company.departmentId, kind: kind)
        let unreadable = try await index.unreadableRecords(departmentId: company.departmentId, kind: kind).map(\.id)
        if !(unfinished + unreadable).isEmpty {
            let batch = try await listing.byIds(unfinished + unreadable)
            try await take(batch, kind: kind, publisher: publisher, progress: &progress, report: &report, countsAsListed: false)
        }
        if !options.dryRun { try await FormatRetry(context: context, company: company).retryDue(kind: kind, listing: listing, report: &report) }

        let updatedSince = sweep ? nil : cursor?.updatedSince?.addingTimeInterval(-overlap)
        try await listing.list(since: listFrom, updatedSince: updatedSince) { batch in
            try await take(batch, kind: kind, publisher: publisher, progress: &progress, report: &report)
            return !progress.stopped
        }
        if !sweep, options.recent, !progress.stopped {
            let recent = max(startDate, CalendarDate(context.now()).adding(days: -configuration.sync.recentDays))
            try await listing.list(since: recent, updatedSince: nil) { batch in
                try await take(batch, kind: kind, publisher: publisher, progress: &progress, report: &report, countsAsListed: false)
                return !progress.stopped
            }
        }
        guard !options.dryRun else { return }
        if sweep, !progress.stopped {
            try await noticeDeletions(kind: kind, listing: listing, publisher: publisher, progress: &progress, report: &report)
        }
        // The cursor moves only when every listed document made it, so that a failed one is listed again.
        // A backfill (`since`) leaves the cursor of the regular listing alone.
        guard progress.failures == 0, !progress.stopped, options.since == nil else { return }
        // Only Teamleader's own clock moves the cursor: ours may be skewed.
        try await index.save(
            SyncCursor(
                departmentId: company.departmentId, kind: kind, updatedSince: progress.newest,
                lastFullSweepAt: sweep ? started : cursor?.lastFullSweepAt))
    }

    /// Publishes one batch, and records its unreadable records for the next run.
    func take(
        _ batch: RemoteBatch, kind: DocumentKind, publisher: DocumentPublisher, progress: inout Progress,
        report: inout CompanyMirrorReport, countsAsListed: Bool = true
    ) async throws {
        // SIGTERM under `watch`: stop between pages (the cursor stays, the next cycle resumes).
        if Task.isShuttingDownGracefully {
            progress.stopped = true
            return
        }
        let fresh = batch.documents.filter { !progress.seen.contains($0.id) }
        for document in fresh {
            progress.seen.insert(document.id)
            if let updated = document.updatedAt, progress.newest.map({ updated > $0 }) ?? true { progress.newest = updated }
        }
        if countsAsListed { report.listed += fresh.count }
        progress.failures += try await publisher.handle(fresh, report: &report)
        guard !options.dryRun else { return }
        try await index.clearUnreadable(ids: batch.documents.map(\.id), kind: kind)
        let now = context.now()
        let unreadable = batch.unreadable.compactMap { record in
            record.id.map {
                UnreadableRecordRow(id: $0, kind: kind, departmentId: company.departmentId, reason: record.reason, firstSeenAt: now, lastSeenAt: now)
            }
        }
        try await index.recordUnreadable(unreadable)
        report.unreadable += batch.unreadable.map(\.description)
        // A record without even a readable id cannot be asked for again: it keeps the cursor where it is.
        progress.failures += batch.unreadable.filter { $0.id == nil }.count
    }
}
