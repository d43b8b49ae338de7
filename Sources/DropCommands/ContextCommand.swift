import ArgumentParser
import DropAgent
import Foundation

/// Opens a root for a command that works on it without the run lock, runs `body`, and closes it. A
/// failure is printed as `Error: …` and ends the command with the exit code DESIGN.md gives it.
func withContext<Result>(
    _ global: GlobalOptions, _ body: (AgentContext) async throws -> Result
) async throws -> Result {
    let context: AgentContext
    do {
        context = try AgentContext.open(layout: global.layout, logger: global.logger())
    } catch {
        Console.error("Error: \(error)")
        throw ExitStatus.of(error).exitCode
    }
    do {
        let result = try await body(context)
        await context.close()
        return result
    } catch let error as ValidationError {
        await context.close()
        throw error
    } catch let error as ExitCode {
        await context.close()
        throw error
    } catch {
        await context.close()
        Console.error("Error: \(error)")
        throw ExitStatus.of(error).exitCode
    }
}
