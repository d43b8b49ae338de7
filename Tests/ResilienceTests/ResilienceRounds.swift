import Foundation

/// How many rounds each repeating resilience suite runs: small, seeded shares in the whole suite, the
/// full counts under `scripts/test --power-loss`. Kept outside the suites, so that their time limits
/// (a minute a round) can be read from here.
enum ResilienceRounds {
    /// `TLDROP_CRASH_ITERATIONS`: runs killed at a random moment.
    static let crashes = count("TLDROP_CRASH_ITERATIONS", default: 20)
    /// `TLDROP_POWER_CUTS`: power cuts on LazyFS.
    static let powerCuts = count("TLDROP_POWER_CUTS", default: 20)
    /// `TLDROP_DISK_FAULT_ROUNDS`: runs on a failing disk.
    static let diskFaults = count("TLDROP_DISK_FAULT_ROUNDS", default: 24)

    private static func count(_ variable: String, default value: Int) -> Int {
        Int(ProcessInfo.processInfo.environment[variable] ?? "") ?? value
    }
}
