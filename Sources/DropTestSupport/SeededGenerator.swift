import Foundation
package import TeamleaderSandbox

/// The generator of randomized tests: every run with the same seed is the same run, so that a failure
/// found reproduces (the tests print the seed; set it back through the environment variable they name).
package typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// The seed in `variable` when set, else a fresh one.
    package static func seed(from variable: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> UInt64 {
        environment[variable].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    }
}
