import DropIndex
import Foundation
import TeamleaderAPI

/// A company's month as Teamleader has it now, beside what tldrop did with each document: the answer
/// to the accountant's month-end question. Amounts are signed: a credit note counts against the
/// invoices, as Teamleader shows it. Every line's `total` is its `paid` plus its `open`, and the totals
/// are the sums of the lines they count.
public struct MonthReport: Codable, Sendable, Equatable {
    public var month: Month
    public var generatedAt: Date
    public var companies: [Company]

    public struct Company: Codable, Sendable, Equatable {
        public var name: String
        public var department: String
        public var lines: [Line]
        /// One per currency.
        public var totals: [Totals]
        /// Drafts dated in the month: not booked, so they never travel and are not counted.
        public var drafts: Int
        /// Documents booked before `start_date`: not sent by the link.
        public var startDate: CalendarDate
        /// What needs a person, with what to do.
        public var attention: [Attention]
        /// Ids of records Teamleader listed that tldrop could not read: the month is incomplete without them.
        public var unreadable: [String]
    }

    /// Where a document stands in Teamleader now.
    public enum TeamleaderState: String, Codable, Sendable {
        case outstanding, matched
        /// A credit note (Teamleader books them at once).
        case booked
        /// Gone from Teamleader's listing; what the index knew is shown.
        case deleted
    }

    /// What the link did with it.
    public enum OutboxState: String, Codable, Sendable, CaseIterable {
        /// In `Outbox/<Company>/`.
        case loose
        /// In the month's archive.
        case archived
        /// Booked before `start_date`: the link does not send it.
        case beforeStart
        /// Booked, not in the outbox yet: the next run sends it.
        case notYetSent
        /// Could not be written (another file has its name, or a run stopped while writing it).
        case failed
        /// Sent, then deleted from the outbox by the admin.
        case deletedHere

        /// It reached the sales mailbox.
        public var isSent: Bool { self == .loose || self == .archived }
    }

    /// Where its payment stands.
    public enum PaymentStanding: String, Codable, Sendable, CaseIterable {
        /// Fully paid, the last payment registered by tldrop.
        case paidByTldrop
        /// Fully paid in Teamleader, not through tldrop.
        case paidInTeamleader
        /// Part of it paid.
        case partlyPaid
        /// Nothing paid yet.
        case open
    }

    public struct Line: Codable, Sendable, Equatable {
        public var id: String
        public var kind: DocumentKind
        public var number: String
        public var date: CalendarDate
        public var customer: String
        public var currency: String
        public var total: Decimal
        public var paid: Decimal
        public var open: Decimal
        /// For a credit note: the number of the invoice it credits, when known.
        public var credits: String?
        public var teamleader: TeamleaderState
        public var outbox: OutboxState
        /// The loose files, or the archive that holds it (relative to the root).
        public var files: [String]
        public var archive: String?
        /// Its revision in the outbox (2 and up after a re-import).
        public var revision: Int?
        /// Teamleader's copy differs from what was sent.
        public var changedAfterSending: Bool
        public var payment: PaymentStanding
        public var payments: [Payment]
    }

    /// A payment tldrop read for a document.
    public struct Payment: Codable, Sendable, Equatable {
        /// Nil: the open amount when it was sent.
        public var amount: Decimal?
        public var paidOn: CalendarDate?
        public var state: PaymentState
        public var file: String?
        public var line: Int?
        public var readAt: Date
        public var doneAt: Date?
        /// Teamleader's reason, for a refused payment.
        public var error: String?
    }

    /// A count and an amount.
    public struct Tally: Codable, Sendable, Equatable {
        public var count = 0
        public var amount = Decimal(0)

        public init(count: Int = 0, amount: Decimal = 0) {
            self.count = count
            self.amount = amount
        }

        mutating func add(_ value: Decimal) {
            count += 1
            amount += value
        }
    }

    /// Booked = sent + not sent; booked = paid + open (amounts). Deleted documents count in none.
    public struct Totals: Codable, Sendable, Equatable {
        public var currency: String
        public var booked = Tally()
        public var sent = Tally()
        public var notSent = Tally()
        /// Lines paid in full; the amount is every paid part, partial payments included.
        public var paid = Tally()
        /// Lines with something open; the amount is what is open.
        public var open = Tally()
    }

    public enum AttentionKind: String, Codable, Sendable {
        case changedAfterSending, deletedInTeamleader, failed, heldForReview, refused
    }

    public struct Attention: Codable, Sendable, Equatable {
        public var number: String
        public var kind: AttentionKind
        /// Teamleader's words for a refusal.
        public var detail: String?
    }
}
