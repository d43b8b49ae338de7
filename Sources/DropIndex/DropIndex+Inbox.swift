package import Foundation
import GRDB

extension DropIndex {
    /// Earlier inbox files with these bytes dropped in the same place (`company` nil: the inbox itself).
    /// The same bytes in another company's folder name other invoices: numbers repeat across departments.
    package func inboxFiles(sha256: String, company: String?) async throws -> [InboxFileRecord] {
        try await read { db in
            try InboxFileRecord.filter { $0.sha256 == sha256 }.filter { $0.company == company }.order { $0.id }.fetchAll(db)
        }
    }

    /// Files whose payments were applied but whose move did not finish.
    package func unfinishedInboxFiles() async throws -> [InboxFileRecord] {
        try await read { db in try InboxFileRecord.filter { $0.state == InboxFileState.applied }.fetchAll(db) }
    }

    /// Records a file that queues nothing (rejected, duplicate).
    package func record(_ file: InboxFileRecord) async throws -> InboxFileRecord {
        try await write { db in
            var file = file
            try file.insert(db)
            return file
        }
    }

    /// - Parameter reportSha256: the bytes of the report published beside it (tldrop's own, to rewrite later).
    package func finishInboxFile(id: Int64, state: InboxFileState = .done, finalPath: String? = nil, reportSha256: String? = nil) async throws {
        try await write { db in
            if let finalPath {
                try db.execute(sql: "UPDATE inbox_file SET state = ?, final_path = ? WHERE id = ?", arguments: [state.rawValue, finalPath, id])
            } else {
                try db.execute(sql: "UPDATE inbox_file SET state = ? WHERE id = ?", arguments: [state.rawValue, id])
            }
            if let reportSha256 { try db.execute(sql: "UPDATE inbox_file SET report_sha256 = ? WHERE id = ?", arguments: [reportSha256, id]) }
        }
    }

