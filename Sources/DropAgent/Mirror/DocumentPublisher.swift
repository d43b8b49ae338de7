import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import ServiceLifecycle
import TeamleaderAPI

/// Decides, per listed document, whether to publish it, and publishes: download every format,
/// refuse to overwrite, record the intent, publish durably, mark it mirrored.
struct DocumentPublisher: Sendable {
    let context: AgentContext
    let company: ResolvedCompany
    let options: MirrorOptions
    let logger: Logger
    let reportProgress: @Sendable (MirrorProgress) -> Void

    enum Result: Sendable {
        case mirrored(files: Int, bytes: Int64, refused: [FormatFetcher.Refusal])
        case adopted
        case conflict
        case skipped
        case failed(String)
    }

    private var index: DropIndex { context.index }
    private var folder: URL { context.layout.companyFolder(company.name) }

    /// Handles one listing page; returns how many documents failed (they are retried next run).
    func handle(_ documents: [RemoteDocument], report: inout CompanyMirrorReport) async throws -> Int {
        guard !documents.isEmpty else { return 0 }
        let known = try await index.documents(ids: documents.map(\.id))
        var candidates: [(RemoteDocument, DocumentRecord?)] = []
        for document in documents {
            guard let record = known[document.id] else {
                // Listings reach back before `start_date` to watch what the link holds; what it never
                // delivered travels only from `start_date` (or a backfill's `--since`).
                if document.date >= options.travelsFrom(context.configuration) { candidates.append((document, nil)) }
                continue
            }
            guard record.state == .mirrored else {
                candidates.append((document, record))
                continue
            }
            // Sent once: a change is recorded and reported, never pushed by itself.
            if document.differs(from: record) || record.deletedInTeamleader {
                let changed =
                    switch document.change(since: record) {
                    case .none: false
                    case .listed: true
                    case .updatedOnly:
                        options.dryRun ? false : try await ContentCheck(context: context, logger: logger).changed(document, record: record)
                    }
                try await index.recordRemoteState(
                    of: document.record(company: company.name), contentChanged: changed,
                    detail: changed ? "Teamleader shows a newer version (updated \(document.updatedAt.map(Timestamp.format) ?? "?"))" : nil)
                if changed { report.changed.append(document.number) }
            }
        }
        if options.dryRun {
            report.wouldWrite += candidates.flatMap { document, _ in
                targets(for: document).map { context.layout.relative(folder.appendingPathComponent($0.name)) }
            }
            return 0
        }
        let results = try await publishAll(candidates)
        var failures = 0
        for ((document, _), result) in zip(candidates, results) {
            switch result {
            case .mirrored(let files, let bytes, let refused):
                report.mirrored += 1
                if report.mirroredNumbers.count < 100 { report.mirroredNumbers.append(document.number) }
                if let updatedAt = document.updatedAt, updatedAt >= report.lastArrival?.updatedAt ?? .distantPast {
                    report.lastArrival = .init(number: document.number, updatedAt: updatedAt, inOutboxAt: context.now())
                }
                report.filesWritten += files
                report.bytesWritten += bytes
                report.refused += refused.map { "\(document.number): \($0.format) refused (\($0.reason)); the other formats went out" }
            case .adopted: report.adopted += 1
            case .conflict: report.conflicts.append(document.number)
            case .skipped: break
            case .failed(let reason):
                report.failed.append("\(document.number): \(reason)")
                failures += 1
            }
        }
        return failures
    }

