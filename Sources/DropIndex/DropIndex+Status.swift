import Foundation
import GRDB

/// Per-company figures for `status`, STATUS.md and the status page.
package struct CompanyCounts: Sendable, Codable, Equatable {
    package var company: String
    package var mirrored = 0
    package var pending = 0
    package var conflicts = 0
    package var changedAfterSending = 0
    package var deletedInTeamleader = 0
    package var deletedInOutbox = 0
    package var reimported = 0
    package var archived = 0

    package init(company: String) { self.company = company }
}

extension DropIndex {
    /// Counts per company, read from indexed columns only, so that it stays fast on a large index.
    package func companyCounts() async throws -> [CompanyCounts] {
        try await read { db in
            var counts: [String: CompanyCounts] = [:]
            func entry(_ company: String) -> CompanyCounts { counts[company] ?? CompanyCounts(company: company) }
            for row in try Row.fetchAll(db, sql: "SELECT company, state, COUNT(*) AS n FROM document GROUP BY company, state") {
                let company: String = row["company"]
                var value = entry(company)
                let n: Int = row["n"]
                switch row["state"] as String {
                case "mirrored": value.mirrored += n
                case "pending": value.pending += n
                case "conflict": value.conflicts += n
                default: break
                }
                counts[company] = value
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT company, COUNT(*) AS n FROM document WHERE changed_after_sending = 1 GROUP BY company")
            {
                var value = entry(row["company"])
                value.changedAfterSending = row["n"]
                counts[value.company] = value
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT company, COUNT(*) AS n FROM document WHERE deleted_in_teamleader = 1 GROUP BY company")
            {
                var value = entry(row["company"])
                value.deletedInTeamleader = row["n"]
                counts[value.company] = value
            }
            for row in try Row.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT d.company, f.state, COUNT(DISTINCT f.document_id) AS n FROM document_file f
                        JOIN document d ON d.id = f.document_id WHERE f.state IN \([FileState.deleted, .archived, .superseded])
                        GROUP BY d.company, f.state
                        """))
            {
                var value = entry(row["company"])
                switch row["state"] as FileState? {
                case .deleted: value.deletedInOutbox = row["n"]
                case .archived: value.archived = row["n"]
                case .superseded: value.reimported = row["n"]
                default: break
                }
                counts[value.company] = value
            }
            return counts.values.sorted { $0.company < $1.company }
        }
    }

    /// Documents that need an admin's eye: changed after sending, in conflict, deleted in Teamleader.
    package func documentsNeedingAttention(limit: Int = 50) async throws -> [DocumentRecord] {
        try await read { db in
            try DocumentRecord.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT * FROM document WHERE changed_after_sending = 1
                        UNION SELECT * FROM document WHERE state = \(DocumentState.conflict)
                        UNION SELECT * FROM document WHERE deleted_in_teamleader = 1
                        ORDER BY document_date DESC LIMIT \(limit)
                        """))
        }
    }
}
