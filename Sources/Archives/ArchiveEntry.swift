import Foundation

/// One member of an archive, as read.
public struct ArchiveEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file
        case directory
        case symbolicLink
        case other
    }

    /// The member's path inside the archive, as stored.
    public var path: String
    public var kind: Kind
    public var modified: Date?
    /// The member's bytes (files only).
    public var data: Data

    public init(path: String, kind: Kind = .file, modified: Date? = nil, data: Data = Data()) {
        self.path = path
        self.kind = kind
        self.modified = modified
        self.data = data
    }

    /// Whether the path stays inside the archive: relative, no `..` component, no NUL.
    public var hasSafePath: Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"), !path.hasPrefix("\\") else { return false }
        let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        return !components.contains("..") && !(components.first?.hasSuffix(":") ?? false)
    }
}
