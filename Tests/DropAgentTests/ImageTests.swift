import DropAgent
import DropTestSupport
import Foundation
import Testing

/// `scripts/image`: the container image a firm schedules, built with buildah from the suite's build and
/// run with podman (`--network=none`: the demo's sandbox listens inside the container). Where podman
/// cannot start a container on this machine, `buildah run --isolation chroot` runs the same image's
/// binary instead, and the test says so. Linux only: buildah is not packaged for macOS.
@Suite(
    .serialized, .enabled(if: BuildahHost.isLinux, "buildah and podman are Linux tools; this machine cannot install them"),
    .timeLimit(.minutes(TestLimits.spawning)))
struct ImageTests {
    static let repository = InstallTests.repository
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CONTAINERS_CONF"] = repository.appendingPathComponent("contrib/podman/containers.conf").path
        return environment
    }

    static func run(_ tool: String, _ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(try OpsTools.tool(tool), arguments, environment: environment)
    }

    @Test func theImageRunsTldropAsANonRootUserWithItsRootInAVolume() async throws {
        let tag = "localhost/tldrop-test:\(UUID().uuidString.prefix(8).lowercased())"
        let built = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [Self.repository.appendingPathComponent("scripts/image").path, "--configuration", "debug", "--no-build", "--tag", tag],
            environment: Self.environment)
        #expect(built.status == 0, "\(built.output)\(built.errorOutput)")
        guard built.status == 0 else { return }
        do {
            try await Self.check(tag)
        } catch {
            _ = try? await Self.run("buildah", ["rmi", "--force", tag])
            throw error
        }
        _ = try await Self.run("buildah", ["rmi", "--force", tag])
    }

    static func check(_ tag: String) async throws {

        let inspected = try await run("buildah", ["inspect", "--type", "image", tag])
        let manifest = inspected.output
        #expect(manifest.contains(#""org.opencontainers.image.version": "\#(TldropVersion.current)""#), "\(manifest.prefix(2000))")
        #expect(manifest.contains(#""User": "10001:10001""#) && manifest.contains(#""/data": {}"#))
        #expect(manifest.contains(#""Entrypoint": ["#) && manifest.contains(#""/usr/bin/tldrop""#))

        let version = try await run("podman", ["run", "--rm", "--network=none", tag, "--version"])
        if version.status == 0 {
            #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == TldropVersion.current)
            try await demoInANamedVolume(tag)
        } else {
            // podman's own failure (no runtime, no cgroups for it): the same image through buildah's chroot.
            print("podman cannot run containers here (\(version.errorOutput.prefix(300))); checking the image with buildah run --isolation chroot")
            try await versionThroughChroot(tag)
        }
    }

    /// `demo` writes the whole root into a named volume as user 10001; a second container on the same
    /// volume finds the index the first left.
    static func demoInANamedVolume(_ tag: String) async throws {
        let volume = "tldrop-test-\(UUID().uuidString.prefix(8).lowercased())"
        let demo = try await run("podman", ["run", "--rm", "--network=none", "-v", "\(volume):/data", tag, "demo", "--root", "/data"])
        #expect(demo.status == 0, "\(demo.output)\(demo.errorOutput)")
        #expect(demo.output.contains("Outbox/Brouwerij De Kroon/") && demo.output.contains(".tldrop/index.sqlite"), "\(demo.output)")
        let status = try await run("podman", ["run", "--rm", "--network=none", "-v", "\(volume):/data", tag, "status", "--json"])
        #expect(status.output.contains("\"companies\""), "\(status.output)\(status.errorOutput)")
        // The root's files belong to the image's user, not to root.
        let owners = try await run("podman", ["volume", "inspect", volume, "--format", "{{.Mountpoint}}"])
        let index = owners.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/.tldrop/index.sqlite"
        let attributes = try FileManager.default.attributesOfItem(atPath: index)
        #expect((attributes[.ownerAccountID] as? NSNumber)?.intValue == 10001)
        _ = try await run("podman", ["volume", "rm", "--force", volume])
    }

    static func versionThroughChroot(_ tag: String) async throws {
        let container = try await run("buildah", ["from", tag])
        let name = container.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(container.status == 0, "\(container.errorOutput)")
        let version = try await run("buildah", ["run", "--isolation", "chroot", name, "--", "/usr/bin/tldrop", "--version"])
        _ = try await run("buildah", ["rm", name])
        #expect(
            version.status == 0 && version.output.trimmingCharacters(in: .whitespacesAndNewlines) == TldropVersion.current, "\(version.errorOutput)")
    }
}

/// Where buildah can be installed at all.
enum BuildahHost {
    #if os(Linux)
        static let isLinux = true
    #else
        static let isLinux = false
    #endif
}
