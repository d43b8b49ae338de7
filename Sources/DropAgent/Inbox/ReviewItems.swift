import DropFiles
import DropIndex
import DropValues
import Foundation
import PaymentFiles
import TeamleaderAPI
import Wording

/// Builds review items, and keeps `Inbox/Review/<file>.review.csv` current: items are kept as words and
/// document ids, and each file is written from them in the configured language, with the open amounts
/// the index has now, holding only the rows still open (a file with none left goes). A file is written
/// durably and only over bytes tldrop wrote itself (recorded before it writes them): one the accountant
/// changed in place is left as it is.
enum ReviewItems {
    static func item(
        for fact: PaymentFact, source: String, company: String?, reason: Words, candidates: [(id: String, words: Words)], today: CalendarDate
    ) -> ReviewItemRecord {
        var item = ReviewItemRecord(
            token: token(), source: source, location: Words.location(fact.member, fact.line).stored, company: company,
            paidOn: fact.date ?? today, amount: fact.amount, currency: fact.currency, counterparty: fact.counterparty,
            said: fact.said.isEmpty ? Words(.reviewNothingSaid).stored : fact.saidWords.stored,
            candidates: Words.joined(candidates.map(\.words), separator: " | ").stored, reason: reason.stored)
        item.candidateIds = candidates.isEmpty ? nil : candidates.map(\.id).joined(separator: "\n")
        return item
    }

    /// Eight random hex digits: a review row must come from this index, not be typed or copied from
    /// another root.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &generator))
    }

    /// Writes the items not yet in a review file (one file per source file) and brings every review file
    /// tldrop keeps up to date.
    static func refresh(layout: RootLayout, index: DropIndex, wording w: Wording = .english) async throws {
        let open = try await index.openReviewItems(limit: Int.max)
        let sheets = try await index.reviewSheets()
        guard !open.isEmpty || !sheets.isEmpty else { return }
        let folder = try RawDirectory(layout.inbox).subdirectory(RootLayout.reviewFolder, create: true)
        let ids = open.compactMap(\.candidateIds).flatMap { $0.split(separator: "\n").map(String.init) }
        let renderer = Renderer(wording: w, documents: try await index.documents(ids: Array(Set(ids))))
        let written = Dictionary(grouping: open.filter { $0.reviewFile != nil }, by: { $0.reviewFile ?? "" })
        for path in Set(written.keys).union(sheets.keys).sorted() {
            try await keepCurrent(path, items: written[path] ?? [], state: sheets[path], folder: folder, index: index, renderer: renderer)
        }
        let unwritten = Dictionary(grouping: open.filter { $0.reviewFile == nil }) { "\($0.inboxFileId ?? 0)|\($0.source)" }
        for key in unwritten.keys.sorted() {
            guard let items = unwritten[key], let first = items.first else { continue }
            let contents = try renderer.sheet(items)
            let sha = DurableFile.sha256(contents)
            // The first free name, recorded with the bytes it is about to get before it is written.
            let base = RawName(safeName(first.source)).appending(".review.csv")
            var number = 1
            while folder.exists(base.variant(number)) || sheets[path(of: base.variant(number), in: folder, layout: layout)] != nil { number += 1 }
            let name = base.variant(number)
            let relative = path(of: name, in: folder, layout: layout)
            try await index.assignReviewFile(ids: items.compactMap(\.id), path: relative, nextSha256: sha)
            CrashPoint.hit("before-review-file")
            if case .published = try DurableFile.publish(contents, in: folder.url, name: name.description) {
                try await index.setReviewSheet(relative, ReviewSheetState(sha256: sha))
            }
        }
    }

    /// One review file: rewritten when what it should hold changed, removed when nothing is left in it,
    /// written again when it is gone while rows wait; left alone when its bytes are not tldrop's.
    private static func keepCurrent(
        _ path: String, items: [ReviewItemRecord], state: ReviewSheetState?, folder: RawDirectory, index: DropIndex, renderer: Renderer
    ) async throws {
        let name = RawName((path as NSString).lastPathComponent)
        let url = folder.url.appendingPathComponent(name.description)
        let current = folder.exists(name) ? try? DurableFile.sha256(of: url) : nil
        // Written by an earlier version (no record of its bytes), or changed by the accountant: theirs.
        if let current, !(state?.isOurs(current) ?? false) { return }
        if items.isEmpty {
            if current != nil {
                try folder.remove(name)
                try folder.sync()
            }
            try await index.setReviewSheet(path, nil)
            return
        }
        let contents = try renderer.sheet(items)
        let sha = DurableFile.sha256(contents)
        if current == sha {
            if state?.sha256 != sha { try await index.setReviewSheet(path, ReviewSheetState(sha256: sha)) }
            return
        }
        try await index.setReviewSheet(path, ReviewSheetState(sha256: state?.sha256, nextSha256: sha))
        CrashPoint.hit("before-review-rewrite")
        if current == nil {
            // Moved away (to be dropped back, say) while rows still wait: here again, never over another file.
            guard case .published = try await blocking({ try DurableFile.publish(contents, in: folder.url, name: name.description) }) else { return }
        } else {
            try await blocking { try DurableFile.replace(contents, at: url) }
        }
        try await index.setReviewSheet(path, ReviewSheetState(sha256: sha))
    }

    private static func path(of name: RawName, in folder: RawDirectory, layout: RootLayout) -> String {
        layout.relative(folder.url) + "/\(name)"
    }

    /// Puts items into a review file's rows, in one language, with the candidates' state now.
    struct Renderer {
        let wording: Wording
        let documents: [String: DocumentRecord]

        func sheet(_ items: [ReviewItemRecord]) throws -> Data {
            let w = wording
            let rows = try items.map { try row($0) }
            let wholeFile =
                rows.count > 1
                ? ReviewSheet.Row(
                    id: ReviewSheet.wholeFileID, file: items[0].source, location: "", date: "", amount: "", currency: "", counterparty: "",
                    said: w(.reviewWholeFileSays, rows.count), candidates: "", reason: w(.reviewWholeFileHow))
                : nil
            return ReviewSheet.render(rows, header: header(w), wholeFile: wholeFile)
        }

        func row(_ item: ReviewItemRecord) throws -> ReviewSheet.Row {
            let w = wording
            return ReviewSheet.Row(
                id: ReviewSheet.id(item: try item.persistedID, token: item.token), file: item.source, location: Words.stored(item.location).text(w),
                date: item.paidOn.map(w.date) ?? "", amount: item.amount.map(w.language.csvNumber) ?? "", currency: item.currency ?? "",
                counterparty: item.counterparty ?? "", said: Words.stored(item.said).text(w), candidates: candidates(item),
                reason: Words.stored(item.reason).text(w))
        }

        /// The documents a line may mean as Teamleader has them now (the index's last word on them).
        func candidates(_ item: ReviewItemRecord) -> String {
            guard let ids = item.candidateIds else { return Words.stored(item.candidates).text(wording) }
            return ids.split(separator: "\n").compactMap { documents[String($0)] }.map { document in
                PaymentJudge.describe(
                    kind: document.kind, number: document.number, company: document.company, customer: document.customer,
                    paid: document.remotePaid, open: document.remotePaid ? 0 : document.remoteDue ?? document.total, currency: document.currency
                ).text(wording)
            }.joined(separator: " | ")
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
