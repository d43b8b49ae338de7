import DropIndex
import DropTestSupport
import Foundation
import Synchronization
import Testing

@testable import DropAgent

/// `inbox.settle_seconds`, by tldrop's own clock (here one the test moves): a file is read once its size
/// and time have stood still that long, and every change starts the wait again.
@Suite struct SettleTests {
    /// A scanner with a settle time of 5 s over a new root, reading the test's time.
    static func scanner() throws -> (InboxScanner, RootLayout, ManualClock) {
        let layout = RootLayout(root: FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-settle-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: layout.inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: layout.indexFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let time = ManualClock(start: Date(timeIntervalSince1970: 1_800_000_000))
        var scanner = InboxScanner(layout: layout, index: try DropIndex(path: layout.indexFile.path), companies: [], settleSeconds: 5)
        scanner.now = time.wallClock
        return (scanner, layout, time)
    }

    @Test func aFileIsReadOnceItStoodStillForTheSettleTimeAndEveryChangeRestartsTheWait() async throws {
        let (scanner, layout, time) = try Self.scanner()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let file = layout.inbox.appendingPathComponent("betalingen.csv")
        try Data("Factuurnummer;Betaald\n".utf8).write(to: file)

        #expect(try await scanner.scan().waiting == ["Inbox/betalingen.csv"], "first seen: its wait starts now")
        time.advance(4)
        #expect(try await scanner.scan().waiting == ["Inbox/betalingen.csv"], "4 s still")
        // The writer adds a line: the wait starts again from the moment the change is seen.
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026 / 1;ja\n".utf8))
        try handle.close()
        time.advance(1)
        #expect(try await scanner.scan().waiting == ["Inbox/betalingen.csv"], "changed at 5 s")
        time.advance(4)
        #expect(try await scanner.scan().waiting == ["Inbox/betalingen.csv"], "4 s after the change")
        time.advance(1)
        let settled = try await scanner.scan()
        #expect(settled.ready.map(\.displayPath) == ["Inbox/betalingen.csv"] && settled.waiting.isEmpty, "5 s after the change")
    }

    /// A clock stepped back (NTP correcting a clock that ran fast) does not hold a file for the hours it
    /// went back: a first sighting "in the future" counts from now.
    @Test func aClockSteppedBackDoesNotHoldAFileForHours() async throws {
        let (scanner, layout, time) = try Self.scanner()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        try Data("Factuurnummer;Betaald\n".utf8).write(to: layout.inbox.appendingPathComponent("export.csv"))
        #expect(try await scanner.scan().waiting == ["Inbox/export.csv"])
        time.advance(-7_200)
        #expect(try await scanner.scan().waiting == ["Inbox/export.csv"], "seen again, two hours earlier by the clock")
        time.advance(5)
        #expect(try await scanner.scan().ready.map(\.displayPath) == ["Inbox/export.csv"], "settled 5 s later, not two hours")
    }
}
