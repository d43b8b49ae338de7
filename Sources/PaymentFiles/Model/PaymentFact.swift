import Foundation

/// A day as a payment file states it, without a time zone.
public struct PaymentDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= days[month - 1] else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: PaymentDay, rhs: PaymentDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// One payment a file reports: which document (by any of the keys it carries), paid or not, when, how
/// much. Facts say what the file says; matching them to documents is the agent's job.
public struct PaymentFact: Sendable, Equatable {
    /// Where in the file: a line for text and CODA, the line of the entry for XML, the row for XLSX, the
    /// item for JSON.
    public var line: Int
    /// The member of a ZIP bundle it came from.
    public var member: String?
    /// A document number as written (`2026 / 42`, `2026-42`, `42`).
    public var documentNumber: String?
    /// A valid structured communication, as its 12 digits.
    public var structuredCommunication: String?
    /// A Teamleader invoice id.
    public var teamleaderID: String?
    /// Full document numbers found in free text (bank communications), normalised (`2026/42`).
    public var numbersInText: [String] = []
    /// True: the file says paid. False: it says not paid (nothing is done with it).
    public var paid: Bool
    public var date: PaymentDay?
    /// Nil: the document's open amount.
    public var amount: Decimal?
    public var currency: String?
    /// Who paid, when the file says (bank statements).
    public var counterparty: String?

    public init(
        line: Int, member: String? = nil, documentNumber: String? = nil, structuredCommunication: String? = nil,
        teamleaderID: String? = nil, numbersInText: [String] = [], paid: Bool = true, date: PaymentDay? = nil,
        amount: Decimal? = nil, currency: String? = nil, counterparty: String? = nil
    ) {
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
    public var hasReference: Bool {
        documentNumber != nil || structuredCommunication != nil || teamleaderID != nil || !numbersInText.isEmpty
    }

    /// `line 12` or `member.csv line 12`.
    public var location: String { (member.map { "\($0) " } ?? "") + "line \(line)" }
}

/// A line that could not be understood, and what was expected there.
public struct LineProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var member: String?
    public var message: String

    public init(line: Int, member: String? = nil, message: String) {
        self.line = line
        self.member = member
        self.message = message
    }

    public var description: String { (member.map { "\($0) " } ?? "") + "line \(line): \(message)" }
}

/// The formats tldrop reads, detected by content.
public enum PaymentFileFormat: String, Sendable {
    case delimited = "delimited text"
    case xlsx = "XLSX"
    case json = "JSON"
    case camt053 = "camt.053"
    case camt054 = "camt.054"
    case camt052 = "camt.052"
    case coda = "CODA"
    case zip = "ZIP bundle"
}

/// A file read as a whole: its facts, its bad lines, and how many lines said nothing to do (debits,
/// unbooked entries).
public struct PaymentFile: Sendable, Equatable {
    public var format: PaymentFileFormat
    public var facts: [PaymentFact]
    public var problems: [LineProblem]
    public var ignored: Int
    /// Details worth a line in the report (the encoding read, the statement's account).
    public var notes: [String]

    public init(format: PaymentFileFormat, facts: [PaymentFact] = [], problems: [LineProblem] = [], ignored: Int = 0, notes: [String] = []) {
        self.format = format
        self.facts = facts
        self.problems = problems
        self.ignored = ignored
        self.notes = notes
    }
}

/// A file that cannot be read as a whole: where, and what was expected.
public struct PaymentFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int? = nil, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + message }
}
