import Foundation

/// `doctor`'s look at the folders: each exists, is a real directory (not a link to elsewhere), and the
/// user running tldrop may read, enter and write it.
struct FolderChecks: Sendable {
    let layout: RootLayout
    let companies: [String]

    func run() -> [DoctorReport.Check] {
        var checks: [DoctorReport.Check] = []
        // A run creates every missing folder itself; a missing one is worth a word, not a failure.
        for (label, url) in [("Inbox", layout.inbox), ("Outbox", layout.outbox), (".tldrop", layout.stateDirectory)] {
            checks.append(check(label, url))
        }
        for company in companies {
            checks.append(check("Outbox/\(company)", layout.companyFolder(company)))
        }
        let failed = checks.filter { $0.verdict != .ok }
        guard !failed.isEmpty else {
            return [
                .init(
                    "folders", .ok, "Inbox/, Outbox/, .tldrop/ and \(companies.count) company folder\(companies.count == 1 ? "" : "s") are writable")
            ]
        }
        return failed
    }

    private func check(_ label: String, _ url: URL) -> DoctorReport.Check {
        let name = "folder \(label)"
        var status = stat()
        guard lstat(url.path, &status) == 0 else {
            return .init(name, .warning, "\(url.path) does not exist yet", remedy: "nothing: the next run creates it")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            return .init(
                name, .failed, "\(url.path) is not a folder (a file or a symbolic link)",
                remedy: "move it aside and create a real folder there", exitStatus: .ioError)
        }
        guard access(url.path, R_OK | W_OK | X_OK) == 0 else {
            return .init(
                name, .failed,
                "\(url.path) is not writable by user \(geteuid()) (mode \(String(status.st_mode & 0o777, radix: 8)), owner \(status.st_uid))",
                remedy: "give the user running tldrop write access: chown or chmod u+rwx '\(url.path)'", exitStatus: .ioError)
        }
        return .init(name, .ok, url.path)
    }
}
