package import Foundation
import GRDB

/// Where incremental listing of a department resumes.
package struct SyncCursor: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "sync_cursor"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case departmentId = "department_id"
        case kind
        case updatedSince = "updated_since"
        case lastFullSweepAt = "last_full_sweep_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let departmentId = Column(CodingKeys.departmentId)
        static let kind = Column(CodingKeys.kind)
        static let updatedSince = Column(CodingKeys.updatedSince)
        static let lastFullSweepAt = Column(CodingKeys.lastFullSweepAt)
    }

    package var departmentId: String
    package var kind: DocumentKind
    package var updatedSince: Date?
    package var lastFullSweepAt: Date?

    package init(departmentId: String, kind: DocumentKind, updatedSince: Date? = nil, lastFullSweepAt: Date? = nil) {
        self.departmentId = departmentId
        self.kind = kind
        self.updatedSince = updatedSince
        self.lastFullSweepAt = lastFullSweepAt
    }
}
