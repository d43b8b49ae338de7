import DropAgent
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// Prometheus itself on tldrop's output: the alert rules under its own unit tests, a run's push read
/// back from a real Pushgateway, and a real Prometheus scraping several roots' `/metrics` that finds
/// exactly the one whose link broke. The tools come from `scripts/install-deps --ops`.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct PrometheusTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contrib/prometheus")

    static func promtool(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(try OpsTools.tool("promtool"), arguments, environment: ProcessInfo.processInfo.environment)
    }

    @Test func theAlertRulesAreValidAndEachFiresOnlyWhenItShould() async throws {
        let check = try await Self.promtool(["check", "rules", Self.rules.appendingPathComponent("tldrop.rules.yml").path])
        #expect(check.status == 0 && check.output.contains("SUCCESS: 6 rules found"), "\(check.output)\(check.errorOutput)")
        let tests = try await Self.promtool(["test", "rules", Self.rules.appendingPathComponent("tldrop.rules.test.yml").path])
        #expect(tests.status == 0 && tests.output.contains("SUCCESS"), "\(tests.output)\(tests.errorOutput)")
        // Every alert of the rules file has a unit test that makes it fire.
        let rules = try String(contentsOf: Self.rules.appendingPathComponent("tldrop.rules.yml"), encoding: .utf8)
        let unitTests = try String(contentsOf: Self.rules.appendingPathComponent("tldrop.rules.test.yml"), encoding: .utf8)
        let alerts = rules.split(separator: "\n").compactMap { $0.split(separator: "alert: ").dropFirst().first }
        #expect(alerts.count == 6)
        for alert in alerts {
            #expect(unitTests.contains("alertname: \(alert)\n        exp_alerts:\n          - exp_labels"), "no firing test for \(alert)")
            #expect(unitTests.contains("alertname: \(alert)\n        exp_alerts: []"), "no quiet test for \(alert)")
        }
    }

    @Test func aRunPushesItsMetricsToThePushgatewayUnderItsRoot() async throws {
        // Debian's name, else Homebrew's.
        try await OpsServer.with(
            OpsTools.find("prometheus-pushgateway") != nil ? "prometheus-pushgateway" : "pushgateway",
            arguments: { ["--web.listen-address=127.0.0.1:\($0)", "--persistence.interval=0"] }, ready: "-/ready"
        ) { gateway in
            try await AgentHarness.with(.agentTest(invoices: 6)) { harness in
                try harness.writeConfiguration(extra: "[metrics]\npushgateway = \"\(gateway.base.absoluteString)\"\nname = \"Brouwerij De Kroon\"\n")
                try await harness.connect()
                #expect(await harness.run().exitStatus == .success)
                let pushed = try await Browser.get(gateway.base.appendingPathComponent("metrics"))
                let lines = pushed.body.split(separator: "\n").filter { $0.contains(#"root="Brouwerij De Kroon""#) }
                #expect(
                    lines.contains { $0.hasPrefix("tldrop_link_up{") && $0.contains(#"job="tldrop""#) && $0.hasSuffix(" 1") },
                    "\(pushed.body.prefix(3000))")
                #expect(lines.contains { $0.hasPrefix("tldrop_documents_mirrored{") && $0.contains(#"company="Company 1""#) })

                // A second push replaces the first (the same grouping key): the broken link shows, once.
                harness.sandbox.revokeTokens()
                harness.sandbox.expireAccessTokens()
                #expect(await harness.run().exitStatus == .linkBroken)
                let again = try await Browser.get(gateway.base.appendingPathComponent("metrics"))
                let up = again.body.split(separator: "\n").filter { $0.hasPrefix("tldrop_link_up{") && $0.contains(#"root="Brouwerij De Kroon""#) }
                #expect(up.count == 1 && up.first?.hasSuffix(" 0") == true, "\(up)")
            }
        }
    }

    @Test func aPushgatewayThatIsDownIsLoggedAndTheRunStillSucceeds() async throws {
        try await AgentHarness.with(.agentTest(invoices: 4)) { harness in
            let port = try OpsServer.freePort()
            try harness.writeConfiguration(extra: "[metrics]\npushgateway = \"http://127.0.0.1:\(port)\"\n")
            try await harness.connect()
            let run = try await harness.spawn(["run"])
            #expect(run.status == 0, "\(run.errorOutput)")
            #expect(run.errorOutput.contains("metrics not pushed") && run.errorOutput.contains("127.0.0.1:\(port)"), "\(run.errorOutput)")
        }
    }

    /// Three clients' roots, each served on its own port; one link broken. Prometheus scrapes all three
    /// and `tldrop_link_up == 0` names exactly that one.
    @Test func prometheusScrapingSeveralRootsFindsExactlyTheBrokenLink() async throws {
        try await AgentHarness.with(.agentTest(invoices: 4)) { acme in
            try await AgentHarness.with(.agentTest(invoices: 4)) { kroon in
                try await AgentHarness.with(.agentTest(invoices: 4)) { lumiere in
                    for (harness, name) in [(acme, "acme"), (kroon, "kroon"), (lumiere, "lumiere")] {
                        try harness.writeConfiguration(extra: "[metrics]\nname = \"\(name)\"\n")
                        try await harness.connect()
                        #expect(await harness.run().exitStatus == .success)
                    }
                    kroon.sandbox.revokeTokens()
                    kroon.sandbox.expireAccessTokens()
                    #expect(await kroon.run().exitStatus == .linkBroken)

                    try await StatusPageTests.serving(acme) { a in
                        try await StatusPageTests.serving(kroon) { k in
                            try await StatusPageTests.serving(lumiere) { l in
                                let found = try await Self.brokenLinks(scraping: [a, k, l])
                                #expect(found == ["kroon"], "Prometheus found \(found)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Starts Prometheus over `targets`, waits (with a deadline) until it has scraped all of them, and
    /// answers the roots of `tldrop_link_up == 0`.
    static func brokenLinks(scraping targets: [URL]) async throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hosts = targets.map { "'\($0.host!):\($0.port!)'" }.joined(separator: ", ")
        let configuration = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ['\(rules.appendingPathComponent("tldrop.rules.yml").path)']
            scrape_configs:
              - job_name: tldrop
                static_configs:
                  - targets: [\(hosts)]

            """
        let file = folder.appendingPathComponent("prometheus.yml")
        try Data(configuration.utf8).write(to: file)
        return try await OpsServer.with(
            "prometheus",
            arguments: {
                [
                    "--config.file=\(file.path)", "--storage.tsdb.path=\(folder.appendingPathComponent("data").path)",
                    "--web.listen-address=127.0.0.1:\($0)",
                ]
            }, ready: "-/ready"
        ) { prometheus in
            let scraped = await prometheus.waitUntil(deadline: .seconds(120)) {
                (try? await query("count(tldrop_link_up)", at: prometheus))?.values == ["3"]
            }
            #expect(scraped, "Prometheus did not scrape the three roots in time")
            let broken = try await query("tldrop_link_up == 0", at: prometheus)
            return broken.roots.sorted()
        }
    }

    /// `GET /api/v1/query`: the result's `root` labels and values.
    static func query(_ expression: String, at prometheus: OpsServer) async throws -> (roots: [String], values: [String]) {
        var components = URLComponents(url: prometheus.base.appendingPathComponent("api/v1/query"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        let answer = try await Browser.get(components.url!)
        struct Answer: Decodable {
            struct Data: Decodable {
                struct Series: Decodable {
                    var metric: [String: String]
                    var value: [Value]
                }
                var result: [Series]
            }
            enum Value: Decodable {
                case number(Double), text(String)
                init(from decoder: any Decoder) throws {
                    let single = try decoder.singleValueContainer()
                    if let number = try? single.decode(Double.self) { self = .number(number) } else { self = .text(try single.decode(String.self)) }
                }
            }
            var status: String
            var data: Data
        }
        let decoded = try JSONDecoder().decode(Answer.self, from: Data(answer.body.utf8))
        let values = decoded.data.result.compactMap { series -> String? in
            if case .text(let value) = series.value.last { return value }
            return nil
        }
        return (decoded.data.result.compactMap { $0.metric["root"] }, values)
    }
}
