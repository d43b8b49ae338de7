package import DropValues
package import Foundation
import GRDB

/// Everything the index holds about one company's month: its documents, their files in every state,
/// and their payments with the inbox file each came from.
package struct MonthLedger: Sendable {
    /// A payment and the inbox file (name as dropped, where it went) it was read from.
    package struct Payment: Sendable {
        package var record: PaymentRecord
        package var fileName: String?
        package var filePath: String?
    }

    package var documents: [DocumentRecord]
    package var files: [String: [DocumentFileRecord]]
    package var payments: [String: [Payment]]
}

extension DropIndex {
    /// The ledger of a company's documents dated in `month`.
    package func monthLedger(company: String, month: Month) async throws -> MonthLedger {
        let (from, through) = (month.first, month.last)
        return try await read { db in
            let documents =
                try DocumentRecord
                .filter { $0.company == company && $0.documentDate >= from && $0.documentDate <= through }
                .order { [$0.documentDate, $0.numberKey] }
                .fetchAll(db)
            let ids = documents.map(\.id)
            let files = try DocumentFileRecord.filter { ids.contains($0.documentId) }.order { $0.id }.fetchAll(db)
            let payments = try PaymentRecord.filter { ids.contains($0.documentId) }.order { $0.id }.fetchAll(db)
            let inboxIds = Set(payments.compactMap(\.inboxFileId))
            let inbox = try InboxFileRecord.filter(keys: Array(inboxIds)).fetchAll(db)
            let byId = Dictionary(uniqueKeysWithValues: inbox.compactMap { file in file.id.map { ($0, file) } })
            return MonthLedger(
                documents: documents,
                files: Dictionary(grouping: files, by: \.documentId),
                payments: Dictionary(
                    grouping: payments.map { payment in
                        let file = payment.inboxFileId.flatMap { byId[$0] }
                        return MonthLedger.Payment(record: payment, fileName: file?.name, filePath: file?.finalPath)
                    }, by: \.record.documentId))
        }
    }

    /// The archives recorded for a company (relative paths), with when each was last written.
    package func archives(under folder: String) async throws -> [(archive: String, archivedAt: Date)] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT archive, MAX(archived_at) FROM archive_member WHERE archive LIKE ? ESCAPE '\\' GROUP BY archive ORDER BY archive",
                arguments: [Self.likePrefix(folder)]
            ).map { ($0[0], $0[1]) }
        }
    }

    /// `a_b%` matches only names starting with `a_b`.
    static func likePrefix(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
