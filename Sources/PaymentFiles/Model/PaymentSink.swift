import Wording

/// A part of a file's facts and bad lines, in the order the file gives them.
package struct PaymentBatch: Sendable, Equatable {
    package var facts: [PaymentFact] = []
    package var problems: [LineProblem] = []
    /// Lines that are not payments (money going out, entries not booked, balance rows, …).
    package var ignored = 0

    package init() {}

    package var isEmpty: Bool { facts.isEmpty && problems.isEmpty && ignored == 0 }
}

/// Where a reader puts what it reads: facts and problems are handed on in batches of `batchSize`, so
/// that a file of a million lines is never held whole. Notes (the encoding, the statement's account)
/// are kept for the end.
package struct PaymentSink {
    /// The ZIP member being read: set on every fact and problem.
    var member: String?
    var notes: [ReadingMessage] = []
    private(set) var ignoredTotal = 0
    private var batch = PaymentBatch()
    private let batchSize: Int
    private let deliver: (PaymentBatch) throws -> Void

    init(batchSize: Int, deliver: @escaping (PaymentBatch) throws -> Void) {
        self.batchSize = max(1, batchSize)
        self.deliver = deliver
    }

    mutating func add(_ fact: PaymentFact) throws {
        var fact = fact
        if let member { fact.member = member }
        batch.facts.append(fact)
        try flushIfFull()
    }

    mutating func problem(_ problem: LineProblem) throws {
        var problem = problem
        if let member { problem.member = member }
        batch.problems.append(problem)
        try flushIfFull()
    }

    mutating func ignore(_ count: Int = 1) {
        batch.ignored += count
        ignoredTotal += count
    }

    /// Lines that are not payments for a reason the report names (a return, a collection total, a
    /// cancellation): counted like the others, and said once per reason at the end.
    private(set) var ignoredFor: [Phrase: Int] = [:]

    mutating func ignore(_ count: Int = 1, because reason: Phrase) {
        ignore(count)
        ignoredFor[reason, default: 0] += count
    }

    /// The reasons lines were not payments, as notes (in a stable order).
    var reasonNotes: [ReadingMessage] {
        ignoredFor.sorted { $0.key.rawValue < $1.key.rawValue }.map { ReadingMessage($0.key, $0.value) }
    }

    mutating func note(_ phrase: Phrase, _ arguments: any CustomStringConvertible...) { notes.append(ReadingMessage(phrase, arguments: arguments)) }

    /// Hands on what is waiting.
    mutating func flush() throws {
        guard !batch.isEmpty else { return }
        let full = batch
        batch = PaymentBatch()
        batch.facts.reserveCapacity(min(batchSize, 4_096))
        try deliver(full)
    }

    private mutating func flushIfFull() throws {
        if batch.facts.count + batch.problems.count >= batchSize { try flush() }
    }
}

/// What reading a whole file says besides its batches.
package struct PaymentFileSummary: Sendable, Equatable {
    package var format: PaymentFileFormat
    /// How it was read, in any of the languages.
    package var readingNotes: [ReadingMessage]
    package var ignored: Int

    /// How it was read, in English.
    package var notes: [String] { readingNotes.map(\.description) }
}
