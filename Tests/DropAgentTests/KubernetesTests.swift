import DropAgent
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import Testing

/// `contrib/kubernetes/`: every overlay renders with `kubectl kustomize` and validates offline against
/// the Kubernetes 1.32 schemas (`kubernetes-validate --strict`, pinned by `scripts/install-deps
/// --ops`); `new-client` writes overlays that do too, whose tldrop.toml tldrop itself accepts.
/// kubectl comes from Kubernetes' own packages (Debian's is 1.20, without kustomize v5).
@Suite(
    .enabled(if: OpsTools.find("kubectl") != nil, "kubectl is not installed and Debian packages no kubectl with kustomize v5"),
    .timeLimit(.minutes(TestLimits.spawning)))
struct KubernetesTests {
    static let kubernetes = InstallTests.repository.appendingPathComponent("contrib/kubernetes")

    static func render(_ overlay: URL) async throws -> String {
        let rendered = try await ProcessRunner.run(
            try OpsTools.tool("kubectl"), ["kustomize", overlay.path], environment: ProcessInfo.processInfo.environment)
        #expect(rendered.status == 0 && rendered.errorOutput.isEmpty, "\(overlay.lastPathComponent): \(rendered.errorOutput)")
        return rendered.output
    }

    /// `kubernetes-validate --strict` on YAML text: nil when it passes, else what it said.
    static func validate(_ yaml: String, name: String) async throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-\(name)-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let validated = try await ProcessRunner.run(
            try OpsTools.tool("kubernetes-validate"), ["-k", "1.32.0", "--strict", "--quiet", file.path],
            environment: ProcessInfo.processInfo.environment)
        return validated.status == 0 ? nil : validated.output + validated.errorOutput
    }

    static func newClient(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), [kubernetes.appendingPathComponent("new-client").path] + arguments,
            environment: ProcessInfo.processInfo.environment)
    }

    @Test func everyOverlayInTheRepositoryRendersAndValidates() async throws {
        let clients = try FileManager.default.contentsOfDirectory(
            at: Self.kubernetes.appendingPathComponent("clients"), includingPropertiesForKeys: nil)
        let overlays = [Self.kubernetes.appendingPathComponent("base"), Self.kubernetes.appendingPathComponent("watch")] + clients
        #expect(clients.count >= 2)
        for overlay in overlays {
            let yaml = try await Self.render(overlay)
            #expect(try await Self.validate(yaml, name: overlay.lastPathComponent) == nil, "\(overlay.lastPathComponent)")
            // The image scripts/image builds, by this version, unless an overlay names its registry.
            for line in yaml.split(separator: "\n") where line.contains("image: localhost/tldrop") {
                #expect(line.hasSuffix("localhost/tldrop:\(TldropVersion.current)"), "\(overlay.lastPathComponent): \(line)")
            }
        }
        for client in clients {
            let text = try String(contentsOf: client.appendingPathComponent("tldrop.toml"), encoding: .utf8)
            let configuration = try ConfigurationLoader(layout: RootLayout(root: client), environment: [:]).parse(text)
            #expect(configuration.metrics.name == client.lastPathComponent)
            let job = try String(contentsOf: client.appendingPathComponent("connect-job.yaml"), encoding: .utf8)
            #expect(try await Self.validate(job, name: "connect") == nil, "\(client.lastPathComponent)/connect-job.yaml")
        }
    }

    @Test func newClientWritesANightlyOverlayWhoseConfigurationTldropAccepts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-k8s-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("acme")
        let written = try await Self.newClient([
            "acme", "--client-id", "abc-123", "--company", "De Kroon BV=Brouwerij De Kroon", "--pushgateway",
            "http://pushgateway.monitoring:9091", "--start-date", "2026-11-01", "--out", overlay.path,
        ])
        #expect(written.status == 0, "\(written.errorOutput)")
        #expect(written.output.contains("kubectl -n tldrop-acme create secret generic tldrop-client"))
        let yaml = try await Self.render(overlay)
        #expect(try await Self.validate(yaml, name: "acme") == nil)
        #expect(yaml.contains("kind: CronJob") && yaml.contains("concurrencyPolicy: Forbid") && !yaml.contains("kind: Deployment"))
        #expect(yaml.contains("namespace: tldrop-acme") && yaml.contains("kind: PersistentVolumeClaim"))
        #expect(yaml.contains("key: TLDROP_CLIENT_SECRET") && !yaml.contains("kind: Secret"), "the secret stays in the cluster")
        #expect(yaml.contains("readOnlyRootFilesystem: true") && yaml.contains("runAsNonRoot: true"))

        let configuration = try ConfigurationLoader(layout: RootLayout(root: folder), environment: [:])
            .parse(try String(contentsOf: overlay.appendingPathComponent("tldrop.toml"), encoding: .utf8))
        #expect(configuration.metrics.name == "acme")
        #expect(configuration.metrics.pushgateway?.absoluteString == "http://pushgateway.monitoring:9091")
        #expect(configuration.companies.map(\.name) == ["Brouwerij De Kroon"])
        #expect(configuration.startDate == CalendarDate("2026-11-01"))

        // Never over an overlay that is there.
        let before = try Data(contentsOf: overlay.appendingPathComponent("tldrop.toml"))
        let again = try await Self.newClient(["acme", "--client-id", "other", "--out", overlay.path])
        #expect(again.status == 73 && again.errorOutput.contains("is there already"))
        #expect(try Data(contentsOf: overlay.appendingPathComponent("tldrop.toml")) == before)
    }

    @Test func newClientWithWatchRunsWatchBesideServeWithProbesAndNoCronJob() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-k8s-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("kroon")
        let written = try await Self.newClient([
            "kroon", "--watch", "--client-id", "abc", "--image", "registry.example.com/firm/tldrop:9.9.9", "--out", overlay.path,
        ])
        #expect(written.status == 0, "\(written.errorOutput)")
        let yaml = try await Self.render(overlay)
        #expect(try await Self.validate(yaml, name: "kroon") == nil)
        #expect(yaml.contains("kind: Deployment") && !yaml.contains("kind: CronJob"))
        #expect(yaml.contains("replicas: 1") && yaml.contains("type: Recreate"))
        #expect(yaml.contains("- watch") && yaml.contains("- serve"))
        #expect(yaml.contains("- --probe") && yaml.contains("- --stale-after"))
        #expect(yaml.split(separator: "\n").filter { $0.contains("image:") }.allSatisfy { $0.hasSuffix("registry.example.com/firm/tldrop:9.9.9") })
        let job = try String(contentsOf: overlay.appendingPathComponent("connect-job.yaml"), encoding: .utf8)
        #expect(try await Self.validate(job, name: "connect") == nil)
        #expect(job.contains("image: registry.example.com/firm/tldrop:9.9.9"))
        let text = try String(contentsOf: overlay.appendingPathComponent("tldrop.toml"), encoding: .utf8)
        #expect(try ConfigurationLoader(layout: RootLayout(root: folder), environment: [:]).parse(text).metrics.name == "kroon")
    }

    @Test func newClientRefusesANameThatIsNoNamespace() async throws {
        for name in ["Acme", "acme_bv", "acme-", String(repeating: "a", count: 60)] {
            let refused = try await Self.newClient([name, "--client-id", "abc", "--out", "/nonexistent/\(UUID().uuidString)"])
            #expect(refused.status == 64 && refused.errorOutput.contains("NAME"), "\(name): \(refused.errorOutput)")
        }
        let noID = try await Self.newClient(["acme", "--out", "/nonexistent/x"])
        #expect(noID.status == 64 && noID.errorOutput.contains("--client-id"))
    }
}
