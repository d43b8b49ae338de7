import DropFiles
import DropIndex
import DropValues
import Foundation
import PaymentFiles
import Wording

/// Brings each inbox file's `<file>.report.txt` up to date once the push knows what became of its
/// payments: a section beneath the report, rewritten after every push that settled one of them, says
/// per line whether it was registered (on which day), already paid, refused and why, held for review, or
/// is still waiting. The report is rewritten durably, and only while it holds the bytes tldrop wrote
/// (recorded before it writes them); one changed by someone else, or gone into an archive, is left.
package struct ReportOutcomes {
    let context: AgentContext

    /// What sets the outcomes apart from the report read at intake: a line no report writes otherwise.
    package static let marker = String(repeating: "─", count: 40)

    /// - Returns: how many reports were brought up to date.
    @discardableResult
    func update() async throws -> Int {
        var updated = 0
        for file in try await context.index.inboxFilesWithNewOutcomes() where try await update(file) { updated += 1 }
        return updated
    }

    private func update(_ file: InboxFileRecord) async throws -> Bool {
        let index = context.index
        let id = try file.persistedID
        let now = context.now()
        guard let path = file.finalPath else { return false }
        let url = context.layout.absolute(path + ".report.txt")
        let data = try? Data(contentsOf: url)
        let current = data.map(DurableFile.sha256)
        guard let data, let current, current == file.reportSha256 || current == file.reportNextSha256 else {
            // Archived with its month, moved away, or changed by someone: the outcomes stay in the index.
            try await index.setReportState(id: id, sha256: file.reportSha256, nextSha256: nil, outcomesAt: now)
            return false
        }
        let text = String(decoding: data, as: UTF8.self)
        let original = text.range(of: "\n\n" + Self.marker + "\n").map { String(text[..<$0.lowerBound]) } ?? text
        let payments = try await index.payments(inboxFileId: id)
        let documents = try await index.documents(ids: Array(Set(payments.map(\.documentId))))
        let section = Self.section(payments, documents: documents, at: now, wording: context.configuration.wording)
        let rewritten = Data((original.hasSuffix("\n") ? original : original + "\n").utf8) + Data(("\n" + Self.marker + "\n" + section).utf8)
        let sha = DurableFile.sha256(rewritten)
        try await index.setReportState(id: id, sha256: current, nextSha256: sha, outcomesAt: nil)
        CrashPoint.hit("before-report-rewrite")
        try DurableFile.replace(rewritten, at: url)
        try await index.setReportState(id: id, sha256: sha, nextSha256: nil, outcomesAt: now)
        return true
    }

    /// The outcome of every payment of the file, by what became of it.
    static func section(_ payments: [PaymentRecord], documents: [String: DocumentRecord], at now: Date, wording w: Wording) -> String {
        var text = w(.outcomesHeading, w.stamp(now)) + "\n"
        let order: [(states: Set<PaymentState>, phrase: Phrase)] = [
            ([.registered], .outcomeRegistered), ([.alreadyPaid], .outcomeAlreadyPaid), ([.failed], .outcomeRefused),
            ([.held], .outcomeHeld), ([.queued, .sending], .outcomeWaiting),
        ]
        for (states, phrase) in order {
            let group = payments.filter { states.contains($0.state) }
            for payment in group.prefix(ReportSpool.routineLimit) {
                let document = documents[payment.documentId]
                let money = payment.amount.map { amount in
                    (payment.currency ?? document?.currency).map { w.money(amount, $0) } ?? w.language.number(amount)
                }
                let day = payment.doneAt.map { w.date(CalendarDate($0, timeZone: .current)) } ?? ""
                let why = payment.lastError.map { Words.stored($0).text(w) } ?? ""
                text +=
                    "  "
                    + w(
                        phrase, payment.line.map { Words.location(nil, $0).text(w) } ?? "-", document?.number ?? payment.documentId,
                        money ?? w(.openAmount), phrase == .outcomeRegistered ? day : why)
                    + "\n"
            }
            if group.count > ReportSpool.routineLimit { text += w(.inboxMore, group.count - ReportSpool.routineLimit) + "\n" }
        }
        return text
    }
}
