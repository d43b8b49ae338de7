import Foundation

/// SplitMix64: a small, fast generator whose every run with the same seed is the same run, so that a
/// failure found by a randomized test reproduces (the tests print the seed; set it back through the
/// environment variable they name).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The seed in `variable` when set, else a fresh one.
    public static func seed(from variable: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> UInt64 {
        environment[variable].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
