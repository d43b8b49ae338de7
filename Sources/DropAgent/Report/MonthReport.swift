package import DropIndex
package import DropValues
package import Foundation
import TeamleaderAPI

/// A company's month as Teamleader has it now, beside what tldrop did with each document: the answer
/// to the accountant's month-end question. Amounts are signed: a credit note counts against the
/// invoices, as Teamleader shows it. Every line's `total` is its `paid` plus its `open`, and the totals
/// are the sums of the lines they count.
package struct MonthReport: Codable, Sendable, Equatable {
    package var month: Month
    package var generatedAt: Date
    package var companies: [Company]

    package struct Company: Codable, Sendable, Equatable {
        package var name: String
        package var department: String
        package var lines: [Line]
        /// One per currency.
        package var totals: [Totals]
        /// Drafts dated in the month: not booked, so they never travel and are not counted.
        package var drafts: Int
        /// Documents booked before `start_date`: not sent by the link.
        package var startDate: CalendarDate
        /// What needs a person, with what to do.
        package var attention: [Attention]
        /// Ids of records Teamleader listed that tldrop could not read: the month is incomplete without them.
        package var unreadable: [String]
    }

    /// Where a document stands in Teamleader now.
    package enum TeamleaderState: String, Codable, Sendable {
        case outstanding, matched
        /// A credit note (Teamleader books them at once).
        case booked
        /// Gone from Teamleader's listing; what the index knew is shown.
        case deleted
    }

    /// What the link did with it.
    package enum OutboxState: String, Codable, Sendable, CaseIterable {
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
        package var isSent: Bool { self == .loose || self == .archived }
    }

    /// Where its payment stands.
    package enum PaymentStanding: String, Codable, Sendable, CaseIterable {
        /// Fully paid, the last payment registered by tldrop.
        case paidByTldrop
        /// Fully paid in Teamleader, not through tldrop.
        case paidInTeamleader
        /// Part of it paid.
        case partlyPaid
        /// Nothing paid yet.
        case open
    }

    package struct Line: Codable, Sendable, Equatable {
        package var id: String
        package var kind: DocumentKind
        package var number: String
        package var date: CalendarDate
        package var customer: String
        package var currency: String
        package var total: Decimal
        package var paid: Decimal
        package var open: Decimal
        /// For a credit note: the number of the invoice it credits, when known.
        package var credits: String?
        package var teamleader: TeamleaderState
        package var outbox: OutboxState
        /// The loose files, or the archive that holds it (relative to the root).
        package var files: [String]
        package var archive: String?
        /// Its revision in the outbox (2 and up after a re-import).
        package var revision: Int?
        /// Teamleader's copy differs from what was sent.
        package var changedAfterSending: Bool
        package var payment: PaymentStanding
        package var payments: [Payment]
    }

    /// A payment tldrop read for a document.
    package struct Payment: Codable, Sendable, Equatable {
        /// Nil: the open amount when it was sent.
        package var amount: Decimal?
        package var paidOn: CalendarDate?
        package var state: PaymentState
        package var file: String?
        package var line: Int?
        package var readAt: Date
        package var doneAt: Date?
        /// Teamleader's reason, for a refused payment.
        package var error: String?
    }

    /// A count and an amount.
    package struct Tally: Codable, Sendable, Equatable {
        package var count = 0
        package var amount = Decimal(0)

        package init(count: Int = 0, amount: Decimal = 0) {
            self.count = count
            self.amount = amount
        }

        mutating func add(_ value: Decimal) {
            count += 1
            amount += value
        }
    }

    /// Booked = sent + not sent; booked = paid + open (amounts). Deleted documents count in none.
    package struct Totals: Codable, Sendable, Equatable {
        package var currency: String
        package var booked = Tally()
        package var sent = Tally()
        package var notSent = Tally()
        /// Lines paid in full; the amount is every paid part, partial payments included.
        package var paid = Tally()
        /// Lines with something open; the amount is what is open.
        package var open = Tally()
    }

    package enum AttentionKind: String, Codable, Sendable {
        case changedAfterSending, deletedInTeamleader, failed, heldForReview, refused
    }

    package struct Attention: Codable, Sendable, Equatable {
        package var number: String
        package var kind: AttentionKind
        /// Teamleader's words for a refusal.
        package var detail: String?
    }
}
