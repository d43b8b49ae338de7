import Archives
import Foundation
import TeamleaderAPI

/// `tldrop.toml`, resolved: every key of DESIGN.md's contract, with defaults and environment overrides
/// applied.
public struct AgentConfiguration: Sendable {
    /// Documents dated before this are not sent (unless `sync --since` asks).
    public var startDate: CalendarDate
    public var formats: [DocumentFormat]
    public var creditNotes: Bool
    /// When `watch` mirrors, local time.
    public var schedule: ScheduleTime
    public var teamleader: TeamleaderSettings
    public var companies: [CompanyMapping]
    public var archive: ArchiveSettings
    public var inbox: InboxSettings
    public var sync: SyncSettings
    public var watch: WatchSettings = WatchSettings()
    /// A command run with the summary when a run ends in 75, 77 or worse.
    public var onFailure: String?
    /// The language of the folder files and the status page.
    public var language: Language = .en

    /// The words of `language`.
    public var wording: Wording { Wording(language) }

    public init(
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
public struct TeamleaderSettings: Sendable {
    public var apiURL = URL(string: "https://api.focus.teamleader.eu")!
    public var authURL = URL(string: "https://focus.teamleader.eu")!
    public var clientID: String?
    /// From `TLDROP_CLIENT_SECRET`, or the file `client_secret_file` names.
    public var clientSecret: String?
    /// Requests per minute the client allows itself before Teamleader's headers say otherwise.
    public var rateLimit = 200

    public init() {}
}

/// One `[[company]]`: an outbox folder and the Teamleader department it mirrors.
public struct CompanyMapping: Sendable, Equatable {
    /// The folder `Outbox/<name>/` and the portal's company.
    public var name: String
    /// A Teamleader department name or id.
    public var department: String

    public init(name: String, department: String) {
        self.name = name
        self.department = department
    }
}

public struct ArchiveSettings: Sendable {
    public var format: ArchiveFormat = .zip
    /// Months that stay loose: 2 keeps this month and last month.
    public var keepMonths = 2
    public init() {}
}

public struct InboxSettings: Sendable {
    /// A file is read once its size and time have not changed for this long.
    public var settleSeconds = 5
    /// `x.csv` is taken only once `x.csv.done` exists (the way file-transfer tools say a file is complete).
    public var doneFiles = false
    public init() {}
}

/// How `tldrop watch` keeps up between its nightly runs.
public struct WatchSettings: Sendable {
    /// Teamleader is asked for each department's changes this often (one call per department and kind).
    public var pollSeconds = 300
    public static let minimumPollSeconds = 30
    public init() {}
}

/// How listing works; not in DESIGN.md's table but settable.
public struct SyncSettings: Sendable {
    /// A full sweep (which also notices deletions) at least this often.
    public var fullSweepDays = 7
    /// Incremental listing starts this long before the last cursor, for clock skew and slow commits.
    public var overlapMinutes = 10
    /// Downloads in flight at once; the rate limiter decides the pace.
    public var concurrency = 8
    /// Each run also lists documents dated in this many recent days, whatever their `updated_at`.
    public var recentDays = 21
    /// Take the PDF from a downloaded UBL that embeds it, instead of downloading it again.
    public var pdfFromUBL = true
    public init() {}
}

/// `HH:MM`, local time.
public struct ScheduleTime: Sendable, Equatable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour),
            (0..<60).contains(minute), parts[1].count == 2
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String { String(format: "%02d:%02d", hour, minute) }
}
