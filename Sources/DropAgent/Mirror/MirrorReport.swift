import Foundation
import TeamleaderAPI

/// What mirroring one company did, for the run summary, `status` and STATUS.md.
public struct CompanyMirrorReport: Codable, Sendable, Equatable {
    public var company: String
    public var department: String
    /// Booked documents the listings returned.
    public var listed = 0
    /// Documents written to the outbox now.
    public var mirrored = 0
    /// Documents whose identical files were already in place.
    public var adopted = 0
    public var conflicts: [String] = []
    /// Documents that changed in Teamleader after they were sent (reported, not rewritten).
    public var changed: [String] = []
    public var deletedInTeamleader: [String] = []
    /// Documents that could not be mirrored now, with why; retried next run.
    public var failed: [String] = []
    /// Records Teamleader listed that could not be read (id and why); asked for again next run.
    public var unreadable: [String] = []
    /// Formats Teamleader refused for a document (the others went out), with its words.
    public var refused: [String] = []
    /// Formats that came after an earlier refusal.
    public var formatsReceived: [String] = []
    /// With `--dry-run`: the files a real run would write.
    public var wouldWrite: [String] = []
    /// The new document whose `updated_at` is latest, with when its files were in place.
    public var lastArrival: CompanyFreshness.Arrival?
    public var filesWritten = 0
    public var bytesWritten: Int64 = 0
    /// The company could not be mirrored at all (its folder, say); the others went on.
    public var error: String?
    /// The exit code that error asks for (74 for a full disk or a read-only folder).
    public var errorExitCode: Int32?

    public init(company: String, department: String) {
        self.company = company
        self.department = department
    }
}

/// Mirroring of every company in one run.
public struct MirrorReport: Codable, Sendable, Equatable {
    public var companies: [CompanyMirrorReport] = []
    public var fullSweep = false

    public init() {}

    public var mirrored: Int { companies.reduce(0) { $0 + $1.mirrored } }
    public var adopted: Int { companies.reduce(0) { $0 + $1.adopted } }
    public var conflicts: Int { companies.reduce(0) { $0 + $1.conflicts.count } }
    public var changed: Int { companies.reduce(0) { $0 + $1.changed.count } }
    public var failed: Int { companies.reduce(0) { $0 + $1.failed.count + ($1.error == nil ? 0 : 1) } }
    public var unreadable: Int { companies.reduce(0) { $0 + $1.unreadable.count } }
    public var refused: Int { companies.reduce(0) { $0 + $1.refused.count } }
}

/// How far a long mirror has come, for a progress bar.
public struct MirrorProgress: Sendable {
    public var company: String
    public var listed: Int
    public var done: Int
}

/// What `sync` is asked to do.
public struct MirrorOptions: Sendable {
    /// List everything since the start date (also notices deletions in Teamleader).
    public var full = false
    /// Backfill from this date instead of `start_date`.
    public var since: CalendarDate? = nil
    /// Show what would be written; write nothing.
    public var dryRun = false
    /// Also list the recent weeks by document date (a daily run does; a poll under `watch` does not).
    public var recent = true
    /// A poll under `watch`: what changed since the cursor, and nothing more (never a sweep: the
    /// nightly run does those).
    public var poll = false

    public init(full: Bool = false, since: CalendarDate? = nil, dryRun: Bool = false, recent: Bool = true) {
        self.full = full
        self.since = since
        self.dryRun = dryRun
        self.recent = recent
    }
}
