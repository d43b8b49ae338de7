package import Foundation

/// One member of an archive, as read.
package struct ArchiveEntry: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case file
        case directory
        case symbolicLink
        case other
    }

    /// The member's path inside the archive, as stored.
    package var path: String
    package var kind: Kind
    package var modified: Date?
    /// The member's bytes (files only).
    package var data: Data

    package init(path: String, kind: Kind = .file, modified: Date? = nil, data: Data = Data()) {
        self.path = path
        self.kind = kind
        self.modified = modified
        self.data = data
    }

    /// Whether the path stays inside the archive: relative, no `..` component, no NUL.
    package var hasSafePath: Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"), !path.hasPrefix("\\") else { return false }
        let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        return !components.contains("..") && !(components.first?.hasSuffix(":") ?? false)
    }
}