    /// Inbox files whose payments reached an outcome in Teamleader (registered, already paid, refused,
    /// held) since their report last said so.
    package func inboxFilesWithNewOutcomes() async throws -> [InboxFileRecord] {
        try await read { db in
            try InboxFileRecord.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT * FROM inbox_file f WHERE f.final_path IS NOT NULL AND f.state = \(InboxFileState.done)
                        AND EXISTS (SELECT 1 FROM payment p WHERE p.inbox_file_id = f.id AND p.done_at IS NOT NULL
                            AND (f.outcomes_at IS NULL OR p.done_at > f.outcomes_at))
                        ORDER BY f.id
                        """))
        }
    }

    /// Every payment an inbox file queued, in its line order.
    package func payments(inboxFileId: Int64) async throws -> [PaymentRecord] {
        try await read { db in try PaymentRecord.filter { $0.inboxFileId == inboxFileId }.order { [$0.line, $0.id] }.fetchAll(db) }
    }

    /// Records what an inbox file's report holds: its bytes, those a rewrite is about to give it, and when
    /// it last said its payments' outcomes.
    package func setReportState(id: Int64, sha256: String?, nextSha256: String?, outcomesAt: Date?) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE inbox_file SET report_sha256 = ?, report_next_sha256 = ?, outcomes_at = COALESCE(?, outcomes_at) WHERE id = ?",
                arguments: [sha256, nextSha256, outcomesAt, id])
        }
    }

    /// Rejected files of this name that are no longer in `Rejected/` (`stillThere` says): they were moved
    /// back to be read again. They are marked `retried` and returned (their error files go with them).
    package func retireRejected(named name: String, stillThere: @escaping @Sendable (String) -> Bool) async throws -> [InboxFileRecord] {
        try await write { db in
            let gone = try InboxFileRecord.filter { $0.state == InboxFileState.rejected && $0.name == name }.fetchAll(db)
                .filter { record in record.finalPath.map { !stillThere($0) } ?? true }
            for record in gone {
                try db.execute(sql: "UPDATE inbox_file SET state = ? WHERE id = ?", arguments: [InboxFileState.retried, record.id])
            }
            return gone
        }
    }

    /// The latest rejected inbox files, newest first.
    package func rejectedInboxFiles(limit: Int = 20) async throws -> [InboxFileRecord] {
        try await read { db in
            try InboxFileRecord.filter { $0.state == InboxFileState.rejected }.order { $0.id.desc }.limit(limit).fetchAll(db)
        }
    }

    package func observation(path: String) async throws -> InboxObservation? {
        try await read { db in try InboxObservation.fetchOne(db, key: path) }
    }

    package func save(_ observation: InboxObservation) async throws {
        try await write { db in try observation.save(db) }
    }

    /// Forgets observations of files no longer in the inbox.
    package func keepObservations(only paths: Set<String>) async throws {
        try await write { db in
            for path in try String.fetchAll(db, sql: "SELECT path FROM inbox_observation") where !paths.contains(path) {
                try db.execute(sql: "DELETE FROM inbox_observation WHERE path = ?", arguments: [path])
            }
        }
    }
}

extension DropIndex {
    /// Payments waiting for Teamleader (queued, or sent with an outcome to check), oldest first.
    package func pendingPayments() async throws -> [PaymentRecord] {
        try await read { db in
            try PaymentRecord.filter { [PaymentState.queued, PaymentState.sending].contains($0.state) }
                .order { $0.id }.fetchAll(db)
        }
    }

    /// Every payment of a document, oldest first.
    package func payments(documentId: String) async throws -> [PaymentRecord] {
        try await read { db in try PaymentRecord.filter { $0.documentId == documentId }.order { $0.id }.fetchAll(db) }
    }

    /// Marks a payment as being sent, before the call: a crash after the call is then checked, never repeated blindly.
    /// - Parameter dueBefore: what Teamleader showed open just before the call.
    package func markSending(paymentId: Int64, dueBefore: Decimal? = nil) async throws {
        try await write { db in
            try db.execute(
                literal: """
                    UPDATE payment SET state = \(PaymentState.sending), attempts = attempts + 1, due_before = COALESCE(\(dueBefore), due_before)
                    WHERE id = \(paymentId)
                    """)
        }
    }

    /// Settles a payment and adds its event to the document's timeline, in one transaction.
    /// - Parameter remoteDue: what Teamleader shows open now, when the caller knows (after a registration).
    package func settle(
        paymentId: Int64, state: PaymentState, error: String? = nil, event: EventRecord?, remoteDue: (due: Decimal, paid: Bool)? = nil
    ) async throws {
        try await write { db in
            let done: Date? = state == .queued || state == .sending ? nil : try db.transactionDate
            try db.execute(
                sql: "UPDATE payment SET state = ?, last_error = ?, done_at = ? WHERE id = ?",
                arguments: [state, error, done, paymentId])
            if var event { try event.insert(db) }
            if let remoteDue, let documentId = event?.documentId {
                try db.execute(
                    sql: "UPDATE document SET remote_due = ?, remote_paid = ? WHERE id = ?",
                    arguments: [remoteDue.due, remoteDue.paid, documentId])
            }
        }
    }

    /// Records a transient failure without settling the payment.
    package func noteAttempt(paymentId: Int64, error: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE payment SET last_error = ? WHERE id = ?", arguments: [error, paymentId])
        }
    }

    /// Payments per state, for `status`.
    package func paymentCounts() async throws -> [PaymentState: Int] {
        try await read { db in
            var counts: [PaymentState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM payment GROUP BY state") {
                if let state = PaymentState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Payments Teamleader refused, newest first.
    package func failedPayments(limit: Int = 20) async throws -> [PaymentRecord] {
        try await read { db in
            try PaymentRecord.filter { $0.state == PaymentState.failed }.order { $0.id.desc }.limit(limit).fetchAll(db)
        }
    }
}
