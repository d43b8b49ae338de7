import Foundation

/// How a run went: its exit status (the worst of its stages), the link's health, what each stage did,
/// and the errors met on the way.
public struct RunOutcome: Sendable {
    public struct StageError: Sendable {
        public var stage: String
        public var error: any Error
        public var message: String { "\(error)" }
    }

    public var command: String
    public var startedAt = Date()
    public var finishedAt: Date?
    public var exitStatus: ExitStatus = .success
    public var link = LinkHealth(state: .unknown, checkedAt: nil)
    public var corrections: CorrectionsReport?
    public var mirror: MirrorReport?
    /// The departments the mirror stage worked on.
    public var companies: [ResolvedCompany]?
    public var inbox: InboxReport?
    public var archive: ArchiveReport?
    /// Month reports written at month close, relative to the root.
    public var monthReports: [String] = []
    public var push: PushReport?
    public var errors: [StageError] = []

    public init(command: String) {
        self.command = command
    }

    /// Records a stage's error; one that says the link is broken or unreachable also updates the link,
    /// so that later stages that need Teamleader are skipped.
    mutating func record(_ error: any Error, stage: String) {
        errors.append(StageError(stage: stage, error: error))
        raise(ExitStatus.of(error))
        if let health = LinkHealth.from(error) { link = health }
    }

    mutating func raise(_ status: ExitStatus) {
        if status > exitStatus { exitStatus = status }
    }

    func failed(_ error: any Error) -> RunOutcome {
        var copy = self
        copy.record(error, stage: "start")
        copy.finishedAt = Date()
        return copy
    }

    /// One line for the run history and for cron mail.
    public var summaryLine: String {
        var parts: [String] = []
        if let corrections {
            if !corrections.deleted.isEmpty { parts.append("\(corrections.deleted.count) deleted by hand") }
            if !corrections.reimported.isEmpty { parts.append("\(corrections.reimported.count) re-imported") }
            if !corrections.adopted.isEmpty { parts.append("\(corrections.adopted.count) adopted") }
            if !corrections.restored.isEmpty { parts.append("\(corrections.restored.count) put back") }
            if !corrections.failedMarkers.isEmpty { parts.append("\(corrections.failedMarkers.count) markers failed") }
        }
        if let mirror {
            parts.append("\(mirror.mirrored) mirrored")
            if mirror.adopted > 0 { parts.append("\(mirror.adopted) adopted") }
            if mirror.changed > 0 { parts.append("\(mirror.changed) changed after sending") }
            if mirror.conflicts > 0 { parts.append("\(mirror.conflicts) conflicts") }
            if mirror.failed > 0 { parts.append("\(mirror.failed) failed") }
            if mirror.refused > 0 { parts.append("\(mirror.refused) formats refused") }
            if mirror.unreadable > 0 { parts.append("\(mirror.unreadable) records unreadable") }
        }
        if let inbox {
            if !inbox.files.isEmpty { parts.append("\(inbox.files.count) inbox file\(inbox.files.count == 1 ? "" : "s") read, \(inbox.queued) payments queued") }
            if inbox.rejectedFiles > 0 { parts.append("\(inbox.rejectedFiles) rejected") }
            if inbox.badLines > 0 { parts.append("\(inbox.badLines) lines not understood") }
            if inbox.heldForReview > 0 { parts.append("\(inbox.heldForReview) held for review") }
            if !inbox.waiting.isEmpty { parts.append("\(inbox.waiting.count) still being written") }
        }
        if let push {
            if !push.registered.isEmpty { parts.append("\(push.registered.count) payments registered") }
            if !push.alreadyPaid.isEmpty { parts.append("\(push.alreadyPaid.count) already paid") }
            if !push.failed.isEmpty { parts.append("\(push.failed.count) payments refused") }
            if !push.held.isEmpty { parts.append("\(push.held.count) payments held for review") }
            if push.waiting > 0 { parts.append("\(push.waiting) payments waiting") }
        }
        if let archive, !archive.archives.isEmpty {
            parts.append("\(archive.documentsArchived) documents and \(archive.inboxFilesArchived) inbox files archived")
        }
        if link.state != .up { parts.append(link.headline) }
        if let error = errors.first, link.state == .up { parts.append("\(error.stage): \(error.message)") }
        return parts.isEmpty ? "nothing to do" : parts.joined(separator: "; ")
    }
}
