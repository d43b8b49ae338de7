import DropFiles
import DropIndex
import DropValues
import Foundation

/// A file in the inbox that is ready to be read.
struct InboxCandidate: Sendable {
    let folder: RawDirectory
    let name: RawName
    /// Set for files dropped in `Inbox/<Company>/`.
    let company: String?
    /// `Inbox/…/name`, printable.
    let displayPath: String
    let size: Int64
    let inode: UInt64
}

/// What a look at the inbox found.
struct InboxScan {
    var ready: [InboxCandidate] = []
    /// Files still changing (or seen for the first time), left for later.
    var waiting: [String] = []
    /// Entries that are not read, and why (symlinks, FIFOs, folders, hard links).
    var skipped: [(path: String, reason: String)] = []
}

/// Finds the files in `Inbox/` and `Inbox/<Company>/` that are ready: regular files only (nothing is
/// followed or opened otherwise), not hidden, lock or partial files, and unchanged in size and time for
/// `inbox.settle_seconds` as measured by our own observations.
struct InboxScanner {
    let layout: RootLayout
    let index: DropIndex
    let companies: [String]
    let settleSeconds: Int
    /// `inbox.done_files`: a file is taken only once `<name>.done` stands beside it, written after it.
    var doneFiles = false
    /// Files whose writer was seen closing them (inotify, under `watch`): taken without waiting out the
    /// settle time when the system confirms nobody has them open for writing.
    var closed: Set<String> = []
    var now: @Sendable () -> Date = { SystemClock.now() }

    init(layout: RootLayout, index: DropIndex, companies: [String], settleSeconds: Int) {
        self.layout = layout
        self.index = index
        self.companies = companies
        self.settleSeconds = settleSeconds
    }

    /// The scanner `tldrop.toml` describes: its companies, settle time and done-file mode.
    init(context: AgentContext, closed: Set<String> = []) {
        let configuration = context.configuration
        self.init(
            layout: context.layout, index: context.index, companies: configuration.companies.map(\.name),
            settleSeconds: configuration.inbox.settleSeconds)
        doneFiles = configuration.inbox.doneFiles
        self.closed = closed
        now = context.now
    }

    /// Names tldrop never reads: its own notes, and what editors and browsers leave while writing.
    static func isIgnored(_ name: RawName, atRoot: Bool, doneFiles: Bool = false) -> Bool {
        let text = name.description
        let lower = text.lowercased()
        if name.isHidden || text.hasPrefix("~$") { return true }
        if doneFiles && lower.hasSuffix(".done") { return true }
        if atRoot && text == "README.md" { return true }
        for suffix in [".tmp", ".part", ".crdownload", ".partial", ".swp", ".download", ".report.txt", ".error.txt"]
        where lower.hasSuffix(suffix) { return true }
        return false
    }

    func scan() async throws -> InboxScan {
        var scan = InboxScan()
        guard FileManager.default.fileExists(atPath: layout.inbox.path) else { return scan }
        let inbox = try RawDirectory(layout.inbox)
        var seen = Set<String>()
        try await look(in: inbox, company: nil, prefix: "Inbox", scan: &scan, seen: &seen)
        try await index.keepObservations(only: seen)
        return scan
    }

    private func look(in folder: RawDirectory, company: String?, prefix: String, scan: inout InboxScan, seen: inout Set<String>) async throws {
        for name in try folder.names().sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            let display = "\(prefix)/\(name)"
            if Self.isIgnored(name, atRoot: company == nil, doneFiles: doneFiles) { continue }
            guard let info = folder.status(name) else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let text = name.description
                if company == nil, [RootLayout.processedFolder, RootLayout.rejectedFolder, RootLayout.reviewFolder].contains(text) { continue }
                if company == nil,
                    let match = companies.first(where: { $0.precomposedStringWithCanonicalMapping == text.precomposedStringWithCanonicalMapping })
                {
                    let sub = try RawDirectory(folder.url.appendingPathComponent(text, isDirectory: true))
                    try await look(in: sub, company: match, prefix: display, scan: &scan, seen: &seen)
                } else {
                    scan.skipped.append(
                        (
                            display,
                            company == nil
                                ? "a folder that is not a company's; drop files in Inbox/ or Inbox/<Company>/ (\(companies.joined(separator: ", ")))"
                                : "a folder; only files are read"
                        ))
                }
            case S_IFREG:
                if info.st_nlink > 1 {
                    scan.skipped.append((display, "has \(info.st_nlink) hard links; tldrop only moves files that have one name, copy it in instead"))
                    continue
                }
                let key = "\(display)#\(info.st_ino)"
                seen.insert(key)
                // With done files, nothing is taken before its marker says the transfer is complete.
                if doneFiles, !Self.hasDoneMarker(for: name, in: folder, after: info) {
                    scan.waiting.append(display)
                    continue
                }
                // Settled by size and time, and (where the system can tell) no longer open for writing;
                // a file seen closed is settled as soon as the system confirms no writer has it open.
                let writer = WriterCheck.check(folder, name)
                let seenClosed = closed.contains(display) && writer == .closed
                if try await settled(key: key, info: info) || seenClosed, writer != .open {
                    scan.ready.append(
                        InboxCandidate(
                            folder: folder, name: name, company: company, displayPath: display, size: Int64(info.st_size),
                            inode: UInt64(info.st_ino)))
                } else {
                    scan.waiting.append(display)
                }
            case S_IFLNK:
                scan.skipped.append((display, "a symbolic link; links are never followed, copy the file in instead"))
            default:
                scan.skipped.append((display, "not a regular file (a pipe, socket or device); not opened"))
            }
        }
    }

    /// Whether `<name>.done` exists beside the file, changed no earlier than the file: a marker left
    /// from an earlier file of the same name does not release a new one.
    static func hasDoneMarker(for name: RawName, in folder: RawDirectory, after info: stat) -> Bool {
        let marker = RawName(bytes: name.bytes + Array(".done".utf8))
        guard let markerInfo = folder.status(marker),
            markerInfo.st_mode & S_IFMT == S_IFREG
        else { return false }
        let (m, f) = (markerInfo.modified, info.modified)
        return m.tv_sec > f.tv_sec || (m.tv_sec == f.tv_sec && m.tv_nsec >= f.tv_nsec)
    }

    /// Whether the file's size and time have stayed the same for the settle time, by our clock.
    private func settled(key: String, info: stat) async throws -> Bool {
        let mtime = Double(info.modified.tv_sec) + Double(info.modified.tv_nsec) / 1e9
        let size = Int64(info.st_size)
        let now = now()
        if let seen = try await index.observation(path: key), seen.size == size, seen.mtime == mtime,
            seen.changedAt <= now
        {
            return now.timeIntervalSince(seen.changedAt) >= Double(settleSeconds)
        }
        // New, changed, or our clock went back: start counting again.
        try await index.save(InboxObservation(path: key, size: size, mtime: mtime, changedAt: now))
        return settleSeconds == 0
    }
}
