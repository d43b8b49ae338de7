import Archives
import DropFiles
import DropIndex
import Foundation
import TeamleaderAPI

/// The sysexits codes tldrop ends with (DESIGN.md, "Commands").
package enum ExitStatus: Int32, Sendable, Comparable {
    case success = 0
    case bug = 1
    /// A usage error (sysexits EX_USAGE): a document number on the command line that names none or several.
    case usage = 64
    case dataError = 65
    case ioError = 74
    case tryLater = 75
    case linkBroken = 77
    case configuration = 78

    /// How bad an outcome is, so that a run reports the worst of its stages.
    var severity: Int {
        switch self {
        case .success: return 0
        case .usage: return 1
        case .dataError: return 1
        case .tryLater: return 2
        case .linkBroken: return 3
        case .ioError: return 4
        case .configuration: return 5
        case .bug: return 6
        }
    }

    package static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.severity < rhs.severity }
}

/// An error that knows the code it ends a command with. Each error type says its own; an error that
/// does not is a bug (1).
package protocol ExitStatusCarrying: Error {
    var exitStatus: ExitStatus { get }
}

extension ExitStatus {
    /// The code an error ends a command with.
    package static func of(_ error: any Error) -> ExitStatus {
        (error as? any ExitStatusCarrying)?.exitStatus ?? .bug
    }
}

// The errors of the modules beneath the agent, which know nothing of exit codes.

extension TeamleaderError: ExitStatusCarrying {
    package var exitStatus: ExitStatus {
        if isLinkBroken { return .linkBroken }
        if isTransient { return .tryLater }
        if case .tokenStoreFailed = self { return .ioError }
        if case .invalidClient = self { return .configuration }
        return .tryLater
    }
}

extension IndexError: ExitStatusCarrying {
    package var exitStatus: ExitStatus {
        switch self {
        case .newerSchema, .durability, .unreadableValue: return .configuration
        case .busy, .conflict: return .tryLater
        case .unavailable: return .ioError
        }
    }
}

extension ArchiveError: ExitStatusCarrying {
    package var exitStatus: ExitStatus { .ioError }
}

extension CocoaError: ExitStatusCarrying {
    package var exitStatus: ExitStatus { .ioError }
}

extension POSIXError: ExitStatusCarrying {
    package var exitStatus: ExitStatus { .ioError }
}

extension FileError: ExitStatusCarrying {
    package var exitStatus: ExitStatus { .ioError }
}
