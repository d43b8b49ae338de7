import Crypto
import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import PaymentFiles
import ServiceLifecycle
import SystemPackage
import Wording

/// Reads the ready inbox files one by one: the same bytes are applied once; a file that cannot be read
/// goes to `Rejected/` with the reason; a readable one has its payments queued (one transaction, read
/// and applied batch by batch, so memory stays flat whatever its size) and goes to
/// `Processed/<YYYY-MM>/` with its report. Nothing is ever deleted or overwritten.
struct InboxIntake {
    let context: AgentContext
    let logger: Logger

    var layout: RootLayout { context.layout }
    var index: DropIndex { context.index }
    /// The language of reports and error files.
    var wording: Wording { context.configuration.wording }
    func now() -> Date { context.now() }

    /// The file changed while it was read: nothing of it was applied; it is read again later.
    struct FileChanged: Error {}

    /// Reads every ready file; files that changed meanwhile are left for the next look.
    func process(_ scan: InboxScan) async throws -> InboxReport {
        var report = InboxReport()
        report.waiting = scan.waiting
        report.skipped = scan.skipped.map { "\($0.path): \($0.reason)" }
        try await finishInterrupted()
        try await ReviewItems.refresh(layout: layout, index: index, wording: wording)
        for candidate in scan.ready where !Task.isShuttingDownGracefully {
            if let file = try await process(candidate) { report.files.append(file) }
        }
        return report
    }

    private func process(_ candidate: InboxCandidate) async throws -> InboxFileReport? {
        guard let file = try OpenedInboxFile(candidate, logger: logger) else { return nil }
        defer { file.close() }
        let earlier = try await index.inboxFiles(sha256: file.sha256, company: candidate.company)
        if let unfinished = earlier.first(where: { $0.state == .applied && $0.finalPath == nil }) {
            // Applied before a crash, never moved: finish that, apply nothing again.
            return try await moveProcessed(candidate, record: unfinished)
        }
        if let original = earlier.first(where: { $0.state == .applied || $0.state == .done }) {
            return try await duplicate(candidate, sha: file.sha256, of: original)
        }
        let receivedAt = now()
        let month = try processedMonth(receivedAt)
        let record = InboxFileRecord(
            sha256: file.sha256, name: candidate.name.description, company: candidate.company, size: file.size, format: nil, state: .applied,
            receivedAt: receivedAt)
        let (name, scope, displayPath, today) = (
            candidate.name.description, candidate.company, candidate.displayPath, CalendarDate(receivedAt, timeZone: .current)
        )
        let applied: (InboxFileRecord, InboxFileReport)
        do {
            applied = try await apply(file, record: record, month: month, name: name, scope: scope, displayPath: displayPath, today: today)
        } catch let error as PaymentFileError {
            return try await reject(candidate, sha: file.sha256, error: error)
        } catch is FileChanged {
            logger.info("inbox file changed while it was read; read again later", metadata: ["file": "\(displayPath)"])
            return nil
        } catch let error as PaymentInputError {
            throw FileError.posix("read '\(displayPath)'", error.errno)
        }
        CrashPoint.hit("after-apply")
        try await ReviewItems.refresh(layout: layout, index: index, wording: wording)
        CrashPoint.hit("after-review-file")
        var moved = try await moveProcessed(candidate, record: applied.0)
        moved.lines = applied.1.lines
        moved.counts = applied.1.counts
        moved.ignored = applied.1.ignored
        moved.format = applied.1.format
        logger.info(
            "inbox file applied",
            metadata: ["file": "\(displayPath)", "queued": "\(moved.count(.queued))", "held": "\(moved.count(.review))"])
        return moved
    }
}

