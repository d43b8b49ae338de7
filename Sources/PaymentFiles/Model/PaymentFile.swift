import Foundation
package import Wording

/// The formats tldrop reads, detected by content.
package enum PaymentFileFormat: String, Sendable {
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
    package var name: ReadingMessage {
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
package struct PaymentFile: Sendable, Equatable {
    package var format: PaymentFileFormat
    package var facts: [PaymentFact]
    package var problems: [LineProblem]
    /// Lines that are not payments (money going out, entries not booked, reversals, returns, batch totals
    /// counted through their details, balance and total rows).
    package var ignored: Int
    /// Details worth a line in the report (the encoding read, the statement's account).
    /// How it was read, in any of the languages.
    package var readingNotes: [ReadingMessage]
    /// How it was read, in English.
    package var notes: [String] { readingNotes.map(\.description) }

    package init(format: PaymentFileFormat, facts: [PaymentFact] = [], problems: [LineProblem] = [], ignored: Int = 0, notes: [ReadingMessage] = []) {
        self.format = format
        self.facts = facts
        self.problems = problems
        self.ignored = ignored
        self.readingNotes = notes
    }
}

/// A file that cannot be read as a whole: where, and what was expected.
package struct PaymentFileError: Error, Sendable, Equatable, CustomStringConvertible {
    package var line: Int?
    /// What was expected, in any of the languages.
    package var reading: ReadingMessage

    package init(line: Int? = nil, _ phrase: Phrase, _ arguments: any CustomStringConvertible...) {
        self.line = line
        reading = ReadingMessage(phrase, arguments: arguments)
    }

    /// Words that are not one of tldrop's phrases.
    package init(line: Int? = nil, _ message: String) {
        self.line = line
        reading = .verbatim(message)
    }

    /// English.
    package var message: String { reading.description }

    package var description: String { text(.english) }

    /// `line 3: …` in a language.
    package func text(_ wording: Wording) -> String { words.text(wording) }

    /// `line 3: …` as words, for the index to keep.
    package var words: Words { line.map { Words(.located, Words(.lineLocation, $0), reading) } ?? reading }

    /// The same place and the same words (whichever phrase made them).
    package static func == (lhs: PaymentFileError, rhs: PaymentFileError) -> Bool { lhs.line == rhs.line && lhs.message == rhs.message }
}
