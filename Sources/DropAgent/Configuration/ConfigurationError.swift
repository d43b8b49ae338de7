import Foundation

/// A configuration problem: exit 78. Each names the file (and line, when known) and what was expected.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong, for code that decides what to do about it.
    package enum Kind: Sendable, Equatable {
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

    package var kind: Kind
    package var description: String

    package init(_ description: String, kind: Kind = .other) {
        self.description = description
        self.kind = kind
    }

    static func key(_ key: String, in file: String, expected: String) -> ConfigurationError {
        ConfigurationError("\(file): '\(key)' must be \(expected)", kind: .key(key))
    }
}

extension ConfigurationError: ExitStatusCarrying {
    package var exitStatus: ExitStatus { .configuration }
}
