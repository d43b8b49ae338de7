import Foundation

/// A libarchive failure or a refused archive, with libarchive's own message where there is one.
package struct ArchiveError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, for code that decides what to do about it.
    package enum Kind: Sendable, Equatable {
        /// A system call failed (`errno` says which way: a full disk is `ENOSPC`).
        case system
        /// libarchive refused or failed (with the system's `errno` when it gave one).
        case library
        /// An input beyond the limits tldrop reads (a bomb, a climbing path).
        case refused
        /// A member whose bytes cannot be read back.
        case damaged
        /// A file that changed while it was archived.
        case changed
    }

    package var kind: Kind
    /// The system's error number, when the failure came from the system.
    package var errno: Int32?
    package var description: String

    package init(_ description: String, kind: Kind = .library, errno: Int32? = nil) {
        self.description = description
        self.kind = kind
        self.errno = errno
    }

    /// A failed system call on `what`, with the system's reason.
    static func system(_ what: String, _ code: Int32) -> ArchiveError {
        ArchiveError("\(what): \(String(cString: strerror(code)))", kind: .system, errno: code)
    }

    static func limit(_ what: String) -> ArchiveError { ArchiveError("refused: \(what)", kind: .refused) }
}
