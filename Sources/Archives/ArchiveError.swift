import Foundation

/// A libarchive failure or a refused archive, with libarchive's own message where there is one.
public struct ArchiveError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    static func limit(_ what: String) -> ArchiveError { ArchiveError("refused: \(what)") }
}
