package import Foundation

/// The folders and files of one tldrop root (DESIGN.md, "Folders").
package struct RootLayout: Sendable {
    package let root: URL

    package init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The root from `--root`, else `TLDROP_ROOT`, else the current directory.
    package static func resolve(root: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> RootLayout {
        let path = root ?? environment["TLDROP_ROOT"] ?? FileManager.default.currentDirectoryPath
        return RootLayout(root: URL(fileURLWithPath: path, isDirectory: true))
    }

    package var configFile: URL { root.appendingPathComponent("tldrop.toml") }
    package var outbox: URL { root.appendingPathComponent("Outbox", isDirectory: true) }
    package var inbox: URL { root.appendingPathComponent("Inbox", isDirectory: true) }
    package var stateDirectory: URL { root.appendingPathComponent(".tldrop", isDirectory: true) }
    package var indexFile: URL { stateDirectory.appendingPathComponent("index.sqlite") }
    package var credentialsFile: URL { stateDirectory.appendingPathComponent("credentials.json") }
    package var lockFile: URL { stateDirectory.appendingPathComponent("lock") }
    package var statusFile: URL { outbox.appendingPathComponent("STATUS.md") }

    /// The folders tldrop keeps beside the documents and payment files, named once.
    package static let archiveFolder = "Archive"
    package static let reportsFolder = "Reports"
    package static let processedFolder = "Processed"
    package static let rejectedFolder = "Rejected"
    package static let reviewFolder = "Review"
    /// Names a company cannot have: its folder would be one of tldrop's own (in `Outbox/` or `Inbox/`).
    package static let reservedNames: Set<String> = [archiveFolder, reportsFolder, processedFolder, rejectedFolder, reviewFolder]

    package var processed: URL { inbox.appendingPathComponent(Self.processedFolder, isDirectory: true) }
    package var rejected: URL { inbox.appendingPathComponent(Self.rejectedFolder, isDirectory: true) }
    package var review: URL { inbox.appendingPathComponent(Self.reviewFolder, isDirectory: true) }

    package func companyFolder(_ company: String) -> URL {
        outbox.appendingPathComponent(company, isDirectory: true)
    }

    /// `Outbox/<Company>/Archive/`: the company's closed months.
    package func archive(company: String) -> URL {
        companyFolder(company).appendingPathComponent(Self.archiveFolder, isDirectory: true)
    }

    /// `Outbox/<Company>/Reports/`: the company's month reports.
    package func reports(company: String) -> URL {
        companyFolder(company).appendingPathComponent(Self.reportsFolder, isDirectory: true)
    }

    /// A path relative to the root, as the index stores it.
    package func relative(_ url: URL) -> String {
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    package func absolute(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }
}
