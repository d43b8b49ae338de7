import DropAgent
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Secrets stay in `.tldrop/credentials.json`: every command, verbose, with a recognisable client secret,
/// and every token the sandbox ever issued, looked for in all output, logs, files and the index.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct SecretsTests {
    @Test func noSecretReachesOutputLogsOrFilesOtherThanTheCredentialsFile() async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.clientSecret = "canary-secret-\(UUID().uuidString)"
        try await AgentHarness.with(configuration) { harness in
            let hook = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-hook-\(UUID().uuidString).env")
            defer { try? FileManager.default.removeItem(at: hook) }
            try harness.writeConfiguration(topLevel: "on_failure = \"env > '\(hook.path)'\"\n", extra: "[inbox]\nsettle_seconds = 0\n")
            var transcripts: [String] = []
            func run(_ arguments: [String]) async throws -> ProcessResult {
                let result = try await harness.spawn(arguments + ["--verbose"])
                transcripts += [result.output, result.errorOutput]
                return result
            }
            let spentToken = "canary-refresh-\(UUID().uuidString)"
            #expect(try await run(["connect", "--refresh-token", spentToken]).status == 77, "an unknown refresh token is refused")
            #expect(try await run(["connect", "--refresh-token", harness.sandbox.issueRefreshToken()]).status == 0)
            // Tokens that expire mid-run force refreshes while documents download.
            harness.sandbox.faults.expireAccessTokensAfter = 15
            #expect(try await run(["run"]).status == 0)
            let open = try #require(harness.openInvoices().first)
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(open.number!, "")]), company: "Company 1")
            for arguments in [
                ["run", "--json"], ["status", "--json"], ["status"], ["doctor", "--json"], ["doctor"], ["sync", "--dry-run"], ["verify"],
            ] {
                _ = try await run(arguments)
            }
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let broken = try await run(["run"])
            #expect(broken.status == 77, "exit \(broken.status): \(broken.errorOutput.suffix(1500))")
            _ = try await run(["doctor"])
            #expect(FileManager.default.fileExists(atPath: hook.path), "on_failure ran")
            transcripts.append((try? String(contentsOf: hook, encoding: .utf8)) ?? "")

            let secret = harness.sandbox.configuration.clientSecret
            let canaries = [secret, spentToken] + harness.sandbox.issuedSecrets
            #expect(canaries.count > 6)
            for (position, transcript) in transcripts.enumerated() {
                for canary in canaries where transcript.contains(canary) {
                    Issue.record("transcript \(position) shows a secret: …\(transcript.suffix(300))")
                }
            }
            var scanned = 0
            let enumerator = FileManager.default.enumerator(at: harness.root, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let bytes = try Data(contentsOf: url)
                scanned += 1
                let leaked = canaries.filter { bytes.range(of: Data($0.utf8)) != nil }
                if url.lastPathComponent == "credentials.json" {
                    #expect(!leaked.isEmpty, "the scan finds the tokens where they belong")
                    #expect(!leaked.contains(secret))
                } else {
                    #expect(leaked.isEmpty, "\(harness.layout.relative(url)) holds a secret")
                }
            }
            #expect(scanned > 20, "Outbox files, STATUS.md, the index and its WAL were scanned")
        }
    }
}
