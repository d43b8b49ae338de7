import Foundation

/// A configuration problem: exit 78. Each names the file (and line, when known) and what was expected.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong, for code that decides what to do about it.
    public enum Kind: Sendable, Equatable {
        /// There is no `tldrop.toml`.
        case missingFile
        /// It is not UTF-8 text of a readable size.
        case unreadable
        /// It is not TOML.
        case syntax
        /// A key holds a value it cannot take (its full name: `archive.format`).
        case key(String)
        /// Anything else: the companies, the client's credentials, a command's own option.
        case other
    }

    public var kind: Kind
    public var description: String

    public init(_ description: String, kind: Kind = .other) {
        self.description = description
        self.kind = kind
    }

    static func key(_ key: String, in file: String, expected: String) -> ConfigurationError {
        ConfigurationError("\(file): '\(key)' must be \(expected)", kind: .key(key))
    }
}

extension ConfigurationError: ExitStatusCarrying {
    public var exitStatus: ExitStatus { .configuration }
}
