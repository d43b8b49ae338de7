import Foundation
import Wording

/// The formats tldrop reads, detected by content.
public enum PaymentFileFormat: String, Sendable {
    case delimited = "delimited text"
    case xlsx = "XLSX"
    case json = "JSON"
    case bankJSON = "bank JSON (transactions.booked)"
    case camt053 = "camt.053"
    case camt054 = "camt.054"
    case camt052 = "camt.052"
    case coda = "CODA"
    case mt940 = "MT940"
    case review = "tldrop review file"
    case zip = "ZIP bundle"

    /// Its name, in any of the languages.
    public var name: ReadingMessage {
        switch self {
        case .delimited: return ReadingMessage(.formatDelimited)
        case .bankJSON: return ReadingMessage(.formatBankJSON)
        case .review: return ReadingMessage(.formatReview)
        case .zip: return ReadingMessage(.formatZip)
        case .xlsx, .json, .camt053, .camt054, .camt052, .coda, .mt940: return .verbatim(rawValue)
        }
    }
}

/// A file read as a whole: its facts, its bad lines, and how many lines said nothing to do (debits,
/// unbooked entries).
public struct PaymentFile: Sendable, Equatable {
    public var format: PaymentFileFormat
    public var facts: [PaymentFact]
    public var problems: [LineProblem]
    /// Lines that are not payments (money going out, entries not booked, reversals, returns, batch totals
    /// counted through their details, balance and total rows).
    public var ignored: Int
    /// Details worth a line in the report (the encoding read, the statement's account).
    /// How it was read, in any of the languages.
    public var readingNotes: [ReadingMessage]
    /// How it was read, in English.
    public var notes: [String] { readingNotes.map(\.description) }

    public init(format: PaymentFileFormat, facts: [PaymentFact] = [], problems: [LineProblem] = [], ignored: Int = 0, notes: [ReadingMessage] = []) {
        self.format = format
        self.facts = facts
        self.problems = problems
        self.ignored = ignored
        self.readingNotes = notes
    }
}

/// A file that cannot be read as a whole: where, and what was expected.
public struct PaymentFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    /// What was expected, in any of the languages.
    public var reading: ReadingMessage

    public init(line: Int? = nil, _ phrase: Phrase, _ arguments: any CustomStringConvertible...) {
        self.line = line
        reading = ReadingMessage(phrase, arguments: arguments)
    }

    /// Words that are not one of tldrop's phrases.
    public init(line: Int? = nil, _ message: String) {
        self.line = line
        reading = .verbatim(message)
    }

    /// English.
    public var message: String { reading.description }

    public var description: String { text(.english) }

    /// `line 3: …` in a language.
    public func text(_ wording: Wording) -> String {
        (line.map { wording.location(nil, $0) + ": " } ?? "") + reading.text(wording)
    }

    /// The same place and the same words (whichever phrase made them).
    public static func == (lhs: PaymentFileError, rhs: PaymentFileError) -> Bool { lhs.line == rhs.line && lhs.message == rhs.message }
}
