package import Archives
package import DropValues
package import Foundation
import TeamleaderAPI
package import Wording

/// `tldrop.toml`, resolved: every key of DESIGN.md's contract, with defaults and environment overrides
/// applied.
package struct AgentConfiguration: Sendable {
    /// Documents dated before this are not sent (unless `sync --since` asks).
    package var startDate: CalendarDate
    package var formats: [DocumentFormat]
    package var creditNotes: Bool
    /// When `watch` mirrors, local time.
    package var schedule: ScheduleTime
    package var teamleader: TeamleaderSettings
    package var companies: [CompanyMapping]
    package var archive: ArchiveSettings
    package var inbox: InboxSettings
    package var sync: SyncSettings
    package var watch: WatchSettings = WatchSettings()
    package var metrics: MetricsSettings = MetricsSettings()
    /// A command run with the summary when a run ends in 75, 77 or worse.
    package var onFailure: String?
    /// The language of the folder files and the status page.
    package var language: Language = .en

    /// The zone moments are written in for people (`timezone = "Europe/Brussels"`); nil: the machine's.
    package var timeZone: TimeZone?
    /// The words of `language`, moments in `timeZone`.
    package var wording: Wording { Wording(language, timeZone: timeZone ?? .current) }

    package init(
        startDate: CalendarDate, formats: [DocumentFormat] = [.pdf, .ublEfff], creditNotes: Bool = true,
        schedule: ScheduleTime = ScheduleTime(hour: 2, minute: 0), teamleader: TeamleaderSettings = TeamleaderSettings(),
        companies: [CompanyMapping] = [], archive: ArchiveSettings = ArchiveSettings(),
        inbox: InboxSettings = InboxSettings(), sync: SyncSettings = SyncSettings(), onFailure: String? = nil
    ) {
        self.startDate = startDate
        self.formats = formats
        self.creditNotes = creditNotes
        self.schedule = schedule
        self.teamleader = teamleader
        self.companies = companies
        self.archive = archive
        self.inbox = inbox
        self.sync = sync
        self.onFailure = onFailure
    }
}

/// Where Teamleader is and who this integration is. The secret never lives in `tldrop.toml`.
package struct TeamleaderSettings: Sendable {
    package var apiURL = TeamleaderConfiguration.productionAPI
    package var authURL = TeamleaderConfiguration.productionAuth
    package var clientID: String?
    /// From `TLDROP_CLIENT_SECRET`, or the file `client_secret_file` names.
    package var clientSecret: String?
    /// Requests per minute the client allows itself before Teamleader's headers say otherwise.
    package var rateLimit = 200

    package init() {}
}

/// One `[[company]]`: an outbox folder and the Teamleader department it mirrors.
package struct CompanyMapping: Sendable, Equatable {
    /// The folder `Outbox/<name>/` and the portal's company.
    package var name: String
    /// A Teamleader department name or id.
    package var department: String

    package init(name: String, department: String) {
        self.name = name
        self.department = department
    }
}

package struct ArchiveSettings: Sendable {
    package var format: ArchiveFormat = .zip
    /// Months that stay loose: 2 keeps this month and last month.
    package var keepMonths = 2
    /// Days a document stays loose before a run packs it, whatever its month: the portal takes loose
    /// files, so a late or backfilled document is never packed before it could be taken. 0: at once.
    package var minLooseDays = 7
    package init() {}
}

package struct InboxSettings: Sendable {
    /// A file is read once its size and time have not changed for this long.
    package var settleSeconds = 5
    /// `x.csv` is taken only once `x.csv.done` exists (the way file-transfer tools say a file is complete).
    package var doneFiles = false
    package init() {}
}

/// How `tldrop watch` keeps up between its nightly runs.
package struct WatchSettings: Sendable {
    /// Teamleader is asked for each department's changes this often (one call per department and kind).
    package var pollSeconds = 300
    package static let minimumPollSeconds = 30
    package init() {}
}

/// Where the metrics go besides `status --metrics` and `serve`'s `/metrics` (`[metrics]`).
package struct MetricsSettings: Sendable {
    /// Rewritten after every run and `watch` cycle, for node_exporter's textfile collector (`*.prom`).
    package var textfile: URL?
    /// A Prometheus Pushgateway the metrics are pushed to after every run (the convention for batch jobs).
    package var pushgateway: URL?
    /// The `root` label on every series, which tells one root's from another's on a host or a gateway
    /// (default: the root folder's name).
    package var name: String?
    package init() {}
}

/// How listing works; not in DESIGN.md's table but settable.
package struct SyncSettings: Sendable {
    /// A full sweep (which also notices deletions) at least this often.
    package var fullSweepDays = 7
    /// Incremental listing starts this long before the last cursor, for clock skew and slow commits.
    package var overlapMinutes = 10
    /// Downloads in flight at once; the rate limiter decides the pace.
    package var concurrency = 8
    /// Each run also lists documents dated in this many recent days, whatever their `updated_at`.
    package var recentDays = 21
    /// Take the PDF from a downloaded UBL that embeds it, instead of downloading it again.
    package var pdfFromUBL = true
    package init() {}
}

/// `HH:MM`, local time.
package struct ScheduleTime: Sendable, Equatable, CustomStringConvertible {
    package var hour: Int
    package var minute: Int

    package init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    package init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour),
            (0..<60).contains(minute), parts[1].count == 2
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    package var description: String { String(format: "%02d:%02d", hour, minute) }
}
