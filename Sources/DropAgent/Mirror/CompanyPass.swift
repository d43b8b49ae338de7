import DropIndex
import Foundation
import ServiceLifecycle
import Logging
import TeamleaderAPI

/// One company's listing and publishing, for invoices or for credit notes.
struct CompanyPass: Sendable {
    let mirror: InvoiceMirror
    let company: ResolvedCompany
    let options: MirrorOptions

    var index: DropIndex { mirror.index }
    var configuration: AgentConfiguration { mirror.configuration }

    /// A full listing (which also notices deletions) when asked, on the first run, with `since`, or
    /// when the last one is older than `sync.full_sweep_days`.
    func isSweep(_ options: MirrorOptions, cursor: SyncCursor? = nil) -> Bool {
        if options.full || options.since != nil { return true }
        guard let cursor, cursor.updatedSince != nil, let last = cursor.lastFullSweepAt else { return true }
        return Date().timeIntervalSince(last) > TimeInterval(configuration.sync.fullSweepDays) * 86_400
    }

    func run(kind: DocumentKind, into report: inout CompanyMirrorReport) async throws {
        let cursor = try await index.cursor(departmentId: company.departmentId, kind: kind)
        let sweep = isSweep(options, cursor: cursor)
        let startDate = options.since ?? configuration.startDate
        let overlap = TimeInterval(configuration.sync.overlapMinutes) * 60
        let updatedSince = sweep ? nil : cursor?.updatedSince?.addingTimeInterval(-overlap)
        let started = Date()
        var newest = cursor?.updatedSince
        var seen = Set<String>()
        var failures = 0
        let publisher = DocumentPublisher(pass: self)

        // Documents an interrupted run left pending come first, listed by id.
        let unfinished = try await index.unfinishedDocumentIds(departmentId: company.departmentId, kind: kind)
        for start in stride(from: 0, to: unfinished.count, by: Page.maximumSize) {
            let ids = Array(unfinished[start..<min(start + Page.maximumSize, unfinished.count)])
            let documents = try await RemotePages.byIds(ids, kind: kind, client: mirror.client)
            failures += try await publisher.handle(documents, report: &report)
        }

        let pages = RemotePages(
            client: mirror.client, kind: kind, departmentId: company.departmentId, since: startDate,
            updatedSince: updatedSince)
        for try await documents in pages {
            // SIGTERM under `watch`: stop between pages (the cursor stays, the next cycle resumes).
            if Task.isShuttingDownGracefully {
                failures += 1
                break
            }
            for document in documents {
                seen.insert(document.id)
                if let updated = document.updatedAt, newest.map({ updated > $0 }) ?? true { newest = updated }
            }
            report.listed += documents.count
            failures += try await publisher.handle(documents, report: &report)
        }
        guard !options.dryRun else { return }

        if sweep {
            let known = try await index.mirroredDocumentIds(
                departmentId: company.departmentId, kind: kind, since: startDate.description)
            let gone = known.filter { !seen.contains($0) }
            if !gone.isEmpty {
                try await index.markDeletedInTeamleader(ids: gone)
                let records = try await index.documents(ids: gone)
                report.deletedInTeamleader += gone.compactMap { records[$0]?.number }
            }
        }
        // The cursor moves only when every listed document made it, so that a failed one is listed again.
        // A backfill (`since`) leaves the cursor of the regular listing alone.
        guard failures == 0, options.since == nil else { return }
        // Only Teamleader's own clock moves the cursor: ours may be skewed.
        try await index.save(SyncCursor(
            departmentId: company.departmentId, kind: kind.rawValue, updatedSince: newest,
            lastFullSweepAt: sweep ? started : cursor?.lastFullSweepAt))
    }
}
