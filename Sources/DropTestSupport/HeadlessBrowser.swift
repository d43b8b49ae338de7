package import Foundation

/// A real browser (Chromium or Chrome, headless) for the tests of the status page: it loads the page as
/// a user's browser would and returns the DOM it built. `scripts/install-deps` installs Chromium.
package struct HeadlessBrowser: Sendable {
    package let executable: URL

    /// The first Chromium or Chrome found: `$CHROMIUM`, then the usual names and places.
    package static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> HeadlessBrowser? {
        var candidates = environment["CHROMIUM"].map { [$0] } ?? []
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            candidates += path.map { "\($0)/\(name)" }
        }
        candidates += [
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
            .map { HeadlessBrowser(executable: URL(fileURLWithPath: $0)) }
    }

    /// Loads `url` and returns the serialized DOM after the page was built.
    package func dumpDOM(_ url: URL) async throws -> String {
        try await run(["--dump-dom", url.absoluteString]).output
    }

    /// Loads `url` in a phone-sized window and writes a PNG screenshot.
    package func screenshot(_ url: URL, to file: URL, width: Int = 420, height: Int = 1100) async throws {
        _ = try await run(["--window-size=\(width),\(height)", "--screenshot=\(file.path)", url.absoluteString])
    }

    private func run(_ arguments: [String]) async throws -> ProcessResult {
        // A profile of its own, so that browsers started by tests running at once never share one.
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = profile.path
        // --no-sandbox: CI runs as root, where Chromium's own sandbox refuses to start.
        let result = try await ProcessRunner.run(
            executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(profile.path)",
            ] + arguments, environment: environment)
        guard result.status == 0 else {
            throw BrowserError(message: "\(executable.lastPathComponent) exited \(result.status): \(result.errorOutput.suffix(500))")
        }
        return result
    }

    package struct BrowserError: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }
}