    /// Publishes documents concurrently, at most `sync.concurrency` at once; the rate limiter sets the pace.
    private func publishAll(_ candidates: [(RemoteDocument, DocumentRecord?)]) async throws -> [Result] {
        let limit = context.configuration.sync.concurrency
        // What a document not started keeps: a failure, so that the cursor stays and the next run lists it again.
        var results = [Result](repeating: .failed("not started: tldrop was stopping"), count: candidates.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func add() {
                let position = next
                let (document, known) = candidates[position]
                group.addTask { (position, try await publish(document, known: known)) }
                next += 1
            }
            while next < min(limit, candidates.count) { add() }
            var done = 0
            while let (position, result) = try await group.next() {
                results[position] = result
                done += 1
                reportProgress(MirrorProgress(company: company.name, listed: candidates.count, done: done))
                // SIGTERM under `watch`: let the downloads in flight finish, start no new one.
                if next < candidates.count, !Task.isShuttingDownGracefully { add() }
            }
        }
        return results
    }

    /// The formats a document is written in, with their file names.
    func targets(for document: RemoteDocument) -> [(format: DocumentFormat, name: String)] {
        DocumentTargets(configuration: context.configuration).targets(for: document)
    }

    private func publish(_ document: RemoteDocument, known: DocumentRecord?) async throws -> Result {
        let targets = targets(for: document)
        // A conflict stays until the other file is moved away; no download is wasted meanwhile.
        if known?.state == .conflict,
            targets.contains(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.name).path) })
        {
            return .skipped
        }
        let fetched: FormatFetcher.Result
        do {
            fetched = try await FormatFetcher(client: context.client, configuration: context.configuration).fetch(document, targets: targets)
        } catch let error as TeamleaderError where !error.isTransient && !error.isLinkBroken {
            return .failed("\(error)")
        }
        var downloads = fetched.downloads
        var record = document.record(company: company.name)
        record.revision = known?.revision ?? 1
        record.firstSeenAt = known?.firstSeenAt ?? context.now()
        // A file an interrupted run of ours published (its hash is in a pending row) is ours: it may
        // already have been picked up, so it is kept as it is, never replaced.
        let interrupted =
            known == nil
            ? [:]
            : Dictionary(
                try await index.files(documentId: document.id, states: [.pending]).map { ($0.path, $0.sha256) },
                uniquingKeysWith: { first, _ in first })
        for (position, download) in downloads.enumerated() {
            let path = folder.appendingPathComponent(download.name)
            guard let existing = try? DurableFile.sha256(of: path), existing != download.sha else { continue }
            if interrupted[context.layout.relative(path)] == existing {
                downloads[position].sha = existing
                downloads[position].bytes = try Data(contentsOf: path)
                continue
            }
            try await index.recordConflict(
                record, detail: "'\(download.name)' already exists with other content; nothing was overwritten")
            return .conflict
        }
        let files = downloads.map { download in
            DocumentFileRecord(
                documentId: document.id, revision: record.revision, format: download.format,
                path: context.layout.relative(folder.appendingPathComponent(download.name)),
                sha256: download.sha, size: Int64(download.bytes.count))
        }
        try await index.beginPublishing(record, files: files)
        // One folder sync for all of the document's files, before the index says they are there.
        let outcome = try await DurableFile.publishDocument(downloads.map { (data: $0.bytes, name: $0.name) }, in: folder)
        if let taken = outcome.taken {
            try await index.recordConflict(record, detail: "'\(taken)' appeared meanwhile with other content; nothing was overwritten")
            return .conflict
        }
        let published = downloads.filter { outcome.published.contains($0.name) }
        let written = published.count
        let bytes = published.reduce(Int64(0)) { $0 + Int64($1.bytes.count) }
        CrashPoint.hit("after-publish")
        try await index.finishPublishing(
            documentId: document.id, event: written > 0 || downloads.isEmpty ? .mirrored : .adopted,
            detail: downloads.isEmpty ? "no format could be downloaded yet" : downloads.map(\.name).joined(separator: ", "))
        // Refusals are recorded once the document is: the other formats went out, this one comes later.
        for refusal in fetched.refusals {
            try await index.recordRefusal(documentId: document.id, format: refusal.format, reason: refusal.reason)
        }
        CrashPoint.hit("mid-batch")
        return written > 0 || downloads.isEmpty ? .mirrored(files: written, bytes: bytes, refused: fetched.refusals) : .adopted
    }
}
