import Foundation

/// What became of one payment line.
public struct LineOutcome: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
        case queued, alreadyPaid, review, notOurs, notPaid, notSupported, duplicate, dismissed, problem

        /// Outcomes that need nobody: a report lists the first `ReportSpool.routineLimit` of them and
        /// counts the rest (a million-line file's report stays readable; the index holds every payment).
        var isRoutine: Bool { self == .queued || self == .alreadyPaid || self == .duplicate }

        /// Its place in `allCases`.
        var ordinal: Int {
            switch self {
            case .queued: return 0
            case .alreadyPaid: return 1
            case .review: return 2
            case .notOurs: return 3
            case .notPaid: return 4
            case .notSupported: return 5
            case .duplicate: return 6
            case .dismissed: return 7
            case .problem: return 8
            }
        }

        /// The words the one-line summary uses.
        public var summary: String {
            switch self {
            case .queued: return "to register in Teamleader"
            case .alreadyPaid: return "already paid"
            case .review: return "held for review"
            case .notOurs: return "not for this link"
            case .notPaid: return "not paid"
            case .notSupported: return "not supported"
            case .duplicate: return "already queued or registered"
            case .dismissed: return "dismissed in review"
            case .problem: return "not understood"
            }
        }

        /// The report's heading for this kind.
        public var heading: String {
            switch self {
            case .queued: return "To register in Teamleader"
            case .alreadyPaid: return "Already paid in Teamleader (nothing sent)"
            case .review: return "Held for review (nothing registered; see Inbox/Review/)"
            case .notOurs: return "Not for this link (no document it delivered is named; left alone)"
            case .notPaid: return "Not paid (nothing is ever un-paid in Teamleader)"
            case .notSupported: return "Not supported"
            case .duplicate: return "Already queued or registered (applied zero times)"
            case .dismissed: return "Dismissed in review (nothing registered)"
            case .problem: return "Lines not understood"
            }
        }
    }

    public var location: String
    public var kind: Kind
    public var text: String

    /// A routine line past what the report lists: counted, not written.
    static func unlisted(_ kind: Kind) -> LineOutcome { LineOutcome(location: "", kind: kind, text: "") }

    var isListed: Bool { !location.isEmpty }
}

/// What reading one inbox file did.
public struct InboxFileReport: Codable, Sendable, Equatable {
    public enum Result: String, Codable, Sendable {
        case processed, duplicate, rejected
    }

    public var name: String
    public var company: String?
    public var result: Result
    public var format: String?
    /// Where the file went, relative to the root.
    public var finalPath: String?
    /// The first `sampleSize` lines' outcomes, in the file's order (all of them are in the report file).
    public var lines: [LineOutcome] = []
    /// Lines per outcome, all of them.
    public var counts: [LineOutcome.Kind: Int] = [:]
    public var ignored = 0
    /// Why it was rejected, or what it duplicates.
    public var reason: String?

    /// How many line outcomes a report keeps in memory.
    public static let sampleSize = 1_000

    public func count(_ kind: LineOutcome.Kind) -> Int { counts[kind] ?? 0 }

    /// Whether anything in it was refused: the whole file, or some of its lines (exit 65).
    public var hasRejections: Bool { result == .rejected || count(.problem) > 0 }
}

/// The inbox stage of a run.
public struct InboxReport: Codable, Sendable, Equatable {
    public var files: [InboxFileReport] = []
    public var waiting: [String] = []
    public var skipped: [String] = []

    public init() {}

    public var queued: Int { files.reduce(0) { $0 + $1.count(.queued) } }
    public var rejectedFiles: Int { files.filter { $0.result == .rejected }.count }
    public var badLines: Int { files.reduce(0) { $0 + $1.count(.problem) } }
    public var heldForReview: Int { files.reduce(0) { $0 + $1.count(.review) } }
}

/// The text of `<file>.report.txt`: a summary an accountant reads, then every line by outcome (those
/// come from `ReportSpool`, which writes them as they are classified).
enum InboxReportText {
    /// The head: what was read, when, its format, size and hash, the reason (for a duplicate), and the
    /// summary of outcomes.
    static func head(
        _ report: InboxFileReport, displayPath: String, size: Int64, sha256: String, notes: [String], at date: Date
    ) -> String {
        var text = "tldrop read '\(report.name)' (\(displayPath)) on \(StatusFile.stamp(date)).\n"
        if let format = report.format { text += "Format: \(format)" + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")) + ".\n" }
        text += "Size: \(size) bytes; SHA-256 \(sha256).\n"
        if let reason = report.reason { text += "\n\(reason)\n" }
        let summary = LineOutcome.Kind.allCases.compactMap { kind -> String? in
            let n = report.count(kind)
            return n == 0 ? nil : "\(n) \(kind.summary)"
        }
        if !summary.isEmpty { text += "\nSummary: " + summary.joined(separator: "; ") + ".\n" }
        return text
    }

    /// A section's heading line.
    static func heading(_ kind: LineOutcome.Kind, count: Int) -> String { "\n\(kind.heading): \(count)\n" }

    /// One line of a section.
    static func line(_ outcome: LineOutcome) -> String { "  \(outcome.location): \(outcome.text)\n" }

    /// After the listed lines of a routine section, the ones only counted.
    static func more(_ count: Int) -> String {
        "  … and \(count) more like these (every payment is in the index: `tldrop log <number>` shows a document's)\n"
    }

    /// The closing count of lines that are not payments.
    static func footer(ignored: Int) -> String {
        guard ignored > 0 else { return "" }
        return "\nNot payments (money going out, entries not booked, reversals, returns, batch totals counted "
            + "through their details, balance rows): \(ignored)\n"
    }
}
