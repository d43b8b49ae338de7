import ArgumentParser
import DropAgent
import Foundation

/// Opens a root for a command that works on it without the run lock, runs `body`, and closes it. A
/// failure is printed as `Error: …` and ends the command with the exit code DESIGN.md gives it.
func withContext<Result>(
    _ global: GlobalOptions, _ body: (AgentContext) async throws -> Result
) async throws -> Result {
    try await reportingErrors { try await AgentContext.with(layout: global.layout, logger: global.logger(), body) }
}

/// Runs a command's work; a failure is printed as `Error: …` and ends the command with the exit code
/// DESIGN.md gives it. ArgumentParser's own errors and exit codes pass through as they are.
func reportingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        Console.error("Error: \(error)")
        throw ExitStatus.of(error).exitCode
    }
}
