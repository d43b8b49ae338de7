import DropValues
package import Foundation
package import GRDB

/// One `run`, `sync` or other command that changed things, and how it ended.
package struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "run"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case command
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case exitCode = "exit_code"
        case summary
        case eventful
        case mirrored
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let command = Column(CodingKeys.command)
        static let startedAt = Column(CodingKeys.startedAt)
        static let finishedAt = Column(CodingKeys.finishedAt)
        static let exitCode = Column(CodingKeys.exitCode)
        static let summary = Column(CodingKeys.summary)
        static let eventful = Column(CodingKeys.eventful)
        static let mirrored = Column(CodingKeys.mirrored)
    }

    package var id: Int64?
    package var command: String
    package var startedAt: Date
    package var finishedAt: Date?
    package var exitCode: Int?
    /// One line a human reads (kept as words: `Words.stored`).
    package var summary: String?
    /// Whether it did something (an empty poll did not).
    package var eventful = true
    /// Documents it mirrored.
    package var mirrored = 0

    package init(command: String, startedAt: Date = SystemClock.now()) {
        self.command = command
        self.startedAt = startedAt
    }

    /// The id of a row read from the index (never nil there).
    package var persistedID: Int64 {
        get throws {
            guard let id else { throw IndexError.conflict(detail: "a run of '\(command)' has no id yet") }
            return id
        }
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
