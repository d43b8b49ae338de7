/// A reference a bank line carries that is not one tldrop matches on: another country's scheme, a
/// bank's own identifiers, or a structured communication that fails its check. Reported so the
/// accountant sees what the line said, never matched to a document.
package struct ForeignReference: Sendable, Equatable, CustomStringConvertible {
    package enum Scheme: String, Sendable {
        case swissQR = "Swiss QR reference"
        case swissISR = "Swiss ISR reference"
        case dutchPaymentReference = "Dutch payment reference"
        case creditorReference = "creditor reference"
        case endToEnd = "end-to-end id"
        case mandate = "direct-debit mandate"
        case creditorID = "direct-debit creditor id"
        case failedCheck = "structured communication that fails its check"
        case card = "card payment"
        case bankReference = "bank reference"
        case other = "reference"
    }

    package var scheme: Scheme
    package var value: String

    package init(_ scheme: Scheme, _ value: String) {
        self.scheme = scheme
        self.value = value
    }

    package var description: String { "\(scheme.rawValue) \(value)" }
}
