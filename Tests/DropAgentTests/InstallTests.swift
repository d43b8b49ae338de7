import DropAgent
import DropTestSupport
import Foundation
import Testing

/// `scripts/install` and `scripts/package-deb`, as an admin runs them: the binary, its man page and
/// completions where a tool's go, and a Debian package that lintian accepts. They install the build the
/// suite made (`--no-build`): a second build beside running tests would relink their binary.
@Suite(.serialized, .timeLimit(.minutes(TestLimits.spawning))) struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sh(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: ProcessInfo.processInfo.environment)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func installPutsTheBinaryTheManPageCompletionsAndUnitsUnderThePrefixAndUninstallTakesThemAway() async throws {
        let stage = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: stage) }
        let script = Self.repository.appendingPathComponent("scripts/install").path
        let arguments = ["--prefix", "/opt/tldrop", "--destdir", stage.path, "--configuration", "debug", "--no-build"]
        let installed = try await Self.sh([script] + arguments + ["--units"])
        #expect(installed.status == 0, "\(installed.output)\(installed.errorOutput)")
        let root = stage.appendingPathComponent("opt/tldrop")

        let binary = root.appendingPathComponent("bin/tldrop").path
        let version = try await Self.sh([binary, "--version"])
        #expect(version.status == 0 && version.output.trimmingCharacters(in: .whitespacesAndNewlines) == TldropVersion.current)
        let help = try await Self.sh([binary, "--help"])
        #expect(help.output.contains("USAGE: tldrop <subcommand>") && help.output.contains("reimport"))

        let page = root.appendingPathComponent("share/man/man1/tldrop.1").path
        let man = try await Self.sh(["groff", "-mandoc", "-Tutf8", "-P-c", "-P-b", "-P-u", "-P-o", page])
        #expect(
            man.status == 0 && man.output.contains("NAME") && man.output.contains("tldrop") && man.output.contains("reimport"), "\(man.errorOutput)")

        let bash = root.appendingPathComponent("share/bash-completion/completions/tldrop").path
        #expect(try await Self.sh(["bash", "-n", bash]).status == 0)
        let loaded = try await Self.sh(["bash", "-c", "source '\(bash)' && complete -p tldrop"])
        #expect(loaded.status == 0 && loaded.output.contains("tldrop"), "\(loaded.output)\(loaded.errorOutput)")
        for completion in ["share/zsh/site-functions/_tldrop", "share/fish/vendor_completions.d/tldrop.fish"] {
            #expect(try String(contentsOf: root.appendingPathComponent(completion), encoding: .utf8).contains("tldrop"), "\(completion)")
        }
        let unit = try String(contentsOf: stage.appendingPathComponent("etc/systemd/system/tldrop.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/tldrop/bin/tldrop run --quiet"))

        let removed = try await Self.sh([script, "--uninstall"] + arguments.prefix(4))
        #expect(removed.status == 0, "\(removed.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: binary) && !FileManager.default.fileExists(atPath: page))
        #expect(!FileManager.default.fileExists(atPath: stage.appendingPathComponent("etc/systemd/system/tldrop.service").path))
    }

    @Test func theDebianPackageHoldsEverythingAndLintianFindsNoError() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let built = try await Self.sh(
            [Self.repository.appendingPathComponent("scripts/package-deb").path, "--out", out.path, "--configuration", "debug", "--no-build"])
        #expect(built.status == 0, "\(built.output)\(built.errorOutput)")
        let package = try #require(
            try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".deb") }.map { out.appendingPathComponent($0).path })
        #expect(
            package.hasSuffix(
                "tldrop_\(TldropVersion.current)_\(try await Self.sh(["dpkg", "--print-architecture"]).output.trimmingCharacters(in: .whitespacesAndNewlines)).deb"
            ))
        let contents = try await Self.sh(["dpkg-deb", "--contents", package])
        for path in [
            "./usr/bin/tldrop", "./usr/share/man/man1/tldrop.1.gz", "./usr/share/bash-completion/completions/tldrop",
            "./usr/share/zsh/vendor-completions/_tldrop", "./usr/share/fish/vendor_completions.d/tldrop.fish",
            "./usr/lib/systemd/system/tldrop.service", "./usr/lib/systemd/system/tldrop@.timer", "./usr/share/doc/tldrop/copyright",
        ] {
            #expect(contents.output.contains(path), "\(path) is in the package")
        }
        let control = try await Self.sh(["dpkg-deb", "--field", package, "Depends"])
        #expect(control.output.contains("libarchive13") && control.output.contains("libsqlite3-0"), "\(control.output)")
        let lintian = try await Self.sh(["lintian", "--fail-on", "error", package])
        #expect(lintian.status == 0, "\(lintian.output)")
        #expect(!lintian.output.contains("\nE: ") && !lintian.output.hasPrefix("E: "), "\(lintian.output)")
    }
}
