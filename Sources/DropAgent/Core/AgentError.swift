import Archives
import DropIndex
import Foundation
import TeamleaderAPI

/// Agent-level failures, each with the exit code DESIGN.md gives it.
package enum AgentError: Error, Sendable, CustomStringConvertible {
    /// Another command holds the run lock past the wait: 75.
    case busy(holder: RunLock.Holder)
    /// The credentials file is not what tldrop wrote: 77.
    case corruptCredentials(path: String)
    /// A company maps to a department that does not exist: 78.
    case unknownDepartment(company: String, department: String, existing: [String])
    /// The client id or secret is missing: 78.
    case missingClientCredentials(String)
    /// SIGTERM or SIGINT asked the run to stop at its next safe point: 75.
    case interrupted
    /// One company could not be mirrored (its folder is full or read-only, say); the others went on.
    case companyFailed(company: String, reason: String, status: ExitStatus)
    /// A command named a company `tldrop.toml` does not map: 78.
    case unknownCompany(String, known: [String])

    package var description: String {
        switch self {
        case .busy(let holder):
            return "\(holder) holds the lock of this root; try again later, or wait longer with --wait SECONDS"
        case .corruptCredentials(let path):
            return "the credentials file '\(path)' cannot be read; reconnect with 'tldrop connect'"
        case .unknownDepartment(let company, let department, let existing):
            return "company '\(company)' maps to department '\(department)', which does not exist in Teamleader; "
                + "departments: " + existing.map { "'\($0)'" }.joined(separator: ", ")
        case .missingClientCredentials(let what):
            return what
        case .companyFailed(let company, let reason, _):
            return "company '\(company)' was not mirrored: \(reason); the other companies were"
        case .unknownCompany(let name, let known):
            return "no company '\(name)' in tldrop.toml; companies: " + known.map { "'\($0)'" }.joined(separator: ", ")
        case .interrupted:
            return "stopped by a signal (SIGTERM or SIGINT) before the end; nothing is half-done and the next run picks up where this one stopped"
        }
    }
}

extension AgentError: ExitStatusCarrying {
    package var exitStatus: ExitStatus {
        switch self {
        case .busy, .interrupted: return .tryLater
        case .companyFailed(_, _, let status): return status
        case .corruptCredentials: return .linkBroken
        case .unknownDepartment, .missingClientCredentials, .unknownCompany: return .configuration
        }
    }
}
