import DropIndex
import Foundation
import PaymentFiles
import TeamleaderAPI
import Wording

/// Builds review items and writes them to `Inbox/Review/<file>.review.csv`: published durably, never
/// overwriting (a second file of the same name gets ` (2)`), and recorded as written only afterwards,
/// so a crash in between writes them on the next run.
enum ReviewItems {
    static func item(
        for fact: PaymentFact, source: String, company: String?, reason: String, candidates: [String], today: CalendarDate, wording w: Wording
    ) -> ReviewItemRecord {
        ReviewItemRecord(
            token: token(), source: source, location: w.location(fact.member, fact.line), company: company, paidOn: fact.date ?? today,
            amount: fact.amount, currency: fact.currency, counterparty: fact.counterparty,
            said: fact.said.isEmpty ? w(.reviewNothingSaid) : fact.said(w), candidates: candidates.joined(separator: " | "), reason: reason)
    }

    /// Eight random hex digits: a review row must come from this index, not be typed or copied from
    /// another root.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &generator))
    }

    /// Writes every item not yet in a review file, one file per source file.
    static func writePending(layout: RootLayout, index: DropIndex, wording: Wording = .english) async throws {
        let pending = try await index.unwrittenReviewItems()
        guard !pending.isEmpty else { return }
        let folder = try RawDirectory(layout.inbox).subdirectory("Review", create: true)
        let groups = Dictionary(grouping: pending) { "\($0.inboxFileId ?? 0)|\($0.source)" }
        for key in groups.keys.sorted() {
            guard let items = groups[key], let first = items.first else { continue }
            let rows = items.map { item in
                ReviewSheet.Row(
                    id: ReviewSheet.id(item: item.id ?? 0, token: item.token), file: item.source, location: item.location,
                    date: item.paidOn.map(wording.date) ?? "",
                    amount: item.amount.map(wording.language.csvNumber) ?? "",
                    currency: item.currency ?? "", counterparty: item.counterparty ?? "", said: item.said, candidates: item.candidates,
                    reason: item.reason)
            }
            let name = try folder.create(
                RawName(safeName(first.source)).appending(".review.csv"), contents: ReviewSheet.render(rows, header: header(wording)))
            try await index.markReviewWritten(ids: items.compactMap(\.id), path: layout.relative(folder.url) + "/\(name)")
        }
    }

    /// The review sheet's columns in a language; the first, `tldrop review`, is how the file is known.
    static func header(_ w: Wording) -> [String] {
        let columns: [Phrase] = [
            .reviewFile, .reviewLine, .reviewDate, .reviewAmount, .reviewCurrency, .reviewCounterparty, .reviewSaid,
            .reviewCandidates, .reviewWhy, .reviewDocumentNumber, .reviewAmountToRegister,
        ]
        return [ReviewSheet.header[0]] + columns.map { w($0) }
    }

    /// A file name from a display name: no folder separators, no leading dot.
    static func safeName(_ name: String) -> String {
        var safe = name.replacingOccurrences(of: "/", with: "_")
        while safe.hasPrefix(".") { safe.removeFirst() }
        return safe.isEmpty ? "review" : String(safe.prefix(200))
    }
}
