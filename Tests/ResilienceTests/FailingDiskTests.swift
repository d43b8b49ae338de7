import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// A disk that refuses: the real `tldrop run` under random `fsync`, `fdatasync`, `rename` and SQLite's
/// `pwrite` failures (libfiu's `fiu-run`, the binary unchanged) and open and write failures at the file
/// layer (`TLDROP_FILE_FAULTS`), while the world changes as in the crash suite. Each faulted run ends
/// 0 or 74 (65 for a file the accountant got wrong) and names the file and the error; nothing it had
/// the disk refuse is recorded as done; the next run without faults converges; at the end every payment
/// is registered exactly once. `TLDROP_DISK_FAULT_ROUNDS` sets the size (CI: 24), `TLDROP_DISK_SEED`
/// replays one.
@Suite(
    .serialized, .enabled(if: RootIntegrity.isLinux, "libfiu's fiu-run is Linux only"),
    .timeLimit(.minutes(TestLimits.repeating(ResilienceRounds.diskFaults))))
struct FailingDiskTests {
    static let rounds = ResilienceRounds.diskFaults

    /// What fails, and how libfiu names it (nil: the file layer's own seam).
    /// fiu's `open` and `write` faults are left to the file layer: fiu's also hit libdispatch's reads of
    /// /proc (which trap inside libdispatch) and sockets, which say nothing about disks.
    static let kinds: [(name: String, fiu: String?)] = [
        ("fsync", "posix/io/sync/fsync"), ("fdatasync", "posix/io/sync/fdatasync"), ("rename", "posix/io/dir/rename"),
        ("index write (SQLite pwrite)", "posix/io/rw/pwrite"), ("file open and write", nil),
    ]
    static let stages = ["mirror", "inbox", "push", "archive", "report", "status", "correction", "index"]

    @Test func eachFaultEndsIn74NamingTheFileAndTheNextRunConverges() async throws {
        let seed = SeededGenerator.seed(from: "TLDROP_DISK_SEED")
        let replay = "replay with TLDROP_DISK_SEED=\(seed)"
        let fiuRun = try #require(OpsTools.find("fiu-run"), "fiu-run is missing: run scripts/install-deps")
        try await AgentHarness.with(.agentTest(invoices: 50)) { harness in
            try harness.writeConfiguration(keepMonths: 2, extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            var random = SeededGenerator(seed: seed)
            var world = CrashAnywhereTests.World()
            var byKind: [String: [Int32: Int]] = [:]
            var byStage: [String: Int] = [:]
            var mostRuns = 0
            for round in 0..<Self.rounds {
                try await world.change(harness, iteration: round, random: &random)
                let kind = Self.kinds[round % Self.kinds.count]
                let probability = [0.05, 0.2, 0.5].randomElement(using: &random)!
                var environment = harness.environment
                var command = [ProcessRunner.tldropBinary.path, "run", "--quiet", "--root", harness.root.path]
                if let name = kind.fiu {
                    command = ["-x", "-c", "enable_random name=\(name),probability=\(probability)"] + command
                } else {
                    environment["TLDROP_FILE_FAULTS"] = "\(UInt64.random(in: 1...UInt64.max, using: &random)):\(probability)"
                }
                let faulted =
                    try await kind.fiu == nil
                    ? ProcessRunner.run(ProcessRunner.tldropBinary, Array(command.dropFirst()), environment: environment)
                    : ProcessRunner.run(fiuRun, command, environment: environment)
                byKind[kind.name, default: [:]][faulted.status, default: 0] += 1
                #expect(!faulted.signalled && [0, 65, 74].contains(faulted.status), "\(kind.name) \(probability): \(faulted.errorOutput); \(replay)")
                if faulted.status == 74 {
                    // The file and the error: a path in quotes, and the system's words for what failed.
                    #expect(faulted.errorOutput.contains("'/"), "\(kind.name): \(faulted.errorOutput); \(replay)")
                    for stage in Self.stages where faulted.errorOutput.lowercased().contains(stage) { byStage[stage, default: 0] += 1 }
                }

                // Nothing the disk refused is recorded as done; the index is whole.
                let problems = try await RootIntegrity.problems(harness)
                #expect(problems.isEmpty, "after \(kind.name) at \(probability): \(problems); \(replay)")

                // Without faults, the next run converges.
                var runs = 1
                var next = try await harness.spawn(["run", "--quiet"])
                while next.status != 0 && runs < 3 {
                    next = try await harness.spawn(["run", "--quiet"])
                    runs += 1
                }
                #expect(next.status == 0, "after \(kind.name): \(next.errorOutput); \(replay)")
                mostRuns = max(mostRuns, runs)
                let verify = try await harness.spawn(["verify"])
                #expect(verify.status == 0, "\(verify.output)\(verify.errorOutput); \(replay)")
            }
            let kinds = Self.kinds.map { kind in
                "\(kind.name) " + (byKind[kind.name] ?? [:]).sorted { $0.key < $1.key }.map { "exit \($0.key) ×\($0.value)" }.joined(separator: ", ")
            }
            print(
                "failing-disk: \(Self.rounds) faulted runs (\(kinds.joined(separator: "; "))); 74 by stage \(byStage.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); at most \(mostRuns) runs to converge; \(world.paid.count) invoices paid, \(world.dropped.count) files dropped, seed \(seed)"
            )
            #expect(byKind.values.reduce(0) { $0 + ($1[74] ?? 0) } >= Self.rounds / 4, "faults must land: \(byKind); \(replay)")
            try await RootIntegrity.finalChecks(harness, world: world, replay: replay)
        }
    }

    /// Found by this suite (seed 17222133908339833182, an `open` failure): a disk error reading
    /// tldrop.toml was reported as a configuration error (78, "cannot be read as UTF-8 text"). It is the
    /// disk's: 74, naming the file and what the system said.
    @Test func aDiskErrorReadingTheConfigurationIsTheDisksNotTheConfigurations() async throws {
        try await AgentHarness.with(.agentTest(invoices: 2)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            // Probability 1: every open of tldrop's own files fails, the first one (tldrop.toml) with EIO.
            let run = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_FILE_FAULTS": "2:1"])
            #expect(run.status == 74, "\(run.errorOutput)")
            #expect(
                run.errorOutput.contains("could not read '\(harness.layout.configFile.path)'") && !run.errorOutput.contains("UTF-8"),
                "\(run.errorOutput)")
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
        }
    }

