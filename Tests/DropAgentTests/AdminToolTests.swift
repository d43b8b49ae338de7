import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing
import Wording

/// The rough edges a new admin meets: exit codes that say what they mean, help that reads, times in
/// their zone, folders that explain themselves, rejected files that remember where they came from, and
/// a doctor that reads what it checks.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct AdminToolTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/DropCommands")

    @Test func aNumberThatNamesNoneOrSeveralDocumentsIsAUsageError64WithTheCandidates() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await CorrectionsTests.mirrored(harness)
            let sandbox = harness.sandbox
            let shared = try #require(
                sandbox.invoices.first { invoice in
                    invoice.number != nil && sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID }
                })
            let unknown = try await harness.spawn(["log", "2026/999"])
            #expect(unknown.status == 64 && unknown.errorOutput.contains("no document the link delivered has the number '2026/999'"))
            for command in ["log", "reimport", "restore"] {
                let ambiguous = try await harness.spawn([command, shared.number!])
                #expect(ambiguous.status == 64, "\(command): \(ambiguous.errorOutput)")
                #expect(
                    ambiguous.errorOutput.contains("--company 'Company 1'") && ambiguous.errorOutput.contains("--company 'Company 2'"),
                    "\(command): \(ambiguous.errorOutput)")
            }
            let log = try await harness.spawn(["log", shared.number!, "--company", "Company 1"])
            #expect(log.status == 0 && log.output.contains("mirrored") && !log.output.contains("deletedInOutbox"))
            let money = try Regex(#"\d\.\d\d EUR"#)
            #expect(log.output.contains(money), "amounts with two decimals: \(log.output)")
        }
    }

    /// ArgumentParser wraps discussions to the terminal: a line of one that ends mid-sentence (not at a
    /// full stop or colon, not continued with `\`, not an indented example) is a hard break someone typed.
    @Test func discussionsHaveNoHardLineBreaksInsideSentences() throws {
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.sources.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(name), encoding: .utf8)
            for block in text.components(separatedBy: "discussion: \"\"\"").dropFirst() {
                let body = block.components(separatedBy: "\"\"\"")[0]
                let margin = body.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.prefix { $0 == " " }.count ?? 0
                for line in body.split(separator: "\n", omittingEmptySubsequences: true) {
                    let content = line.dropFirst(margin)
                    guard !content.trimmingCharacters(in: .whitespaces).isEmpty, !content.hasPrefix(" ") else { continue }
                    #expect(content.hasSuffix("\\") || content.hasSuffix(".") || content.hasSuffix(":"), "\(name): '\(content)'")
                    checked += 1
                }
            }
        }
        #expect(checked >= 8)
    }

    @Test func momentsAreWrittenInTheZonePeopleLiveInWithItsName() throws {
        let brussels = try #require(TimeZone(identifier: "Europe/Brussels"))
        let winter = try #require(ISO8601DateFormatter().date(from: "2026-12-07T12:09:00Z"))
        let summer = try #require(ISO8601DateFormatter().date(from: "2026-07-01T12:00:00Z"))
        #expect(Wording(.nl, timeZone: brussels).stamp(winter) == "07/12/2026 13:09 CET")
        #expect(Wording(.fr, timeZone: brussels).stamp(summer) == "01/07/2026 14:00 CEST")
        #expect(Wording(.en, timeZone: TimeZone(identifier: "UTC")!).stamp(winter) == "2026-12-07 12:09 UTC")
        let loader = ConfigurationLoader(layout: RootLayout(root: URL(fileURLWithPath: "/tmp/none")), environment: [:])
        #expect(try loader.parse("start_date = \"2026-11-01\"\ntimezone = \"Europe/Brussels\"\n").wording.timeZone == brussels)
        #expect(throws: ConfigurationError.self) { try loader.parse("start_date = \"2026-11-01\"\ntimezone = \"Mars/Olympus\"\n") }
    }

    @Test func initExplainsTheFoldersInTheProposedLanguageAndNeverOverwritesTheAdminsGuide() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try FileManager.default.createDirectory(at: harness.layout.outbox, withIntermediateDirectories: true)
            let own = Data("# Onze eigen uitleg\n".utf8)
            try own.write(to: harness.layout.outbox.appendingPathComponent("README.md"))
            let initialised = try await harness.spawn(
                ["init", "--client-id", "abc"], extraEnvironment: ["LC_ALL": "nl_BE.UTF-8", "TLDROP_CLIENT_SECRET": "s"])
            #expect(initialised.status == 0, "\(initialised.errorOutput)")
            #expect(
                !initialised.output.contains("client id") && !initialised.output.contains("TLDROP_CLIENT_SECRET"),
                "given already: \(initialised.output)")
            #expect(initialised.output.contains("tldrop connect --map"))
            let inbox = try String(contentsOf: harness.layout.inbox.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(inbox.hasPrefix("# Inbox") && inbox.contains("Zet hier bestanden met betaalstatussen neer"))
            #expect(try Data(contentsOf: harness.layout.outbox.appendingPathComponent("README.md")) == own, "the admin's own guide stays")
            let bare = try await harness.spawn(["init", "--root", harness.root.appendingPathComponent("second").path])
            #expect(bare.output.contains("client id") || harness.environment["TLDROP_CLIENT_ID"] != nil)
        }
    }

    @Test func aRejectedFileKeepsItsCompanyFolderAndSaysWhereToMoveItBack() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await CorrectionsTests.mirrored(harness)
            try harness.drop("kapot.csv", Data("Omschrijving;Iets\nhallo;wereld\n".utf8), company: "Company 1")
            #expect(await harness.run().exitStatus == .dataError)
            #expect(harness.inbox("Rejected/Company 1") == ["kapot.csv", "kapot.csv.error.txt"])
            let error = try String(contentsOf: harness.layout.inbox.appendingPathComponent("Rejected/Company 1/kapot.csv.error.txt"), encoding: .utf8)
            #expect(error.contains("move it back into Inbox/Company 1/"), "\(error)")
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("move it back into Inbox/Company 1/."))
        }
    }

    @Test func doctorReadsTheCredentialsFileNotOnlyItsMode() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            try Data("not json at all".utf8).write(to: harness.layout.credentialsFile)
            chmod(harness.layout.credentialsFile.path, 0o600)
            let doctor = try await harness.spawn(["doctor"])
            #expect(doctor.status == 77, "\(doctor.output)")
            #expect(doctor.output.contains("FAIL  credentials") && doctor.output.contains("cannot be read"), "\(doctor.output)")
            #expect(doctor.output.contains("tldrop connect"))
        }
    }
}
