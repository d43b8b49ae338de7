import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// Faults of the machine around tldrop: a read-only company folder, the index locked by another process,
/// the clock stepped backwards. Each ends with a clear message, the right exit code, and a clean next run.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct FaultTests {
    @Test func aReadOnlyCompanyFolderFailsThatCompanyAndTheOthersGoOn() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let folder = harness.layout.companyFolder("Company 1")
            // Root writes through permission bits, so as root the folder is a read-only mount instead.
            let mount = Tmpfs.available ? try Tmpfs(at: folder, bytes: 8 << 20) : nil
            defer { mount?.unmount() }
            if let mount {
                try mount.setReadOnly(true)
            } else {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                chmod(folder.path, 0o555)
            }
            let refused = try await harness.spawn(["run"])
            #expect(refused.status == 74, "\(refused.errorOutput)")
            #expect(refused.errorOutput.contains("company 'Company 1' was not mirrored"), "\(refused.errorOutput)")
            #expect(refused.errorOutput.contains(mount == nil ? "write access" : "read-only"), "\(refused.errorOutput)")
            let second = harness.bookedDocuments(department: harness.sandbox.departments[1].id)
            let records = try await harness.openIndex().documents(ids: second.map(\.id))
            #expect(records.count == second.count && records.values.allSatisfy { $0.state == .mirrored }, "Company 2 went on")
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("Company 1"))

            if let mount { try mount.setReadOnly(false) } else { chmod(folder.path, 0o755) }
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(try await harness.convergenceProblems().isEmpty)
        }
    }

    /// Another process holds SQLite's write lock: the run waits its busy timeout, then says so and exits
    /// 75 having published nothing it could not record.
    @Test func theIndexLockedByAnotherProcessEndsIn75() async throws {
        let sqlite = try #require(
            ["/usr/bin/sqlite3", "/opt/homebrew/bin/sqlite3", "/usr/local/bin/sqlite3"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }, "sqlite3 is missing: run scripts/install-deps")
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let holder = try SQLiteHolder(sqlite: sqlite, database: harness.layout.indexFile)
            try await holder.waitUntilLocked()
            let started = ContinuousClock.now
            let locked = try await harness.spawn(["run"])
            #expect(locked.status == 75, "\(locked.status) \(locked.errorOutput)")
            #expect(locked.errorOutput.contains("locked by another process"), "\(locked.errorOutput)")
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(harness.files(in: "Company 1").isEmpty, "nothing published that could not be recorded")
            await holder.release()
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(try await harness.convergenceProblems().isEmpty)
        }
    }

    /// The clock was two hours fast and NTP steps it back: a file first seen "in the future" settles
    /// from the corrected time instead of waiting two hours, is never read early, and nothing happens twice.
    @Test func aClockSteppedBackwardsDoesNoHarm() async throws {
        #if os(Linux)
            let faketime = try #require(
                ["/usr/bin/faketime"].first { FileManager.default.isExecutableFile(atPath: $0) }, "faketime is missing: run scripts/install-deps")
        #else
            guard
                let faketime = ["/opt/homebrew/bin/faketime", "/usr/local/bin/faketime"].first(where: {
                    FileManager.default.isExecutableFile(atPath: $0)
                })
            else { return }
        #endif
        try await AgentHarness.with(.agentTest()) { harness in
            // Above the 120 s a run waits for settling itself, so that each run only looks.
            try harness.writeConfiguration(keepMonths: 2, extra: "[inbox]\nsettle_seconds = 121\n")
            try await harness.connect()
            /// `tldrop` with its clock moved by `offset` (libfaketime; monotonic time left alone).
            func at(_ offset: String, _ arguments: [String]) async throws -> ProcessResult {
                var environment = harness.environment
                environment["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
                return try await ProcessRunner.run(
                    URL(fileURLWithPath: faketime), ["-f", offset, ProcessRunner.tldropBinary.path] + arguments + ["--root", harness.root.path],
                    environment: environment)
            }
            #expect(try await at("+2h", ["run", "--quiet"]).status == 0)
            let open = try #require(harness.openInvoices().first)
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(open.number!, "")]), company: "Company 1")
            #expect(try await at("+2h", ["run", "--quiet"]).status == 0)
            #expect(harness.inbox("Company 1") == ["betalingen.csv"], "first seen (two hours ahead), settling")

            // NTP steps the clock back: the file is seen anew, not read early.
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(harness.inbox("Company 1") == ["betalingen.csv"])
            // Three minutes later by the corrected clock it has settled (not two hours later).
            let settled = try await at("+3m", ["run", "--quiet"])
            #expect(settled.status == 0, "\(settled.errorOutput)")
            #expect(harness.inbox("Company 1").isEmpty)
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [open.id])
            // Nothing done twice, nothing lost, at any of these times.
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(try await at("+2h", ["run", "--quiet"]).status == 0)
            #expect(harness.sandbox.receivedPayments.count == 1)
            #expect(try await harness.convergenceProblems().isEmpty)
            #expect(try await harness.spawn(["verify", "--quiet"]).status == 0)
        }
    }
}

/// `sqlite3` in another process holding `BEGIN EXCLUSIVE` on the index until released. It reads its
/// commands from a FIFO this test writes to, so that it can be told to let go later.
final class SQLiteHolder: Sendable {
    private let child: ChildProcess
    private let commands: FileHandle
    private let fifo: URL
    private let marker: URL

    init(sqlite: String, database: URL) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-locked-\(UUID().uuidString)")
        marker = base.appendingPathExtension("marker")
        fifo = base.appendingPathExtension("fifo")
        guard mkfifo(fifo.path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        // Opened read-write first (Linux never blocks that), so that the child's opening of it for reading,
        // made while `posix_spawn` waits for it to start, finds a writer and does not block.
        let descriptor = open(fifo.path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        commands = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        child = try ChildProcess(sqlite, [database.path], environment: ProcessInfo.processInfo.environment, input: fifo.path)
        commands.write(
            Data(
                "BEGIN EXCLUSIVE;\nINSERT INTO agent_state(key, value) VALUES ('test.lock', 'held') ON CONFLICT(key) DO UPDATE SET value = 'held';\n.output \(marker.path)\nSELECT 'locked';\n.output stdout\n"
                    .utf8))
    }

    /// Until sqlite3 says it holds the lock; the ceiling only catches a sqlite3 that never starts.
    func waitUntilLocked() async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: marker.path) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Rolls back and quits; waits for it to end (a hang ceiling of 120 s, then it is killed).
    func release() async {
        if child.ending() == nil {
            try? commands.write(contentsOf: Data("ROLLBACK;\n.quit\n".utf8))
            try? commands.close()
            if await child.wait(upTo: .seconds(120)) == nil { _ = await child.stop() }
        }
        try? FileManager.default.removeItem(at: marker)
        try? FileManager.default.removeItem(at: fifo)
    }
}
