import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import PaymentFiles
import TeamleaderAPI
import Wording

extension InboxIntake {
    func location(_ member: String?, _ line: Int) -> String { (member.map { "\($0) " } ?? "") + "line \(line)" }

    /// Moves an applied file to `Processed/<YYYY-MM>/` and publishes its report beside it: the one
    /// staged before the file was applied, or (if that is gone) the summary the index kept.
    func moveProcessed(_ candidate: InboxCandidate, record: InboxFileRecord) async throws -> InboxFileReport {
        let month = try processedMonth(record.receivedAt)
        let moved = try candidate.folder.move(candidate.name, to: month, as: candidate.name)
        CrashPoint.hit("after-move")
        let reportSha = try publishReport(of: record, beside: moved, in: month)
        let finalPath = layout.relative(month.url) + "/\(moved)"
        try await index.finishInboxFile(
            id: try record.persistedID, state: record.state == .duplicate ? .duplicate : .done, finalPath: finalPath, reportSha256: reportSha)
        try await retireRejected(candidate.name.description, errorFilesTo: month, beside: moved)
        return InboxFileReport(
            name: record.name, company: record.company, result: record.state == .duplicate ? .duplicate : .processed,
            format: record.format, finalPath: finalPath)
    }

    /// `<file>.report.txt` from the staged report (linked, then the staging name removed), or from the
    /// text the index kept when nothing was staged.
    /// - Returns: the report's SHA-256: tldrop's own bytes, which a later outcome may rewrite.
    @discardableResult
    func publishReport(of record: InboxFileRecord, beside file: RawName, in month: RawDirectory) throws -> String? {
        let staged = ReportSpool.stagedName(fileId: try record.persistedID)
        let name: RawName
        if month.exists(staged) {
            name = try month.link(staged, as: file.appending(".report.txt"))
            try month.remove(staged)
        } else {
            name = try month.create(file.appending(".report.txt"), contents: Data((record.report ?? "").utf8))
        }
        return try? DurableFile.sha256(of: month.url.appendingPathComponent(name.description))
    }

    /// A file read now that was rejected before and moved back by the admin: it leaves the rejected
    /// list, and its `.error.txt` comes out of `Rejected/` too, to lie beside what became of the file
    /// (nil: rejected again, the new error file says what is wrong now and the stale one goes).
    func retireRejected(_ name: String, errorFilesTo folder: RawDirectory?, beside file: RawName) async throws {
        let layout = self.layout
        let retired = try await index.retireRejected(named: name) { path in FileManager.default.fileExists(atPath: layout.absolute(path).path) }
        for record in retired {
            guard let path = record.finalPath else { continue }
            // Rejected/ or Rejected/<Company>/, wherever it was rejected to.
            guard let rejected = try? RawDirectory(layout.absolute((path as NSString).deletingLastPathComponent)) else { continue }
            let error = RawName((path as NSString).lastPathComponent).appending(".error.txt")
            guard rejected.exists(error) else { continue }
            if let folder {
                _ = try rejected.move(error, to: folder, as: file.appending(".error.txt"))
            } else {
                try rejected.remove(error)
            }
        }
    }

    /// The same bytes were applied before: recorded, moved to Processed with a report, applied zero times.
    func duplicate(_ candidate: InboxCandidate, sha: String, of original: InboxFileRecord) async throws -> InboxFileReport {
        let reason = Wording.english(.inboxDuplicate, original.name, Wording.english.stamp(original.receivedAt))
        var report = InboxFileReport(name: candidate.name.description, company: candidate.company, result: .duplicate, format: original.format)
        // The file beside it speaks the configured language; the command line stays English.
        report.reason = wording(.inboxDuplicate, original.name, wording.stamp(original.receivedAt))
        let text = InboxReportText.head(
            report, displayPath: candidate.displayPath, size: candidate.size, sha256: sha, notes: [], at: now(), wording: wording)
        report.reason = reason
        let record = try await index.record(
            InboxFileRecord(
                sha256: sha, name: candidate.name.description, company: candidate.company, size: candidate.size, format: original.format,
                state: .duplicate, receivedAt: now(), report: text))
        var moved = try await moveProcessed(candidate, record: record)
        moved.reason = reason
        return moved
    }

    /// A file that cannot be read: recorded, moved to `Rejected/` with `<file>.error.txt`.
    func reject(_ candidate: InboxCandidate, sha: String, error: PaymentFileError) async throws -> InboxFileReport {
        let name = candidate.name.description
        // The command line and the log say it in English; the folder and STATUS.md in the configured language.
        let reason = "\(error)"
        let said = error.text(wording)
        // It goes back where it came from: Inbox/, or the company's folder that scoped its numbers.
        let home = "Inbox/" + (candidate.company.map { "\($0)/" } ?? "")
        let text =
            wording(.inboxRejected, name, candidate.displayPath, wording.stamp(now())) + "\n\(said)\n\n"
            + wording(.inboxRejectedAdvice, home) + "\n"
        // The index keeps the reason as words: status and the page say it in the language of the day.
        let record = try await index.record(
            InboxFileRecord(
                sha256: sha, name: name, company: candidate.company, size: candidate.size, format: nil, state: .rejected,
                receivedAt: now(), report: error.words.stored))
        var rejected = try RawDirectory(layout.inbox).subdirectory(RootLayout.rejectedFolder, create: true)
        if let company = candidate.company { rejected = try rejected.subdirectory(company, create: true) }
        // Rejected again after a fix that did not do it: the new error file replaces the stale one.
        try await retireRejected(name, errorFilesTo: nil, beside: candidate.name)
        let moved = try candidate.folder.move(candidate.name, to: rejected, as: candidate.name)
        try rejected.create(moved.appending(".error.txt"), contents: Data(text.utf8))
        let finalPath = layout.relative(rejected.url) + "/\(moved)"
        try await index.finishInboxFile(id: try record.persistedID, state: .rejected, finalPath: finalPath)
        logger.warning("inbox file rejected", metadata: ["file": "\(candidate.displayPath)", "reason": "\(reason)"])
        var report = InboxFileReport(name: name, company: candidate.company, result: .rejected, finalPath: finalPath)
        report.reason = reason
        return report
    }

    func processedMonth(_ date: Date) throws -> RawDirectory {
        let day = CalendarDate(date, timeZone: .current)
        return try RawDirectory(layout.inbox).subdirectory(RootLayout.processedFolder, create: true).subdirectory(day.monthKey, create: true)
    }

    /// Files applied before a crash whose move finished but whose record did not: finds them in
    /// `Processed/` by their bytes, publishes the missing report and closes the record.
    func finishInterrupted() async throws {
        for record in try await index.unfinishedInboxFiles() where record.finalPath == nil {
            guard let month = try? processedMonth(record.receivedAt) else { continue }
            for name in try month.names() where !name.isHidden && !name.description.hasSuffix(".report.txt") {
                guard let info = month.status(name), Int64(info.st_size) == record.size,
                    (try? DurableFile.sha256(of: month.url.appendingPathComponent(name.description))) == record.sha256
                else { continue }
                if !month.exists(name.appending(".report.txt")) { try publishReport(of: record, beside: name, in: month) }
                try await index.finishInboxFile(id: try record.persistedID, state: .done, finalPath: layout.relative(month.url) + "/\(name)")
            }
        }
    }
}
