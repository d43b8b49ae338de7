package import DropValues
package import Foundation
import GRDB

/// A payment an inbox line queues: what its row needs beyond the file's own id and time.
package struct QueuedPayment: Sendable {
    package var documentId: String
    package var line: Int?
    /// Nil: the open amount at push time.
    package var amount: Decimal?
    package var currency: String?
    package var paidAt: CalendarDate
    package var basis: PaymentBasis

    package init(documentId: String, line: Int?, amount: Decimal?, currency: String?, paidAt: CalendarDate, basis: PaymentBasis) {
        self.documentId = documentId
        self.line = line
        self.amount = amount
        self.currency = currency
        self.paidAt = paidAt
        self.basis = basis
    }
}

/// One inbox file being applied: what it reads and writes happens in the one transaction that applies
/// it, batch after batch, so the file is applied whole or not at all. Lines of the file see what its
/// earlier lines queued (`payments(documentIds:)` writes what is still waiting first).
/// Valid only inside `DropIndex.applyInboxFile`.
package final class InboxApplication {
    let db: Database
    /// The file's row, inserted first.
    package let fileId: Int64
    /// When the file was received, as the index stores dates.
    let createdAt: String
    /// Payments queued but not yet written: written many rows a statement (measured: less than half
    /// the time of one statement a row).
    private var pending: [QueuedPayment] = []
    private static let rowsPerInsert = 400
    /// The documents this file queued payments for, as a fixed-size filter (2^20 bits, two per id):
    /// "no" is certain, "maybe" costs a ledger query. Memory stays the same whatever the file's size.
    private var queued = [UInt64](repeating: 0, count: 1 << 14)
    /// The full-size insert, kept here: looking a 2,400-parameter statement up by its text on every
    /// flush hashed and compared 20 KB each time.
    private var fullInsertStatement: Statement?

    init(db: Database, fileId: Int64, createdAt: String) {
        self.db = db
        self.fileId = fileId
        self.createdAt = createdAt
    }

    /// Documents, looked up on the writing connection.
    package var documents: PayableDocuments { PayableDocuments(db: db) }

    /// The payments of these documents (those of this file's earlier lines included), oldest first.
    package func payments(documentIds: [String]) throws -> [String: [LedgerPayment]] {
        try flush()
        var found: [String: [LedgerPayment]] = [:]
        for chunk in Self.chunks(Array(Set(documentIds))) {
            let sql = "SELECT \(LedgerPayment.columns) FROM payment WHERE document_id IN (\(Self.placeholders(chunk.count))) ORDER BY id"
            let statement = RawStatement(try db.cachedStatement(sql: sql), in: db)
            statement.reset()
            for (offset, value) in chunk.enumerated() { statement.bind(value, at: Int32(offset + 1)) }
            while try statement.step() {
                let payment = LedgerPayment(
                    documentId: statement.text(0) ?? "", inboxFileId: statement.int(1), line: statement.int(2).map(Int.init),
                    amount: statement.text(3).flatMap(DecimalText.parse), paidAt: statement.text(4).flatMap { CalendarDate($0) } ?? .unreadable,
                    state: PaymentState(rawValue: statement.text(5) ?? "") ?? .failed)
                found[payment.documentId, default: []].append(payment)
            }
        }
        return found
    }

    /// Review items by id.
    package func reviewItems(ids: [Int64]) throws -> [Int64: ReviewItemRecord] {
        var found: [Int64: ReviewItemRecord] = [:]
        for chunk in Self.chunks(Array(Set(ids))) {
            for item in try ReviewItemRecord.filter({ chunk.contains($0.id) }).fetchAll(db) { found[try item.persistedID] = item }
        }
        return found
    }

    /// Queues a payment from this file; it is written with the next `flush`.
    package func queue(_ payment: QueuedPayment, for document: PayableDocument) throws {
        noteQueued(document.idHash)
        pending.append(payment)
        if pending.count >= Self.rowsPerInsert * 5 { try flush() }
    }

    /// Queues a payment from this file; it is written with the next `flush`.
    package func queue(_ payment: QueuedPayment) throws {
        noteQueued(PayableDocument.idHash(payment.documentId))
        pending.append(payment)
        if pending.count >= Self.rowsPerInsert * 5 { try flush() }
    }

    /// Queues a payment and writes it at once, for when its id is needed.
    /// - Returns: its id.
    package func queueNow(_ payment: QueuedPayment) throws -> Int64 {
        noteQueued(PayableDocument.idHash(payment.documentId))
        try flush()
        pending = [payment]
        try flush()
        return db.lastInsertedRowID
    }

    /// Whether this file may have queued a payment for the document (false: it certainly did not).
    package func mayHaveQueued(_ document: PayableDocument) -> Bool {
        let (first, second) = Self.bits(document.idHash)
        return queued[first >> 6] & (1 << (first & 63)) != 0 && queued[second >> 6] & (1 << (second & 63)) != 0
    }

    private func noteQueued(_ hash: UInt64) {
        let (first, second) = Self.bits(hash)
        queued[first >> 6] |= 1 << (first & 63)
        queued[second >> 6] |= 1 << (second & 63)
    }

    private static func bits(_ hash: UInt64) -> (Int, Int) { (Int(hash & 0xFFFFF), Int((hash >> 24) & 0xFFFFF)) }

    /// Writes the payments queued since the last flush.
    package func flush() throws {
        var start = 0
        var arena = TextArena(capacity: Self.rowsPerInsert * 80)
        while start < pending.count {
            let rows = min(Self.rowsPerInsert, pending.count - start)
            let statement = RawStatement(try insertStatement(rows: rows), in: db)
            statement.reset()
            arena.removeAll()
            arena.add(createdAt, at: 1)
            statement.bind(fileId, at: 2)
            var index: Int32 = 3
            for position in start..<(start + rows) {
                arena.add(pending[position].documentId, at: index)
                statement.bind(pending[position].line.map(Int64.init), at: index + 1)
                arena.add(pending[position].amount.map(DecimalText.plain), at: index + 2)
                arena.add(pending[position].currency, at: index + 3)
                arena.add(pending[position].paidAt.description, at: index + 4)
                arena.add(pending[position].basis.rawValue, at: index + 5)
                index += 6
            }
            _ = try statement.run(binding: arena) { try statement.step() }
            start += rows
        }
        pending.removeAll(keepingCapacity: true)
    }

    private static let fullInsert = insert(rows: rowsPerInsert)

    private func insertStatement(rows: Int) throws -> Statement {
        guard rows == Self.rowsPerInsert else { return try db.cachedStatement(sql: Self.insert(rows: rows)) }
        if let statement = fullInsertStatement { return statement }
        let statement = try db.cachedStatement(sql: Self.fullInsert)
        fullInsertStatement = statement
        return statement
    }

    /// Rows of one INSERT: the time received (?1) and the file (?2) shared, six parameters a row.
    private static func insert(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let base = 3 + row * 6
            return "(?\(base), ?2, ?\(base + 1), ?\(base + 2), ?\(base + 3), ?\(base + 4), 'queued', 0, ?1, ?\(base + 5))"
        }
        return "INSERT INTO payment (document_id, inbox_file_id, line, amount, currency, paid_at, state, attempts, created_at, basis) VALUES "
            + values.joined(separator: ", ")
    }

    /// Adds an event to a document's timeline.
    package func add(_ event: EventRecord) throws {
        let statement = RawStatement(try db.cachedStatement(sql: "INSERT INTO event (document_id, at, kind, detail) VALUES (?, ?, ?, ?)"), in: db)
        statement.reset()
        statement.bind(event.documentId, at: 1)
        statement.bind(createdAt, at: 2)
        statement.bind(event.kind.rawValue, at: 3)
        statement.bind(event.detail, at: 4)
        _ = try statement.step()
    }

    /// Of these bank statements (their keys), those an earlier file brought; those not seen yet are
    /// recorded as this file's, in the file's transaction.
    package func statementsSeenBefore(_ keys: Set<String>) throws -> Set<String> {
        var seen = Set<String>()
        for key in keys {
            if let owner = try Int64.fetchOne(db, sql: "SELECT inbox_file_id FROM statement_seen WHERE key = ?", arguments: [key]) {
                if owner != fileId { seen.insert(key) }
            } else {
                try db.execute(
                    sql: "INSERT INTO statement_seen (key, inbox_file_id, first_seen_at) VALUES (?, ?, ?)", arguments: [key, fileId, createdAt])
            }
        }
        return seen
    }

    /// Records a line held for review.
    package func hold(_ item: ReviewItemRecord) throws {
        var item = item
        item.inboxFileId = fileId
        try item.insert(db)
    }

    /// Settles an open review item: resolved (with the payment it queued, if any) or dismissed.
    /// - Throws: `IndexError.conflict` when the item was settled already.
    package func settle(itemId: Int64, state: ReviewState, paymentId: Int64?, by fileName: String) throws {
        try db.execute(
            literal: """
                UPDATE review_item SET state = \(state), resolved_by = \(fileName), resolved_payment_id = \(paymentId), resolved_at = \(createdAt)
                WHERE id = \(itemId) AND state = \(ReviewState.open)
                """)
        guard db.changesCount == 1 else { throw IndexError.conflict(detail: "review item \(itemId) was already settled") }
    }

    /// Keys one lookup sends at most.
    static let keysPerQuery = 512

    static func chunks<T>(_ values: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: values.count, by: keysPerQuery).map { values[$0..<min($0 + keysPerQuery, values.count)] }
    }

    /// Parameters for an IN list of `count` keys, rounded up to a power of two (at least 8): the slots past
    /// the keys stay NULL, which matches nothing. A handful of cached statements then serve every batch;
    /// one per list length grew the statement cache by megabytes over a long file.
    static func placeholders(_ count: Int) -> String {
        let slots = max(8, 1 << (Int.bitWidth - (count - 1).leadingZeroBitCount))
        return String(repeating: "?,", count: slots - 1) + "?"
    }
}

