import DropIndex
import DropValues
import Foundation
import Testing

/// The index's own bookkeeping, called directly: a payment from queued to settled, a refused format's
/// back-off, listing cursors, runs and the agent's state.
@Suite struct IndexLifecycleTests {
    static func index() throws -> DropIndex {
        try DropIndex(path: FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path)
    }

    static func document(_ id: String, kind: DocumentKind = .invoice) -> DocumentRecord {
        DocumentRecord(
            id: id, kind: kind, departmentId: "D1", company: "Kroon", number: "2026 / \(id)", numberKey: "2026/\(id)",
            documentDate: day("2026-11-02"), customer: "Klant", paymentReference: nil, currency: "EUR", total: amount("121"),
            remoteStatus: .outstanding, remoteUpdatedAt: nil, remoteDue: amount("121"), remotePaid: false, remoteSent: true,
            fingerprint: "f", state: .mirrored)
    }

    @Test func aPaymentGoesFromQueuedThroughSendingToSettledWithItsEvent() async throws {
        let index = try Self.index()
        try await index.importMirrored([Self.document("a"), Self.document("b")])
        let file = InboxFileRecord(sha256: "s", name: "export.csv", company: "Kroon", size: 1, format: nil, state: .applied)
        _ = try await index.applyInboxFile(file) { application in
            for (line, id) in ["a", "b"].enumerated() {
                try application.queue(
                    QueuedPayment(documentId: id, line: line + 2, amount: nil, currency: "EUR", paidAt: day("2026-11-28"), basis: .number))
            }
            return ((), report: "", format: nil)
        }
        let pending = try await index.pendingPayments()
        #expect(pending.map(\.documentId) == ["a", "b"] && pending.allSatisfy { $0.state == .queued && $0.attempts == 0 })
        let (first, second) = (try #require(pending[0].id), try #require(pending[1].id))

        try await index.markSending(paymentId: first, dueBefore: amount("121"))
        let sending = try #require(try await index.payments(documentId: "a").first)
        #expect(sending.state == .sending && sending.attempts == 1 && sending.dueBefore == 121, "what Teamleader showed open is kept")
        #expect(try await index.pendingPayments().count == 2, "a payment being sent is still pending: a crash here is checked")
        try await index.settle(
            paymentId: first, state: .registered, event: EventRecord(documentId: "a", kind: .paymentRegistered, detail: "121.00 EUR"))
        let registered = try #require(try await index.payments(documentId: "a").first)
        #expect(registered.state == .registered && registered.doneAt != nil)
        #expect(try await index.events(documentId: "a").map(\.kind).contains(.paymentRegistered))

        try await index.noteAttempt(paymentId: second, error: "Teamleader did not answer")
        #expect(try await index.payments(documentId: "b").first?.state == .queued, "a transient failure settles nothing")
        try await index.settle(paymentId: second, state: .failed, error: "invoice is already paid", event: nil)
        #expect(try await index.failedPayments().map(\.lastError) == ["invoice is already paid"])
        #expect(try await index.paymentCounts() == [.registered: 1, .failed: 1])
        #expect(try await index.pendingPayments().isEmpty)
    }

    @Test func aRefusedFormatIsAskedForDailyThenWeeklyAndItsEventIsWrittenOnce() async throws {
        let index = try Self.index()
        try await index.importMirrored([Self.document("a"), Self.document("c", kind: .creditNote)])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try await index.recordRefusal(documentId: "a", format: .ublEfff, reason: "not available", now: start)
        #expect(try await index.dueRefusals(departmentId: "D1", kind: .invoice, now: start).isEmpty, "not again the same day")
        let tomorrow = start.addingTimeInterval(86_400)
        #expect(try await index.dueRefusals(departmentId: "D1", kind: .invoice, now: tomorrow).map(\.format) == [.ublEfff])
        #expect(try await index.dueRefusals(departmentId: "D1", kind: .creditNote, now: tomorrow).isEmpty, "by kind")

        var now = start
        for _ in 2...7 {
            now = now.addingTimeInterval(86_400)
            try await index.recordRefusal(documentId: "a", format: .ublEfff, reason: "not available", now: now)
        }
        let seventh = try #require(try await index.refusals(documentId: "a").first)
        #expect(seventh.attempts == 7 && seventh.firstRefusedAt == start)
        #expect(seventh.nextAttemptAt == now.addingTimeInterval(7 * 86_400), "after a week of refusals, weekly")
        #expect(try await index.events(documentId: "a").filter { $0.kind == .formatRefused }.count == 1, "one event, not one a day")

        try await index.clearRefusal(documentId: "a", format: .ublEfff)
        #expect(try await index.refusals(documentId: "a").isEmpty)
    }

    @Test func cursorsRunsAndStateAreKeptAsWritten() async throws {
        let index = try Self.index()
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        try await index.save(SyncCursor(departmentId: "D1", kind: .creditNote, updatedSince: since))
        #expect(try await index.cursor(departmentId: "D1", kind: .creditNote)?.updatedSince == since)
        #expect(try await index.cursor(departmentId: "D1", kind: .invoice) == nil, "one cursor per department and kind")

        let run = try await index.startRun(command: "run")
        #expect(try await index.recentRuns().first?.finishedAt == nil, "a run that has not ended says so")
        try await index.finishRun(id: run, exitCode: 75, summary: "Teamleader did not answer")
        let ended = try #require(try await index.recentRuns().first)
        #expect(ended.exitCode == 75 && ended.summary == "Teamleader did not answer" && ended.finishedAt != nil)

        try await index.setState(["link.state": "up", "link_a": "x", "linkXa": "y", "link%b": "z"])
        try await index.setState(["link.state": "broken"])
        #expect(try await index.state("link.state") == "broken")
        #expect(try await index.states(prefix: "link.").map(\.key) == ["link.state"])
        #expect(try await index.states(prefix: "link_").map(\.key) == ["link_a"], "'_' in a prefix is no wildcard")
        #expect(try await index.states(prefix: "link%").map(\.key) == ["link%b"], "nor is '%'")
    }
}
