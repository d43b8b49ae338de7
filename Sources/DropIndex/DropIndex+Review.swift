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
                for item in try ReviewItemRecord.filter({ chunk.contains($0.id) }).fetchAll(db) { found[item.id ?? 0] = item }
            }
            return found
        }
    }

    /// Items recorded but not yet written to a review file (a crash came between), oldest first.
    package func unwrittenReviewItems() async throws -> [ReviewItemRecord] {
        try await read { db in try ReviewItemRecord.filter { $0.reviewFile == nil }.order { $0.id }.fetchAll(db) }
    }

    /// Records where the items were written.
    package func markReviewWritten(ids: [Int64], path: String) async throws {
        try await write { db in
            for id in ids {
                try db.execute(sql: "UPDATE review_item SET review_file = ? WHERE id = ?", arguments: [path, id])
            }
        }
    }

    /// Items waiting for the accountant, oldest first.
    package func openReviewItems(limit: Int = 1_000) async throws -> [ReviewItemRecord] {
        try await read { db in
            try ReviewItemRecord.filter { $0.state == ReviewState.open }.order { $0.id }.limit(limit).fetchAll(db)
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
                arguments: [PaymentState.held.rawValue, item.reason, Date(), paymentId])
            var item = item
            item.paymentId = paymentId
            try item.insert(db)
            var event = event
            try event.insert(db)
        }
    }
}

extension DropIndex {
    package func inboxFile(id: Int64) async throws -> InboxFileRecord? {
        try await read { db in try InboxFileRecord.fetchOne(db, key: id) }
    }
}
