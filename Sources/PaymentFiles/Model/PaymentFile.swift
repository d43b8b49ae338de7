import Foundation

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
