import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// A disk that fills up while tldrop publishes, archives, or commits to the index: a clear message, exit
/// 74, nothing half-done, and a clean run once there is room again.
@Suite(.enabled(if: Tmpfs.available, Tmpfs.unavailableReason), .timeLimit(.minutes(TestLimits.spawning)))
struct DiskFullTests {
    @Test func fullWhilePublishingThatCompanyFailsWith74AndTheOthersGoOn() async throws {
        try await AgentHarness.with(.agentTest(invoices: 60)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            // Room for three or four documents (tmpfs counts whole pages).
            let disk = try Tmpfs(at: harness.layout.companyFolder("Company 1"), bytes: 48 << 10)
            defer { disk.unmount() }
            let full = try await harness.spawn(["run"])
            #expect(full.status == 74, "\(full.errorOutput)")
            #expect(full.errorOutput.contains("company 'Company 1' was not mirrored"))
            #expect(full.errorOutput.contains("No space left on device") && full.errorOutput.contains("free space"))
            #expect(harness.files(in: "Company 1").filter { $0.hasPrefix(".") }.isEmpty, "no temporary file left")
            let index = try harness.openIndex()
            let second = harness.bookedDocuments(department: harness.sandbox.departments[1].id)
            #expect(try await index.documents(ids: second.map(\.id)).values.allSatisfy { $0.state == .mirrored }, "Company 2 went on")

            try disk.resize(to: 16 << 20)
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(try await harness.convergenceProblems().isEmpty)
        }
    }

    @Test func fullWhileArchivingKeepsTheLooseFilesAndNoArchive() async throws {
        try await AgentHarness.with(.agentTest(invoices: 60)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let disk = try Tmpfs(at: harness.layout.companyFolder("Company 1"), bytes: 16 << 20)
            defer { disk.unmount() }
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            // Room for what is there and one more page, not for an archive of it.
            try disk.resize(to: Self.usedBytes(harness.layout.companyFolder("Company 1")) + 4096)
            try harness.writeConfiguration(keepMonths: 2)
            let full = try await harness.spawn(["run"])
            #expect(full.status == 74, "\(full.errorOutput)")
            #expect(
                full.errorOutput.contains("could not write the archive") && full.errorOutput.contains("No space left on device"),
                "\(full.errorOutput)")
            let archives = harness.layout.companyFolder("Company 1").appendingPathComponent("Archive")
            let written = (try? FileManager.default.contentsOfDirectory(atPath: archives.path)) ?? []
            #expect(written.allSatisfy { !$0.hasPrefix(".") }, "no temporary archive left: \(written)")
            #expect(try await harness.convergenceProblems().isEmpty, "every loose file still there and recorded")

            try disk.resize(to: 32 << 20)
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(!((try? FileManager.default.contentsOfDirectory(atPath: archives.path)) ?? []).isEmpty)
            #expect(try await harness.convergenceProblems().isEmpty)
            #expect(try await harness.spawn(["verify", "--quiet"]).status == 0)
        }
    }

    @Test func fullWhileCommittingToTheIndexLosesNothing() async throws {
        try await AgentHarness.with(.agentTest(invoices: 60)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            // The index (and the credentials beside it) on a disk with a little room left.
            let state = harness.layout.stateDirectory
            let saved = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-state-\(UUID().uuidString)")
            try FileManager.default.moveItem(at: state, to: saved)
            let disk = try Tmpfs(at: state, bytes: 4 << 20)
            defer { disk.unmount() }
            for name in try FileManager.default.contentsOfDirectory(atPath: saved.path) {
                try FileManager.default.copyItem(at: saved.appendingPathComponent(name), to: state.appendingPathComponent(name))
            }
            try? FileManager.default.removeItem(at: saved)
            try disk.resize(to: Self.usedBytes(state) + (96 << 10))

            let full = try await harness.spawn(["run"])
            #expect(full.status == 74, "\(full.errorOutput)")
            #expect(full.errorOutput.contains("index.sqlite") && full.errorOutput.contains("disk is full"), "\(full.errorOutput)")
            #expect(harness.temporaryFiles().isEmpty)

            try disk.resize(to: 64 << 20)
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(try await harness.convergenceProblems().isEmpty)
        }
    }

    /// Bytes in use on the file system that holds `folder`.
    static func usedBytes(_ folder: URL) -> Int {
        var stats = statvfs()
        guard statvfs(folder.path, &stats) == 0 else { return 0 }
        return Int(stats.f_blocks - stats.f_bfree) * Int(stats.f_frsize)
    }
}
