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
    public var mirror: MirrorReport?
    public var errors: [StageError] = []

    public init(command: String) {
        self.command = command
    }

    mutating func record(_ error: any Error, stage: String) {
        errors.append(StageError(stage: stage, error: error))
        raise(ExitStatus.of(error))
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
        if let mirror {
            parts.append("\(mirror.mirrored) mirrored")
            if mirror.adopted > 0 { parts.append("\(mirror.adopted) adopted") }
            if mirror.changed > 0 { parts.append("\(mirror.changed) changed after sending") }
            if mirror.conflicts > 0 { parts.append("\(mirror.conflicts) conflicts") }
            if mirror.failed > 0 { parts.append("\(mirror.failed) failed") }
        }
        if link.state != .up { parts.append(link.headline) }
        if let error = errors.first, link.state == .up { parts.append("\(error.stage): \(error.message)") }
        return parts.isEmpty ? "nothing to do" : parts.joined(separator: "; ")
    }
}