extension InboxIntake {
    /// Reads and applies a file in one transaction, two cores at work: one reads, parses and looks up
    /// the documents lines name (on a read connection), the other applies each batch as it comes (on
    /// the writing one), so a file's time is about the slower of the two rather than their sum.
    fileprivate func apply(
        _ file: OpenedInboxFile, record: InboxFileRecord, month: RawDirectory, name: String, scope: String?, displayPath: String,
        today: CalendarDate
    ) async throws -> (InboxFileRecord, InboxFileReport) {
        let handoff = BatchHandoff<PreparedBatch, PaymentFileSummary>()
        async let reading: Void = read(file, into: handoff, scope: scope, today: today)
        do {
            let applied = try await index.applyInboxFile(record) { application in
                defer { handoff.abort() }
                let spool = ReportSpool(folder: month, wording: wording)
                var classifier = LineClassifier(application: application, spool: spool, name: name, scope: scope, today: today, wording: wording)
                while let prepared = try handoff.take() { try classifier.take(prepared) }
                let summary = try handoff.summary()
                guard file.isUnchanged else { throw FileChanged() }
                var report = InboxFileReport(name: name, company: scope, result: .processed, format: summary.format.rawValue)
                report.counts = spool.counts
                report.lines = spool.sample
                report.ignored = summary.ignored
                let head = InboxReportText.head(
                    report, displayPath: displayPath, size: file.size, sha256: file.sha256, notes: summary.readingNotes.map { $0.text(wording) },
                    at: record.receivedAt, wording: wording)
                try spool.stage(fileId: application.fileId, head: head, ignored: summary.ignored)
                return (report, report: head, format: summary.format.rawValue)
            }
            await reading
            return applied
        } catch {
            handoff.abort()
            await reading
            throw error
        }
    }

    /// The reading side: every batch with its documents, then how the file ended (or what stopped it).
    private func read(
        _ file: OpenedInboxFile, into handoff: BatchHandoff<PreparedBatch, PaymentFileSummary>, scope: String?, today: CalendarDate
    ) async {
        do {
            let summary = try await index.readingDocuments { documents in
                return try PaymentFileReader.read(file.input) { batch in
                    try handoff.put(PreparedBatch(batch, documents: documents, scope: scope, today: today))
                }
            }
            handoff.finish(.success(summary))
        } catch {
            handoff.finish(.failure(error))
        }
    }
}

/// An inbox file opened for reading (through a descriptor that did not follow a symlink), checked to be
/// the regular file that was scanned, and hashed in one pass; its bytes are then read in chunks.
///
/// The one who opened it closes it (`close()`), after its last reader is done.
private struct OpenedInboxFile: Sendable {
    private let descriptor: FileDescriptor
    let input: PaymentInput
    let size: Int64
    let sha256: String
    private let seen: Identity

    /// What says the file is still the one that was read: size, inode and modification time.
    private struct Identity: Equatable {
        var size: Int64
        var inode: UInt64
        var modified: timespec
        /// Not part of what is compared: a file never stops being regular under the same inode.
        var isRegular: Bool

        init?(_ descriptor: FileDescriptor) {
            var info = stat()
            guard fstat(descriptor.rawValue, &info) == 0 else { return nil }
            size = Int64(info.st_size)
            inode = UInt64(info.st_ino)
            modified = info.modified
            isRegular = (info.st_mode & S_IFMT) == S_IFREG
        }

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.size == rhs.size && lhs.inode == rhs.inode && lhs.modified.tv_sec == rhs.modified.tv_sec
                && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        }
    }

    /// Nil when the file vanished or is not the one scanned (it will be looked at again).
    init?(_ candidate: InboxCandidate, logger: Logger) throws {
        let descriptor: FileDescriptor
        do {
            descriptor = FileDescriptor(rawValue: try candidate.folder.openForReading(candidate.name))
        } catch {
            logger.info("inbox file vanished before it was read", metadata: ["file": "\(candidate.displayPath)"])
            return nil
        }
        var opened = false
        defer { if !opened { try? descriptor.close() } }
        self.descriptor = descriptor
        guard let identity = Identity(descriptor), identity.isRegular, identity.inode == candidate.inode, identity.size == candidate.size
        else { return nil }
        seen = identity
        size = identity.size
        // Past the limit the reader refuses it: a hash of the first bytes beyond it is enough to record it.
        let readable = Int(min(size, Int64(PaymentFileReader.maximumBytes) + 1))
        let input = PaymentInput(descriptor: descriptor.rawValue, size: readable)
        self.input = input
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var offset = 0
        while offset < readable {
            let count = try buffer.withUnsafeMutableBytes { raw in
                try input.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<min(raw.count, readable - offset)]))
            }
            // A writer that ignored the settle time and truncated it meanwhile: leave it for later.
            guard count > 0 else { return nil }
            hasher.update(data: buffer[0..<count])
            offset += count
        }
        sha256 = hasher.finalize().hexadecimal
        guard isUnchanged else { return nil }
        opened = true
    }

    /// Same size, time and inode as when it was opened.
    var isUnchanged: Bool { Identity(descriptor) == seen }

    func close() { try? descriptor.close() }
}
