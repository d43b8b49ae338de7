package import DropValues
import Foundation
import TeamleaderAPI

/// What mirroring one company did, for the run summary, `status` and STATUS.md.
package struct CompanyMirrorReport: Codable, Sendable, Equatable {
    package var company: String
    package var department: String
    /// Booked documents the listings returned.
    package var listed = 0
    /// Documents written to the outbox now.
    package var mirrored = 0
    /// Their numbers (the first hundred), for what `watch` says.
    package var mirroredNumbers: [String] = []
    /// Documents whose identical files were already in place.
    package var adopted = 0
    package var conflicts: [String] = []
    /// Documents that changed in Teamleader after they were sent (reported, not rewritten).
    package var changed: [String] = []
    package var deletedInTeamleader: [String] = []
    /// Documents that could not be mirrored now, with why; retried next run.
    package var failed: [String] = []
    /// Records Teamleader listed that could not be read (id and why); asked for again next run.
    package var unreadable: [String] = []
    /// Formats Teamleader refused for a document (the others went out), with its words.
    package var refused: [String] = []
    /// Formats that came after an earlier refusal.
    package var formatsReceived: [String] = []
    /// With `--dry-run`: the files a real run would write.
    package var wouldWrite: [String] = []
    /// The new document whose `updated_at` is latest, with when its files were in place.
    package var lastArrival: CompanyFreshness.Arrival?
    package var filesWritten = 0
    package var bytesWritten: Int64 = 0
    /// The company could not be mirrored at all (its folder, say); the others went on.
    package var error: String?
    /// The exit code that error asks for (74 for a full disk or a read-only folder).
    package var errorExitCode: Int32?

    package init(company: String, department: String) {
        self.company = company
        self.department = department
    }
}

/// Mirroring of every company in one run.
package struct MirrorReport: Codable, Sendable, Equatable {
    package var companies: [CompanyMirrorReport] = []
    package var fullSweep = false

    package init() {}

    package var mirrored: Int { companies.reduce(0) { $0 + $1.mirrored } }
    package var adopted: Int { companies.reduce(0) { $0 + $1.adopted } }
    package var conflicts: Int { companies.reduce(0) { $0 + $1.conflicts.count } }
    package var changed: Int { companies.reduce(0) { $0 + $1.changed.count } }
    package var failed: Int { companies.reduce(0) { $0 + $1.failed.count + ($1.error == nil ? 0 : 1) } }
    package var unreadable: Int { companies.reduce(0) { $0 + $1.unreadable.count } }
    package var refused: Int { companies.reduce(0) { $0 + $1.refused.count } }
}

/// How far a long mirror has come, for a progress bar.
package struct MirrorProgress: Sendable {
    package var company: String
    package var listed: Int
    package var done: Int
}

/// What `sync` is asked to do.
package struct MirrorOptions: Sendable {
    /// The first day a document not yet delivered may be dated to travel: `start_date`, or a backfill's
    /// `--since`. Documents the index holds are watched whatever their date.
    func travelsFrom(_ configuration: AgentConfiguration) -> CalendarDate { since ?? configuration.startDate }

    /// List everything since the start date (also notices deletions in Teamleader).
    package var full = false
    /// Backfill from this date instead of `start_date`.
    package var since: CalendarDate? = nil
    /// Show what would be written; write nothing.
    package var dryRun = false
    /// Also list the recent weeks by document date (a daily run does; a poll under `watch` does not).
    package var recent = true
    /// A poll under `watch`: what changed since the cursor, and nothing more (never a sweep: the
    /// nightly run does those).
    package var poll = false

    package init(full: Bool = false, since: CalendarDate? = nil, dryRun: Bool = false, recent: Bool = true) {
        self.full = full
        self.since = since
        self.dryRun = dryRun
        self.recent = recent
    }
}
