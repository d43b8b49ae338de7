import ArgumentParser
import DropAgent
import Foundation

/// `tldrop doctor`: checks everything a run depends on and says what to repair.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check configuration, folders, free disk, the index, the Teamleader link and access to each module.",
        discussion:
            "Exits 0 when all is well, else with the code of the worst problem (74 disk, 75 unreachable, 77 link or access, 78 configuration).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let report = await Doctor(layout: global.layout, logger: global.logger()).run()
        if output.json {
            try Console.json(report)
        } else if !global.quiet || report.exitStatus != .success {
            Console.out(Self.render(report, root: global.layout.root.path))
        }
        if report.exitStatus != .success { throw report.exitStatus.exitCode }
    }

    static func render(_ report: DoctorReport, root: String) -> String {
        let width = min(report.checks.map(\.name.count).max() ?? 0, 24)
        var lines = ["tldrop doctor: \(root)"]
        for check in report.checks {
            let mark: String
            switch check.verdict {
            case .ok: mark = "ok  "
            case .warning: mark = "warn"
            case .failed: mark = "FAIL"
            case .skipped: mark = "skip"
            }
            lines.append("  \(mark)  \(check.name.padding(toLength: max(width, check.name.count), withPad: " ", startingAt: 0))  \(check.detail)")
            if let remedy = check.remedy, check.verdict != .ok {
                lines.append(String(repeating: " ", count: 8 + max(width, check.name.count)) + "→ \(remedy)")
            }
        }
        let failed = report.failed.count
        lines.append(
            failed == 0
                ? "All checks passed."
                : "\(failed) problem\(failed == 1 ? "" : "s") (exit code \(report.exitStatus.rawValue)); repair what the arrows say, then run 'tldrop doctor' again."
        )
        return lines.joined(separator: "\n")
    }
}
