import DropValues
package import Foundation
package import Wording

/// How a run went: its exit status (the worst of its stages), the link's health, what each stage did,
/// and the errors met on the way.
package struct RunOutcome: Sendable {
    package struct StageError: Sendable {
        package var stage: RunStage
        package var error: any Error
        package var message: String { "\(error)" }
    }

    package var command: String
    package var startedAt = SystemClock.now()
    package var finishedAt: Date?
    package var exitStatus: ExitStatus = .success
    package var link = LinkHealth(state: .unknown, checkedAt: nil)
    package var corrections: CorrectionsReport?
    package var mirror: MirrorReport?
    /// The departments the mirror stage worked on.
    package var companies: [ResolvedCompany]?
    package var inbox: InboxReport?
    package var archive: ArchiveReport?
    /// Month reports written at month close, relative to the root.
    package var monthReports: [String] = []
    package var push: PushReport?
    package var errors: [StageError] = []

    package init(command: String) {
        self.command = command
    }

    /// Records a stage's error; one that says the link is broken or unreachable also updates the link,
    /// so that later stages that need Teamleader are skipped.
    mutating func record(_ error: any Error, stage: RunStage) {
        errors.append(StageError(stage: stage, error: error))
        raise(ExitStatus.of(error))
        if let health = LinkHealth.from(error) { link = health }
    }

    mutating func raise(_ status: ExitStatus) {
        if status > exitStatus { exitStatus = status }
    }

    func failed(_ error: any Error) -> RunOutcome {
        var copy = self
        copy.record(error, stage: .start)
        copy.finishedAt = SystemClock.now()
        return copy
    }

    /// Whether the run did anything a person may want to know of: an empty poll of `watch` did not.
    package var didSomething: Bool {
        if !errors.isEmpty || !monthReports.isEmpty { return true }
        if let c = corrections, !(c.deleted + c.reimported + c.unchanged + c.adopted + c.restored + c.failedMarkers).isEmpty { return true }
        if let m = mirror,
            m.mirrored + m.adopted + m.changed + m.conflicts + m.failed + m.refused + m.unreadable > 0
                || m.companies.contains(where: { !$0.deletedInTeamleader.isEmpty || !$0.formatsReceived.isEmpty })
        {
            return true
        }
        if let inbox, !inbox.files.isEmpty { return true }
        if let p = push, !(p.registered + p.alreadyPaid + p.failed + p.held).isEmpty { return true }
        return !(archive?.archives.isEmpty ?? true)
    }

    /// One line for cron mail and the command line.
    package var summaryLine: String { summaryWords.text(.english) }

    /// One line for the run history, in the language of the folder files.
    package func summary(_ w: Wording) -> String { summaryWords.text(w) }

    /// The run history's line as words: the index keeps it so, and each reader puts it in its language.
    package var summaryWords: Words {
        var parts: [Words] = []
        func add(_ count: Int, _ phrase: Phrase) { if count > 0 { parts.append(Words(phrase, count)) } }
        if let corrections {
            add(corrections.deleted.count, .runDeletedByHand)
            add(corrections.reimported.count, .runReimported)
            add(corrections.unchanged.count, .runReimportedUnchanged)
            add(corrections.adopted.count, .runAdopted)
            add(corrections.restored.count, .runRestored)
            add(corrections.failedMarkers.count, .runMarkersFailed)
        }
        if let mirror {
            parts.append(Words(.runMirrored, mirror.mirrored))
            add(mirror.adopted, .runAdopted)
            add(mirror.changed, .runChanged)
            add(mirror.conflicts, .runConflicts)
            add(mirror.failed, .runFailed)
            add(mirror.refused, .runRefusedFormats)
            add(mirror.unreadable, .runUnreadable)
        }
        if let inbox {
            if !inbox.files.isEmpty { parts.append(Words(.runInboxFiles, inbox.files.count, inbox.queued)) }
            add(inbox.rejectedFiles, .runRejected)
            add(inbox.badLines, .runBadLines)
            add(inbox.heldForReview, .runHeld)
            add(inbox.notOurs, .runNotOurs)
            add(inbox.waiting.count, .runStillWritten)
        }
        if let push {
            add(push.registered.count, .runRegistered)
            add(push.alreadyPaid.count, .runAlreadyPaid)
            add(push.failed.count, .runPaymentsRefused)
            add(push.held.count, .runPaymentsHeld)
            add(push.waiting, .runPaymentsWaiting)
        }
        if let archive, !archive.archives.isEmpty {
            parts.append(Words(.runArchived, archive.documentsArchived, archive.inboxFilesArchived))
        }
        if link.state != .up { parts.append(LinkHealth.headlineWords(link.state, detail: link.detail)) }
        // An error's own words stay as they are (errors are English, like the command line).
        if let error = errors.first, link.state == .up { parts.append(Words(.located, error.stage, error.message)) }
        return parts.isEmpty ? Words(.runNothing) : .joined(parts)
    }
}
