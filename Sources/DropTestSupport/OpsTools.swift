package import Foundation

/// The operations tools some suites drive for real (promtool, prometheus, the Pushgateway, kubectl,
/// buildah, podman): found on the PATH or where Debian puts them. `scripts/install-deps --ops`
/// installs them; a suite says plainly when one is missing rather than passing without it.
package enum OpsTools {
    /// The tool's path, if it is installed.
    package static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        // .build/ops-venv/bin: kubernetes-validate, which scripts/install-deps --ops installs from PyPI.
        let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/ops-venv/bin").path
        let folders = path.split(separator: ":").map(String.init) + [venv, "/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"]
        return folders.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    /// `promtool check metrics` on `text` (it reads standard input): its verdict, lint included.
    package static func checkMetrics(_ text: String) async throws -> ProcessResult {
        let promtool = try tool("promtool")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-metrics-\(UUID().uuidString).prom")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "exec \"$0\" check metrics < \"$1\"", promtool.path, file.path], environment: [:])
    }

    /// The tool, or an error naming the script that installs it.
    package static func tool(_ name: String) throws -> URL {
        guard let url = find(name) else { throw Missing(name: name) }
        return url
    }

    package struct Missing: Error, CustomStringConvertible {
        package var name: String
        package var description: String { "\(name) is not installed: run scripts/install-deps --ops" }
    }

    /// Series in Prometheus text by their name and labels as written (`tldrop_link_up{root="r"}`).
    package static func series(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }
}
