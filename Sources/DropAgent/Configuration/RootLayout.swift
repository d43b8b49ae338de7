import Foundation

/// The folders and files of one tldrop root (DESIGN.md, "Folders").
public struct RootLayout: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The root from `--root`, else `TLDROP_ROOT`, else the current directory.
    public static func resolve(root: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> RootLayout {
        let path = root ?? environment["TLDROP_ROOT"] ?? FileManager.default.currentDirectoryPath
        return RootLayout(root: URL(fileURLWithPath: path, isDirectory: true))
    }

    public var configFile: URL { root.appendingPathComponent("tldrop.toml") }
    public var outbox: URL { root.appendingPathComponent("Outbox", isDirectory: true) }
    public var inbox: URL { root.appendingPathComponent("Inbox", isDirectory: true) }
    public var stateDirectory: URL { root.appendingPathComponent(".tldrop", isDirectory: true) }
    public var indexFile: URL { stateDirectory.appendingPathComponent("index.sqlite") }
    public var credentialsFile: URL { stateDirectory.appendingPathComponent("credentials.json") }
    public var lockFile: URL { stateDirectory.appendingPathComponent("lock") }
    public var statusFile: URL { outbox.appendingPathComponent("STATUS.md") }

    public func companyFolder(_ company: String) -> URL {
        outbox.appendingPathComponent(company, isDirectory: true)
    }

    /// A path relative to the root, as the index stores it.
    public func relative(_ url: URL) -> String {
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    public func absolute(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }
}
