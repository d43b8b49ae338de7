/// Every part of a run, in DESIGN.md's order, named as its errors are ("mirror: …").
package enum RunStage: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Before any stage: the root could not be opened, or the lock not taken.
    case start
    case recovery, link, corrections, mirror, inbox, push
    case reports = "reports and review files"
    case archive
    case monthReport = "month report"
    /// STATUS.md and the run's record, after the stages.
    case status
    /// A signal stopped the stages at a safe point.
    case signal

    package var description: String { rawValue }

    /// The stages a command chooses among; `run` takes them all.
    package static let chosen: Set<RunStage> = [.corrections, .mirror, .inbox, .push, .archive]
}

/// Teamleader stopped answering in the middle of a stage: what the stage did so far, and why it stopped.
/// The run records the cause under the stage, like any other error, and keeps the report.
package struct StageInterrupted<Report: Sendable>: Error, CustomStringConvertible {
    package var report: Report
    package var cause: any Error
    package var description: String { "\(cause)" }
}