    /// Found by this suite (a file-layer write fault while a payment report was written): the error
    /// said "could not write a report" without the file. It names it, and nothing is lost.
    @Test func aReportTheDiskRefusesIsNamedAndTheNextRunFinishesIt() async throws {
        try await AgentHarness.with(.agentTest(invoices: 20)) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(invoice.number!, "")]), company: "Company 1")
            let refused = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_FILE_FAULTS": "1:1:report"])
            #expect(refused.status == 74, "\(refused.errorOutput)")
            #expect(refused.errorOutput.contains("could not write the report '/"), "\(refused.errorOutput)")
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(harness.sandbox.receivedPayments.filter { $0.invoiceID == invoice.id }.count == 1)
            let month = CalendarDate(Date(), timeZone: .current).monthKey
            #expect(harness.inbox("Processed/\(month)") == ["betalingen.csv", "betalingen.csv.report.txt"])
        }
    }

    /// Found by this suite (seed 564734251359466188): a fault while a month report was published, then
    /// a payment or a late document that changed the month before the next run. That run wrote the
    /// changed report as revision 2, so the archived month had no `<month>.md`, the name the portal and
    /// the admin look for. A stopped revision is finished with the bytes it recorded, and what changed
    /// since is the next revision.
    @Test func aReportTheDiskRefusedIsFinishedBeforeTheMonthChangesItAgain() async throws {
        try await AgentHarness.with(.agentTest(invoices: 20)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            // The first new file in Company 1's Reports folder refused: one month's report is left undone.
            let refused = try await harness.spawn(
                ["run", "--quiet"], extraEnvironment: ["TLDROP_FILE_FAULTS": "1:1:Company 1/Reports/\(DurableFile.temporaryPrefix):1"])
            #expect(refused.status == 74, "\(refused.errorOutput)")
            let reportsFolder = harness.layout.reports(company: "Company 1")
            let archived = harness.names(in: harness.layout.archive(company: "Company 1"))
            let month = try #require(archived.map { String($0.prefix(7)) }.first { !harness.names(in: reportsFolder).contains($0 + ".md") })
            // The month changes before the next run: a late invoice.
            let late = try harness.sandbox.bookInvoice(departmentID: harness.sandbox.departments[0].id, date: CalendarDate(month + "-15"), amount: 42)
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            let reports = harness.names(in: reportsFolder)
            #expect(Set([month + ".md", month + ".csv", month + "-r2.md", month + "-r2.csv"]).isSubset(of: reports), "\(reports)")
            let revised = try String(contentsOf: reportsFolder.appendingPathComponent("\(month)-r2.md"), encoding: .utf8)
            let first = try String(contentsOf: reportsFolder.appendingPathComponent("\(month).md"), encoding: .utf8)
            #expect(revised.contains("| \(late.number!) |") && !first.contains("| \(late.number!) |"))
            #expect(try await harness.convergenceProblems() == [])
        }
    }

    /// Found by this suite (a fault while a re-import published the new revision): the `.reimport`
    /// marker became `.reimport.failed`, as for a number that does not exist, and nothing tried again.
    /// A disk's error leaves the marker for the next run.
    @Test func aReimportTheDiskRefusesKeepsItsMarkerForTheNextRun() async throws {
        try await AgentHarness.with(.agentTest(invoices: 20)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let index = try harness.openIndex()
            let found = try await harness.document(withPDF: .published, company: "Company 1")
            let document = try #require(found)
            try harness.sandbox.editInvoice(id: document.id, amount: 3)
            let marker = try harness.placeReimportMarker(number: document.number)
            // The first new file in Company 1's folder refused (the new revision's), the rest allowed.
            let refused = try await harness.spawn(
                ["run", "--quiet"], extraEnvironment: ["TLDROP_FILE_FAULTS": "1:1:Company 1/\(DurableFile.temporaryPrefix):1"])
            #expect(refused.status == 74, "\(refused.errorOutput)")
            #expect(harness.files(in: "Company 1").contains(marker), "\(harness.files(in: "Company 1"))")
            #expect(!harness.files(in: "Company 1").contains { $0.hasSuffix(".failed") })
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(!harness.files(in: "Company 1").contains(marker))
            #expect(try await index.document(id: document.id)?.revision == 2)
        }
    }
}
