import Crypto
import DropIndex
import Foundation
import ServiceLifecycle
import Logging
import PaymentFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the ready inbox files one by one: the same bytes are applied once; a file that cannot be read
/// goes to `Rejected/` with the reason; a readable one has its payments queued (one transaction) and
/// goes to `Processed/<YYYY-MM>/` with its report. Nothing is ever deleted or overwritten.
struct InboxIntake {
    let layout: RootLayout
    let index: DropIndex
    let logger: Logger
    var now: @Sendable () -> Date = { Date() }

    /// Reads every ready file; files that changed meanwhile are left for the next look.
    func process(_ scan: InboxScan) async throws -> InboxReport {
        var report = InboxReport()
        report.waiting = scan.waiting
        report.skipped = scan.skipped.map { "\($0.path): \($0.reason)" }
        try await finishInterrupted()
        try await ReviewItems.writePending(layout: layout, index: index)
        for candidate in scan.ready where !Task.isShuttingDownGracefully {
            if let file = try await process(candidate) { report.files.append(file) }
        }
        return report
    }

    private func process(_ candidate: InboxCandidate) async throws -> InboxFileReport? {
        guard let (data, sha) = try load(candidate) else { return nil }
        let name = candidate.name.description
        let earlier = try await index.inboxFiles(sha256: sha, company: candidate.company)
        if let unfinished = earlier.first(where: { $0.state == .applied && $0.finalPath == nil }) {
            // Applied before a crash, never moved: finish that, apply nothing again.
            return try await moveProcessed(candidate, record: unfinished, text: unfinished.report ?? "")
        }
        if let original = earlier.first(where: { $0.state == .applied || $0.state == .done }) {
            return try await duplicate(candidate, sha: sha, of: original)
        }
        let file: PaymentFile
        do {
            file = try PaymentFileReader.read(data)
        } catch let error as PaymentFileError {
            return try await reject(candidate, sha: sha, reason: "\(error)")
        }
        let today = PaymentDay(now())
        let classifier = LineClassifier(index: index, name: name, scope: candidate.company, today: today)
        let result = try await classifier.classify(file)
        var report = InboxFileReport(name: name, company: candidate.company, result: .processed, format: file.format.rawValue)
        report.lines = result.lines
        report.ignored = file.ignored
        let text = InboxReportText.render(
            report, displayPath: candidate.displayPath, size: Int64(data.count), sha256: sha, notes: file.notes, at: now())
        let record = try await index.apply(
            InboxFileRecord(sha256: sha, name: name, company: candidate.company, size: Int64(data.count), format: file.format.rawValue,
                            state: .applied, receivedAt: now(), report: text),
            payments: result.payments, events: result.events, reviews: result.reviews, resolutions: result.resolutions)
        CrashPoint.hit("after-apply")
        try await ReviewItems.writePending(layout: layout, index: index)
        CrashPoint.hit("after-review-file")
        var moved = try await moveProcessed(candidate, record: record, text: text)
        moved.lines = result.lines
        moved.ignored = file.ignored
        moved.format = file.format.rawValue
        logger.info(
            "inbox file applied",
            metadata: ["file": "\(candidate.displayPath)", "queued": "\(result.payments.count)", "held": "\(result.reviews.count)"])
        return moved
    }

    /// Reads the whole file through a descriptor that did not follow a symlink, checking it is still the
    /// regular file that was scanned.
    private func load(_ candidate: InboxCandidate) throws -> (Data, String)? {
        let fd: Int32
        do {
            fd = try candidate.folder.openForReading(candidate.name)
        } catch {
            logger.info("inbox file vanished before it was read", metadata: ["file": "\(candidate.displayPath)"])
            return nil
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, UInt64(info.st_ino) == candidate.inode,
            Int64(info.st_size) == candidate.size
        else { return nil }
        let limit = PaymentFileReader.maximumBytes + 1
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while data.count < limit {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.posix("read '\(candidate.displayPath)'", errno)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        // A writer that ignored the settle time and kept appending: leave it for later.
        guard Int64(data.count) == candidate.size || data.count >= limit else { return nil }
        return (data, SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
    }
}