extension DropIndex {
    /// Applies an inbox file in one transaction: its row first, then whatever `body` reads and writes
    /// through the application, then the report `body` returns saved on the row. Anything `body`
    /// throws rolls all of it back.
    ///
    /// Foreign keys are not checked in this transaction (a tenth of every payment's insert): each payment
    /// names a document just read under the same run lock, which nothing deletes meanwhile, and the
    /// file's own row inserted first.
    /// - Returns: the recorded file and what `body` returned besides the report.
    package func applyInboxFile<T: Sendable>(
        _ file: InboxFileRecord, _ body: @Sendable @escaping (InboxApplication) throws -> (T, report: String, format: String?)
    ) async throws -> (InboxFileRecord, T) {
        do {
            return try await pool.writeWithoutTransaction { db in
                // Each multi-row insert keeps a statement journal of the pages it changes; in memory
                // it costs a few hundred kilobytes, in a temporary file a write a page.
                try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY")
                var result: (InboxFileRecord, T)?
                let applied = Result {
                    try db.inTransaction(.immediate) {
                        var file = file
                        try file.insert(db)
                        let createdAt = String.fromDatabaseValue(file.receivedAt.databaseValue) ?? ""
                        let application = InboxApplication(db: db, fileId: try file.persistedID, createdAt: createdAt)
                        let (value, report, format) = try body(application)
                        try application.flush()
                        file.report = report
                        file.format = format
                        try db.execute(sql: "UPDATE inbox_file SET report = ?, format = ? WHERE id = ?", arguments: [report, format, file.id])
                        result = (file, value)
                        return .commit
                    }
                }
                try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA temp_store = DEFAULT")
                try applied.get()
                guard let result else { throw IndexError.conflict(detail: "the inbox file's transaction ended without a result") }
                return result
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
