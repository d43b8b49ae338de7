import Foundation

/// What `tldrop doctor` found: one line per check, each with what to do when it is not fine.
package struct DoctorReport: Sendable, Codable {
    package struct Check: Sendable, Codable, Equatable {
        package enum Verdict: String, Sendable, Codable {
            case ok, warning, failed, skipped
        }

        /// What was checked ("configuration", "folders", "module Companies", …).
        package var name: String
        package var verdict: Verdict
        /// What was found.
        package var detail: String
        /// What to do about it, when something must be done.
        package var remedy: String?
        /// The exit status this check asks for when it failed (`.success` otherwise).
        package var exitStatus: ExitStatus

        package init(_ name: String, _ verdict: Verdict, _ detail: String, remedy: String? = nil, exitStatus: ExitStatus = .success) {
            self.name = name
            self.verdict = verdict
            self.detail = detail
            self.remedy = remedy
            self.exitStatus = verdict == .failed ? exitStatus : .success
        }

        enum CodingKeys: String, CodingKey {
            case name, verdict, detail, remedy
            case exitStatus = "exit_code"
        }
    }

    package var checks: [Check] = []

    /// The worst exit status of the failed checks (DESIGN.md's codes).
    package var exitStatus: ExitStatus {
        checks.map(\.exitStatus).max() ?? .success
    }

    package var failed: [Check] { checks.filter { $0.verdict == .failed } }

    mutating func add(_ check: Check) { checks.append(check) }
}

extension ExitStatus: Codable {}
