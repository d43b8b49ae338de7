package import Foundation
import GRDB

extension DropIndex {
    /// Records that a command started; returns its id.
    package func startRun(command: String) async throws -> Int64 {
        try await write { db in
            // The index's clock (tests move it), as every moment it records.
            var run = RunRecord(command: command, startedAt: try db.transactionDate)
            try run.insert(db)
            return try run.persistedID
        }
    }

    /// Records how a run ended.
    /// - Parameters:
    ///   - requests: the Teamleader calls it made; `rateLimited`: the 429 answers among them.
    package func finishRun(
        id: Int64, exitCode: Int, summary: String, eventful: Bool = true, mirrored: Int = 0, requests: Int = 0, rateLimited: Int = 0
    ) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE run SET finished_at = ?, exit_code = ?, summary = ?, eventful = ?, mirrored = ?, requests = ?, rate_limited = ?
                    WHERE id = ?
                    """,
                arguments: [try db.transactionDate, exitCode, summary, eventful, mirrored, requests, rateLimited, id])
        }
    }

    /// The latest runs, newest first, but for those of a command left out (`watch`'s polls).
    package func recentRuns(limit: Int = 10, excluding command: String? = nil) async throws -> [RunRecord] {
        try await read { db in
            var request = RunRecord.order { $0.id.desc }
            if let command { request = request.filter { $0.command != command } }
            return try request.limit(limit).fetchAll(db)
        }
    }

    /// The latest run that did something, whatever its command.
    package func lastEventfulRun() async throws -> RunRecord? {
        try await read { db in try RunRecord.filter { $0.eventful == true && $0.finishedAt != nil }.order { $0.id.desc }.fetchOne(db) }
    }

    /// Runs of a command since a moment: how many, the last one's start, and the documents they mirrored.
    package func runTally(command: String, since: Date) async throws -> (count: Int, last: Date?, mirrored: Int) {
        try await read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), MAX(started_at), COALESCE(SUM(mirrored), 0) FROM run WHERE command = ? AND started_at >= ?",
                arguments: [command, since])
            return (row?[0] ?? 0, row?[1], row?[2] ?? 0)
        }
    }
}

extension DropIndex {
    /// A small key-value store for the agent's own state (the link's health, for one).
    package func state(_ key: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM agent_state WHERE key = ?", arguments: [key]) }
    }

    /// Every key starting with `prefix`, with its value, in key order.
    package func states(prefix: String) async throws -> [(key: String, value: String)] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, value FROM agent_state WHERE key LIKE ? ESCAPE '\\' ORDER BY key",
                arguments: [Self.likePrefix(prefix)]
            ).map { ($0[0], $0[1]) }
        }
    }

    package func removeState(_ keys: [String]) async throws {
        try await write { db in
            for key in keys { try db.execute(sql: "DELETE FROM agent_state WHERE key = ?", arguments: [key]) }
        }
    }

    package func setState(_ values: [String: String]) async throws {
        try await write { db in
            for (key, value) in values {
                try db.execute(
                    sql: "INSERT INTO agent_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            }
        }
    }
}
