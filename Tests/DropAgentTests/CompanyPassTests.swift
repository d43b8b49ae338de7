import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

@testable import DropAgent

/// `CompanyPass`'s cursor rule, on the pass alone: the cursor is Teamleader's own newest `updated_at`,
/// and it moves only when every listed document made it, never in a backfill.
@Suite struct CompanyPassTests {
    /// Our clock a year ahead of Teamleader's: a cursor taken from it would skip a year of changes.
    /// (On a whole second: the index keeps moments to the millisecond.)
    static func skewedClock() -> ManualClock {
        ManualClock(start: Date(timeIntervalSince1970: (SystemClock.now().timeIntervalSince1970 + 365 * 86_400).rounded(.down)))
    }

    @Test func theCursorIsTeamleadersNewestUpdateNeverOurClock() async throws {
        let clock = Self.skewedClock()
        try await MirrorParts.with(clock: clock) { parts in
            let report = try await parts.pass()
            #expect(report.mirrored > 0 && report.failed.isEmpty)
            let cursor = try #require(try await parts.cursor())
            #expect(cursor.updatedSince == (try await parts.newestRemoteUpdate()))
            #expect(try #require(cursor.updatedSince) < clock.date.addingTimeInterval(-300 * 86_400))
            // The first pass lists everything: a sweep, stamped with our clock (it says when we looked).
            #expect(cursor.lastFullSweepAt == clock.date)
        }
    }

    @Test func aPassStoppedByTeamleaderLeavesTheCursorAndTheNextOneTakesWhatItMissed() async throws {
        try await MirrorParts.with { parts in
            _ = try await parts.pass()
            let before = try await parts.cursor()
            let late = try parts.harness.sandbox.bookInvoice(departmentID: parts.company.departmentId)
            parts.harness.sandbox.faults.failNext = 1_000
            await #expect(throws: TeamleaderError.self) { _ = try await parts.pass() }
            #expect(try await parts.cursor() == before, "a stopped pass moves nothing")
            parts.harness.sandbox.faults.failNext = 0
            let next = try await parts.pass()
            #expect(next.mirroredNumbers == [try #require(late.number)])
            let after = try #require(try await parts.cursor()?.updatedSince)
            #expect(after > (try #require(before?.updatedSince)))
            #expect(after == (try await parts.newestRemoteUpdate()))
        }
    }

    @Test func aBackfillLeavesTheRegularCursorAlone() async throws {
        try await MirrorParts.with { parts in
            _ = try await parts.pass()
            let before = try await parts.cursor()
            try parts.harness.sandbox.bookInvoice(departmentID: parts.company.departmentId)
            let backfill = try await parts.pass(MirrorOptions(since: parts.harness.sandbox.today.adding(days: -30)))
            #expect(backfill.mirrored == 1, "the backfill takes what it lists")
            #expect(try await parts.cursor() == before, "but the regular listing's cursor stays")
        }
    }

    @Test func aRefusedFormatDoesNotHoldTheCursor() async throws {
        try await MirrorParts.with { parts in
            _ = try await parts.pass()
            let refused = try parts.harness.sandbox.bookInvoice(departmentID: parts.company.departmentId)
            parts.harness.sandbox.faults.refusedFormats = [refused.id: ["ubl/e-fff"]]
            let report = try await parts.pass()
            #expect(report.refused.count == 1 && report.failed.isEmpty)
            #expect(try await parts.cursor()?.updatedSince == (try await parts.newestRemoteUpdate()))
        }
    }

    struct SweepCase: Sendable, CustomTestStringConvertible {
        var name: String
        var options: MirrorOptions
        var cursor: SyncCursor?
        var sweep: Bool
        var testDescription: String { name }
    }

    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static func cursor(since: Date? = now, sweptDaysAgo: Double?) -> SyncCursor {
        SyncCursor(
            departmentId: "d", kind: .invoice, updatedSince: since,
            lastFullSweepAt: sweptDaysAgo.map { now.addingTimeInterval(-$0 * 86_400) })
    }
    static func options(full: Bool = false, since: CalendarDate? = nil, poll: Bool = false) -> MirrorOptions {
        var options = MirrorOptions(full: full, since: since)
        options.poll = poll
        return options
    }

    /// `sync.full_sweep_days` is 7 unless the configuration says otherwise.
    static let sweeps: [SweepCase] = [
        SweepCase(name: "the first pass", options: options(), cursor: nil, sweep: true),
        SweepCase(name: "a cursor without a moment", options: options(), cursor: cursor(since: nil, sweptDaysAgo: 1), sweep: true),
        SweepCase(name: "never swept", options: options(), cursor: cursor(sweptDaysAgo: nil), sweep: true),
        SweepCase(name: "swept yesterday", options: options(), cursor: cursor(sweptDaysAgo: 1), sweep: false),
        SweepCase(name: "swept 8 days ago", options: options(), cursor: cursor(sweptDaysAgo: 8), sweep: true),
        SweepCase(name: "a poll, swept 8 days ago", options: options(poll: true), cursor: cursor(sweptDaysAgo: 8), sweep: false),
        SweepCase(name: "--full", options: options(full: true), cursor: cursor(sweptDaysAgo: 1), sweep: true),
        SweepCase(name: "--since", options: options(since: CalendarDate("2026-01-01")), cursor: cursor(sweptDaysAgo: 1), sweep: true),
    ]

    @Test(arguments: sweeps)
    func whenAPassListsEverything(_ sweepCase: SweepCase) async throws {
        try await MirrorParts.with(clock: ManualClock(start: Self.now)) { parts in
            let pass = CompanyPass(
                context: parts.context, company: parts.company, options: sweepCase.options, logger: AgentHarness.quietLogger,
                reportProgress: { _ in })
            #expect(parts.context.configuration.sync.fullSweepDays == 7)
            #expect(pass.isSweep(sweepCase.options, cursor: sweepCase.cursor) == sweepCase.sweep)
        }
    }
}
