import Foundation

/// A configuration problem: exit 78. Each names the file (and line, when known) and what was expected.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    static func key(_ key: String, in file: String, expected: String) -> ConfigurationError {
        ConfigurationError("\(file): '\(key)' must be \(expected)")
    }
}
