import DropIndex
import Foundation
import TeamleaderAPI

extension CompanyPass {
    /// After a sweep: documents the index holds that the listing did not return are asked for again
    /// by id (100 a call) before anything is recorded as deleted in Teamleader. A listing may miss a
    /// record; an answer by id that leaves it out is the evidence.
    func noticeDeletions(
        kind: DocumentKind, listing: RemoteListing, publisher: DocumentPublisher, progress: inout Progress, report: inout CompanyMirrorReport
    ) async throws {
        // Every document the link delivered, whatever its date: a backfilled one deleted in Teamleader too.
        let known = try await index.mirroredDocumentIds(departmentId: company.departmentId, kind: kind)
        let missing = known.filter { !progress.seen.contains($0) }
        guard !missing.isEmpty else { return }
        let found = try await listing.byIds(missing)
        try await take(found, kind: kind, publisher: publisher, progress: &progress, report: &report, countsAsListed: false)
        let unreadable = Set(found.unreadable.compactMap(\.id))
        let gone = missing.filter { !progress.seen.contains($0) && !unreadable.contains($0) }
        guard !gone.isEmpty else { return }
        try await index.markDeletedInTeamleader(ids: gone)
        let records = try await index.documents(ids: gone)
        report.deletedInTeamleader += gone.compactMap { records[$0]?.number }
    }
}
