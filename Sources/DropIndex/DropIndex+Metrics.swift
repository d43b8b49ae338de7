package import Foundation
import GRDB

/// What the metrics say beyond what `status` shows, read in one go from indexed columns.
package struct MetricFigures: Sendable, Equatable {
    /// Payments per company (the document's) and state.
    package struct Payments: Sendable, Equatable {
        package var company: String
        package var state: PaymentState
        package var count: Int
    }

    /// An archive, and its last read-back (nil: never checked since this index knew checks).
    package struct Archive: Sendable, Equatable {
        package var path: String
        package var checkedAt: Date?
        package var clean: Bool?
    }

    /// The last finished run of a command.
    package struct LastRun: Sendable, Equatable {
        package var command: String
        package var startedAt: Date
        package var finishedAt: Date
        package var exitCode: Int
    }

    package var payments: [Payments] = []
    /// Per company, when its payment waiting longest was queued (absent: none waits).
    package var oldestQueued: [String: Date] = [:]
    /// Per company (the folder the line was dropped in, "" for the inbox itself), when its line held
    /// longest for the accountant was held (absent: none is).
    package var oldestHeld: [String: Date] = [:]
    package var archives: [Archive] = []
    package var lastRuns: [LastRun] = []
    /// The end of the last run that ended with 0.
    package var lastSuccess: Date?
    /// Teamleader calls over every run, and the 429 answers among them.
    package var requests = 0
    package var rateLimited = 0

    package init() {}
}

extension DropIndex {
    /// The figures behind `tldrop_…` metrics that `status` does not already hold.
    package func metricFigures() async throws -> MetricFigures {
        try await read { db in
            var figures = MetricFigures()
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT d.company, p.state, COUNT(*) AS n FROM payment p JOIN document d ON d.id = p.document_id
                    GROUP BY d.company, p.state ORDER BY d.company, p.state
                    """)
            {
                guard let state = PaymentState(rawValue: row["state"]) else { continue }
                figures.payments.append(.init(company: row["company"], state: state, count: row["n"]))
            }
            for row in try Row.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT d.company, MIN(p.created_at) AS since FROM payment p JOIN document d ON d.id = p.document_id
                        WHERE p.state IN \([PaymentState.queued, .sending]) GROUP BY d.company
                        """))
            {
                figures.oldestQueued[row["company"]] = row["since"]
            }
            for row in try Row.fetchAll(
                db,
                SQLRequest(
                    literal:
                        "SELECT COALESCE(company, '') AS company, MIN(created_at) AS since FROM review_item WHERE state = \(ReviewState.open) GROUP BY 1"
                ))
            {
                figures.oldestHeld[row["company"]] = row["since"]
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT a.archive, c.checked_at, c.clean
                    FROM (SELECT DISTINCT archive FROM archive_member UNION SELECT archive FROM archive_check) a
                    LEFT JOIN archive_check c ON c.archive = a.archive ORDER BY a.archive
                    """)
            {
                figures.archives.append(.init(path: row["archive"], checkedAt: row["checked_at"], clean: row["clean"]))
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT command, started_at, finished_at, exit_code FROM run
                    WHERE id IN (SELECT MAX(id) FROM run WHERE finished_at IS NOT NULL GROUP BY command) ORDER BY command
                    """)
            {
                figures.lastRuns.append(
                    .init(command: row["command"], startedAt: row["started_at"], finishedAt: row["finished_at"], exitCode: row["exit_code"]))
            }
            figures.lastSuccess = try Date.fetchOne(db, sql: "SELECT MAX(finished_at) FROM run WHERE exit_code = 0")
            if let row = try Row.fetchOne(db, sql: "SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(rate_limited), 0) FROM run") {
                (figures.requests, figures.rateLimited) = (row[0], row[1])
            }
            return figures
        }
    }

    /// Records what reading an archive back found (at packing, or by `verify`).
    package func recordArchiveCheck(_ archive: String, clean: Bool, problem: String? = nil) async throws {
        try await write { db in try Self.saveArchiveCheck(db, archive: archive, clean: clean, problem: problem) }
    }

    static func saveArchiveCheck(_ db: Database, archive: String, clean: Bool, problem: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO archive_check (archive, checked_at, clean, problem) VALUES (?, ?, ?, ?)
                ON CONFLICT(archive) DO UPDATE SET checked_at = excluded.checked_at, clean = excluded.clean, problem = excluded.problem
                """,
            arguments: [archive, try db.transactionDate, clean, problem])
    }
}
