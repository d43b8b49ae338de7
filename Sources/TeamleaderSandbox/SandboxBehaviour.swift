import Foundation

/// Where Teamleader's documentation promises nothing, the sandbox promises nothing either: by default it
/// does the least convenient thing the documentation allows, so that a client that works against it
/// does not depend on luck. `.kind` restores the old, convenient behaviour, for a test that needs it by
/// name.
package struct SandboxBehaviour: Sendable, Equatable {
    /// How `payments[].paid_at` (and an invoice's `paid_at`) come back: undocumented; Teamleader's UI
    /// keeps a date.
    package enum PaidAtStyle: Sendable, Equatable {
        /// The moment as it was sent, in UTC.
        case asSent
        /// Midnight of the day, in Brussels time: `2026-11-20T00:00:00+01:00` (the 19th in UTC).
        case localMidnight
        /// The day alone: `2026-11-20`.
        case date
        /// One or the other, per payment.
        case varied
    }

    /// Rows that tie on the sort key (many invoices share an `invoice_date`) come in a fresh order on
    /// every request: Teamleader documents no tie-breaker.
    package var shuffledTies = true
    /// `creditNotes.list` takes no `sort`: its rows come in a fresh order on every request.
    package var unorderedCreditNotes = true
    package var paidAt: PaidAtStyle = .varied
    /// List items leave out optional fields that have no value, carry fields tldrop does not know, and
    /// give fields tldrop does not use a shape of their own.
    package var sparseRecords = true
    /// Peppol BIS 3 documents embed their PDF for some documents and not for others (e-fff always does).
    package var peppolEmbedsPDF: Bool? = nil

    /// The shape of the token endpoint's error bodies. Teamleader documents none; SDKs tested against the
    /// live service read its `errors[]` envelope, and the OAuth server it runs (league/oauth2-server)
    /// writes a top-level `error`.
    package enum OAuthErrorShape: Sendable, Equatable {
        /// `{"errors":[{"status":401,"title":"invalid_client","meta":{"hint":"…"}}]}`
        case envelope
        /// `{"error":"invalid_client","error_description":"…","hint":"…","message":"…"}`
        case league
    }

    package var oauthErrors: OAuthErrorShape = .envelope

    package init() {}

    /// The sandbox as it was: ties by id, credit notes by date, `paid_at` as sent, every field present,
    /// Peppol without a PDF.
    package static let kind: SandboxBehaviour = {
        var behaviour = SandboxBehaviour()
        behaviour.shuffledTies = false
        behaviour.unorderedCreditNotes = false
        behaviour.paidAt = .asSent
        behaviour.sparseRecords = false
        behaviour.peppolEmbedsPDF = false
        return behaviour
    }()
}
