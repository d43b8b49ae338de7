import DropTestSupport
import Foundation
import Testing

/// The scheduler files in `contrib/` are what admins copy: they must parse, and run what exists.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct ContribTests {
    static let contrib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contrib")

    @Test func systemdUnitsPassSystemdAnalyzeVerify() async throws {
        let units = Self.contrib.appendingPathComponent("systemd")
        let names = try FileManager.default.contentsOfDirectory(atPath: units.path).sorted()
        #expect(Set(names).isSuperset(of: ["tldrop.service", "tldrop.timer", "tldrop@.service", "tldrop@.timer", "tldrop-watch.service"]))
        let timer = try String(contentsOf: units.appendingPathComponent("tldrop.timer"), encoding: .utf8)
        #expect(timer.contains("Persistent=true") && timer.contains("RandomizedDelaySec="))
        let service = try String(contentsOf: units.appendingPathComponent("tldrop.service"), encoding: .utf8)
        for hardening in [
            "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/srv/tldrop", "PrivateTmp=yes", "SystemCallFilter=@system-service",
        ] {
            #expect(service.contains(hardening))
        }
        #expect(service.contains("ExecStart=/usr/local/bin/tldrop run --quiet"))

        let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
        #if os(Linux)
            // scripts/install-deps installs systemd on Linux, so CI always runs the check.
            let tool = try #require(analyze, "systemd-analyze is missing: run scripts/install-deps")
        #else
            guard let tool = analyze else { return }  // macOS has no systemd; the plists are checked below.
        #endif
        // A copy whose ExecStart points at the binary just built (verify checks that it exists), and
        // the templates as instances (verify wants an instance name).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var checked: [String] = []
        for name in names {
            let text = try String(contentsOf: units.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/tldrop", with: ProcessRunner.tldropBinary.path)
            let instance = name.replacingOccurrences(of: "@.", with: "@acme.")
            try Data(text.utf8).write(to: folder.appendingPathComponent(instance))
            checked.append(folder.appendingPathComponent(instance).path)
        }
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: tool), ["verify", "--man=no"] + checked, environment: ["SYSTEMD_LOG_LEVEL": "info", "PATH": "/usr/bin:/bin"])
        // verify exits 0 on settings it ignores, so anything it says is a failure.
        #expect(result.status == 0 && result.errorOutput.isEmpty && result.output.isEmpty, "\(result.output)\(result.errorOutput)")
    }

    @Test func theCronLineAndTheLaunchdPlistsAreWellFormed() throws {
        let cron = try String(contentsOf: Self.contrib.appendingPathComponent("cron/tldrop"), encoding: .utf8)
        let jobs = cron.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.contains("=") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(jobs.count == 1)
        let fields = jobs[0].split(separator: " ", omittingEmptySubsequences: true)
        #expect(fields.count >= 8 && fields[6] == "/usr/local/bin/tldrop" && fields.contains("--quiet"), "m h dom mon dow user command")

        for name in ["be.tldrop.run.plist", "be.tldrop.watch.plist"] {
            let data = try Data(contentsOf: Self.contrib.appendingPathComponent("launchd/\(name)"))
            let plist = try #require(try PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any])
            #expect(plist["Label"] as? String == name.replacingOccurrences(of: ".plist", with: ""))
            let arguments = try #require(plist["ProgramArguments"] as? [String])
            #expect(arguments.first == "/usr/local/bin/tldrop" && arguments.contains("--root"))
        }
    }
}
