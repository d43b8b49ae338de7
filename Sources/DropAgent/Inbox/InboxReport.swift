import Foundation
import PaymentFiles
package import Wording

/// What became of one payment line.
package struct LineOutcome: Codable, Sendable, Equatable {
    package enum Kind: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
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
        package var summary: String { summary(.english) }

        package func summary(_ w: Wording) -> String {
            switch self {
            case .queued: return w(.summaryQueued)
            case .alreadyPaid: return w(.summaryAlreadyPaid)
            case .review: return w(.summaryReview)
            case .notOurs: return w(.summaryNotOurs)
            case .notPaid: return w(.summaryNotPaid)
            case .notSupported: return w(.summaryNotSupported)
            case .duplicate: return w(.summaryDuplicate)
            case .dismissed: return w(.summaryDismissed)
            case .problem: return w(.summaryProblem)
            }
        }

        /// The report's heading for this kind.
        package func heading(_ w: Wording) -> String {
            switch self {
            case .queued: return w(.headingQueued)
            case .alreadyPaid: return w(.headingAlreadyPaid)
            case .review: return w(.headingReview)
            case .notOurs: return w(.headingNotOurs)
            case .notPaid: return w(.headingNotPaid)
            case .notSupported: return w(.headingNotSupported)
            case .duplicate: return w(.headingDuplicate)
            case .dismissed: return w(.headingDismissed)
            case .problem: return w(.headingProblem)
            }
        }
    }

    package var location: String
    package var kind: Kind
    package var text: String

    /// A routine line past what the report lists: counted, not written.
    static func unlisted(_ kind: Kind) -> LineOutcome { LineOutcome(location: "", kind: kind, text: "") }

    var isListed: Bool { !location.isEmpty }
}

/// What reading one inbox file did.
package struct InboxFileReport: Codable, Sendable, Equatable {
    package enum Result: String, Codable, Sendable {
        case processed, duplicate, rejected
    }

    package var name: String
    package var company: String?
    package var result: Result
    package var format: String?
    /// Where the file went, relative to the root.
    package var finalPath: String?
    /// The first `sampleSize` lines' outcomes, in the file's order (all of them are in the report file).
    package var lines: [LineOutcome] = []
    /// Lines per outcome, all of them.
    package var counts: [LineOutcome.Kind: Int] = [:]
    package var ignored = 0
    /// Why it was rejected, or what it duplicates.
    package var reason: String?

    /// How many line outcomes a report keeps in memory.
    package static let sampleSize = 1_000

    package func count(_ kind: LineOutcome.Kind) -> Int { counts[kind] ?? 0 }

    /// Whether anything in it was refused: the whole file, or some of its lines (exit 65).
    package var hasRejections: Bool { result == .rejected || count(.problem) > 0 }
}

/// The inbox stage of a run.
package struct InboxReport: Codable, Sendable, Equatable {
    package var files: [InboxFileReport] = []
    package var waiting: [String] = []
    package var skipped: [String] = []

    package init() {}

    package var queued: Int { files.reduce(0) { $0 + $1.count(.queued) } }
    package var rejectedFiles: Int { files.filter { $0.result == .rejected }.count }
    package var badLines: Int { files.reduce(0) { $0 + $1.count(.problem) } }
    package var heldForReview: Int { files.reduce(0) { $0 + $1.count(.review) } }
    /// Payment lines naming nothing this link delivered: counted, left alone (rule 4).
    package var notOurs: Int { files.reduce(0) { $0 + $1.count(.notOurs) } }
}

/// The text of `<file>.report.txt`: a summary an accountant reads, then every line by outcome (those
/// come from `ReportSpool`, which writes them as they are classified).
enum InboxReportText {
    /// The head: what was read, when, its format, size and hash, the reason (for a duplicate), and the
    /// summary of outcomes.
    static func head(
        _ report: InboxFileReport, displayPath: String, size: Int64, sha256: String, notes: [String], at date: Date, wording w: Wording
    ) -> String {
        var text = w(.inboxRead, report.name, displayPath, w.stamp(date)) + "\n"
        // The format's name in this language (a duplicate knows only the English one it was recorded under).
        let name = report.format.map { PaymentFileFormat(rawValue: $0)?.name.text(w) ?? $0 }
        if let name { text += w(.inboxFormat, name + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))) + ".\n" }
        text += w(.inboxSize, size, sha256) + "\n"
        if let reason = report.reason { text += "\n\(reason)\n" }
        let summary = LineOutcome.Kind.allCases.compactMap { kind -> String? in
            let n = report.count(kind)
            return n == 0 ? nil : "\(n) \(kind.summary(w))"
        }
        if !summary.isEmpty { text += "\n" + w(.inboxSummary, summary.joined(separator: "; ")) + "\n" }
        return text
    }

    /// A section's heading line.
    static func heading(_ kind: LineOutcome.Kind, count: Int, wording w: Wording) -> String { "\n\(kind.heading(w)): \(count)\n" }

    /// One line of a section.
    static func line(_ outcome: LineOutcome) -> String { "  \(outcome.location): \(outcome.text)\n" }

    /// After the listed lines of a routine section, the ones only counted.
    static func more(_ count: Int, wording w: Wording) -> String { w(.inboxMore, count) + "\n" }

    /// The closing count of lines that are not payments.
    static func footer(ignored: Int, wording w: Wording) -> String {
        guard ignored > 0 else { return "" }
        return "\n" + w(.inboxIgnored, ignored) + "\n"
    }
}
