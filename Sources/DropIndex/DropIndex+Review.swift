import Foundation
import GRDB

extension DropIndex {
    /// Review items by id.
    package func reviewItems(ids: [Int64]) async throws -> [Int64: ReviewItemRecord] {
        try await read { db in
            var found: [Int64: ReviewItemRecord] = [:]
            let unique = Array(Set(ids))
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                for item in try ReviewItemRecord.filter({ chunk.contains($0.id) }).fetchAll(db) { found[try item.persistedID] = item }
            }
            return found
        }
    }

    /// Items recorded but not yet written to a review file (a crash came between), oldest first.
    package func unwrittenReviewItems() async throws -> [ReviewItemRecord] {
        try await read { db in try ReviewItemRecord.filter { $0.reviewFile == nil }.order { $0.id }.fetchAll(db) }
    }

    /// Records where the items are written, and the bytes that review file is about to hold, in one
    /// transaction (before the file is written: a crash after it leaves a file tldrop knows as its own).
    package func assignReviewFile(ids: [Int64], path: String, nextSha256: String) async throws {
        try await write { db in
            for id in ids {
                try db.execute(sql: "UPDATE review_item SET review_file = ? WHERE id = ?", arguments: [path, id])
            }
            try db.execute(
                sql: """
                    INSERT INTO review_sheet (path, sha256, next_sha256, written_at) VALUES (?, NULL, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET next_sha256 = excluded.next_sha256, written_at = excluded.written_at
                    """, arguments: [path, nextSha256, try db.transactionDate])
        }
    }

    /// Items waiting for the accountant, oldest first.
    package func openReviewItems(limit: Int = 1_000) async throws -> [ReviewItemRecord] {
        try await read { db in
            try ReviewItemRecord.filter { $0.state == ReviewState.open }.order { $0.id }.limit(limit).fetchAll(db)
        }
    }

    /// Open items per review file (nil: not written to a file yet), the file with most first.
    package func openReviewItemsPerFile() async throws -> [(file: String?, count: Int)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT review_file, COUNT(*) AS n FROM review_item WHERE state = ? GROUP BY review_file ORDER BY n DESC, review_file",
                arguments: [ReviewState.open]
            ).map { ($0["review_file"], $0["n"]) }
        }
    }

    package func openReviewItemCount() async throws -> Int {
        try await read { db in
            try ReviewItemRecord.filter { $0.state == ReviewState.open }.fetchCount(db)
        }
    }

    /// Holds a payment instead of sending it: the payment set aside, a review item asking the
    /// accountant, and the document's event, in one transaction.
    package func hold(paymentId: Int64, item: ReviewItemRecord, event: EventRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE payment SET state = ?, last_error = ?, done_at = ? WHERE id = ?",
                arguments: [PaymentState.held.rawValue, item.reason, try db.transactionDate, paymentId])
            var item = item
            item.paymentId = paymentId
            try item.insert(db)
            var event = event
            try event.insert(db)
        }
    }
}

/// A review file tldrop wrote: the bytes it holds when nobody changed it, and those a rewrite in
/// progress was about to put there.
package struct ReviewSheetState: Sendable, Equatable {
    package var sha256: String?
    package var nextSha256: String?

    package init(sha256: String?, nextSha256: String? = nil) {
        self.sha256 = sha256
        self.nextSha256 = nextSha256
    }

    /// Whether bytes with this hash are tldrop's own (so the file may be rewritten or removed).
    package func isOurs(_ sha: String) -> Bool { sha == sha256 || sha == nextSha256 }
}

extension DropIndex {
    /// Every review file tldrop keeps current, by path.
    package func reviewSheets() async throws -> [String: ReviewSheetState] {
        try await read { db in
            var sheets: [String: ReviewSheetState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, sha256, next_sha256 FROM review_sheet") {
                sheets[row["path"]] = ReviewSheetState(sha256: row["sha256"], nextSha256: row["next_sha256"])
            }
            return sheets
        }
    }

    /// Records what a review file holds (or is about to hold); nil state forgets it.
    package func setReviewSheet(_ path: String, _ state: ReviewSheetState?) async throws {
        try await write { db in
            if let state {
                try db.execute(
                    sql: """
                        INSERT INTO review_sheet (path, sha256, next_sha256, written_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, next_sha256 = excluded.next_sha256,
                            written_at = excluded.written_at
                        """, arguments: [path, state.sha256, state.nextSha256, try db.transactionDate])
            } else {
                try db.execute(sql: "DELETE FROM review_sheet WHERE path = ?", arguments: [path])
            }
        }
    }
}

extension DropIndex {
    package func inboxFile(id: Int64) async throws -> InboxFileRecord? {
        try await read { db in try InboxFileRecord.fetchOne(db, key: id) }
    }
}
