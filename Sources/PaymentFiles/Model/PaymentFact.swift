package import DropValues
package import Foundation
package import Wording

/// One payment a file reports: which document (by any of the keys it carries), paid or not, when, how
/// much. Facts say what the file says; matching them to documents is the agent's job.
package struct PaymentFact: Sendable, Equatable {
    /// What kind of line it came from, which decides how much its references are worth.
    package enum Kind: Sendable, Equatable {
        /// A row of an accounting export that states a document's payment status.
        case statusRow
        /// Money that came in on a bank account (statement, bank export): its references are what the
        /// payer wrote, and it may name no document at all.
        case bankCredit
        /// A row of a review file the accountant completed.
        case reviewAnswer(ReviewAnswer)
    }

    package var kind: Kind
    /// Where in the file: a line for text and CODA, the line of the entry for XML, the row for XLSX, the
    /// item for JSON.
    package var line: Int
    /// The member of a ZIP bundle it came from.
    package var member: String?
    /// A document number as an export's number column states it (`2026 / 42`, `2026-42`, `42`).
    package var documentNumber: String?
    /// A valid Belgian structured communication, as its 12 digits.
    package var structuredCommunication: String?
    /// A valid ISO 11649 creditor reference (`RF18…`), without spaces.
    package var creditorReference: String?
    /// A Teamleader invoice id.
    package var teamleaderID: String?
    /// Full document numbers found in free text (bank communications), normalised (`2026/42`): a
    /// weaker kind of reference, which only counts when the amount fits.
    package var numbersInText: [String] = []
    /// References of other schemes, or that fail their check: reported, never matched.
    package var otherReferences: [ForeignReference] = []
    /// The communication as the payer wrote it (bank lines), shortened for reports.
    package var text: String?
    /// True: the file says paid. False: it says not paid (nothing is done with it).
    package var paid: Bool
    package var date: CalendarDate?
    /// Nil: the document's open amount.
    package var amount: Decimal?
    package var currency: String?
    /// Who paid, when the file says (bank statements).
    package var counterparty: String?
    /// How the line was counted against its own statement (bank statements): one movement, one payment.
    package var standing: StatementStanding = .plain
    /// The statement it belongs to (account, number and movements): a statement seen in an earlier file
    /// is applied zero times.
    package var statement: String?

    package init(
        kind: Kind = .statusRow, line: Int, member: String? = nil, documentNumber: String? = nil,
        structuredCommunication: String? = nil, teamleaderID: String? = nil, numbersInText: [String] = [],
        paid: Bool = true, date: CalendarDate? = nil, amount: Decimal? = nil, currency: String? = nil, counterparty: String? = nil
    ) {
        self.kind = kind
        self.line = line
        self.member = member
        self.documentNumber = documentNumber
        self.structuredCommunication = structuredCommunication
        self.teamleaderID = teamleaderID
        self.numbersInText = numbersInText
        self.paid = paid
        self.date = date
        self.amount = amount
        self.currency = currency
        self.counterparty = counterparty
    }

    /// Whether the fact names a document at all.
    package var hasReference: Bool {
        documentNumber != nil || structuredCommunication != nil || creditorReference != nil || teamleaderID != nil
            || !numbersInText.isEmpty
    }

    /// `line 12` or `member.csv line 12`.
    package var location: String { (member.map { "\($0) " } ?? "") + "line \(line)" }

    /// The most telling thing the line says, for reports: a reference, else its text.
    package var said: String { said(.english) }

    package func said(_ w: Wording) -> String { saidWords.text(w) }

    /// What the line says, as words (empty when it says nothing).
    package var saidWords: Words {
        var parts: [Words] = []
        if let id = teamleaderID { parts.append(Words(.saidTeamleaderID, id)) }
        if let number = documentNumber { parts.append(Words(.saidNumber, number)) }
        if let ogm = structuredCommunication { parts.append(.verbatim(StructuredCommunication.format(ogm))) }
        if let rf = creditorReference { parts.append(.verbatim(rf)) }
        parts += otherReferences.map { .verbatim($0.description) }
        if let text, !text.isEmpty { parts.append(.verbatim("\"\(text)\"")) }
        return .joined(parts, separator: ", ")
    }

    /// Keeps the communication for reports: spaces collapsed, at most 140 characters.
    package mutating func keepText(_ raw: some StringProtocol) {
        var out = ""
        var space = false
        for character in raw {
            if character == " " || character == "\t" || character.isNewline {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) { out.append(character) }
            if out.count >= 140 { break }
        }
        text = out.isEmpty ? text : out
    }
}

/// A line that could not be understood, and what was expected there.
package struct LineProblem: Sendable, Equatable, CustomStringConvertible {
    package var line: Int
    package var member: String?
    /// What was expected, in any of the languages.
    package var reading: ReadingMessage
    /// English.
    package var message: String { reading.description }

    package init(line: Int, member: String? = nil, _ reading: ReadingMessage) {
        self.line = line
        self.member = member
        self.reading = reading
    }

    package var description: String { (member.map { "\($0) " } ?? "") + "line \(line): \(message)" }
}
