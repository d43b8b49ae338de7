/// How long, in minutes, one test (or one case of a parameterized test) that starts other processes may
/// run before Swift Testing fails it: `@Suite(.timeLimit(.minutes(TestLimits.spawning)))`.
///
/// These are guards against a hang (a child that never exits, a lock never released), not performance
/// bounds. The suite runs its tests in parallel, beside other work on a small machine: the slowest of
/// these tests took about 3 minutes under `scripts/test --under-load`, so the limits sit well above it.
package enum TestLimits {
    /// A test that runs tldrop, a tool or a browser a few times.
    package static let spawning = 10

    /// A test that repeats a spawned round `rounds` times (crash, power-cut or faulted runs: a round
    /// takes 5–15 s under load): a minute a round, never less than `spawning`.
    package static func repeating(_ rounds: Int) -> Int { max(spawning, rounds) }
}
