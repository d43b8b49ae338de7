import ArgumentParser
import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI

/// `tldrop verify`: re-read every archive against the index.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Re-read every archive against the index; exit 65 when a member is missing, extra or changed.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let checks = try await withContext(global) { try await DocumentActions(context: $0).verify() }
        if output.json {
            try Console.json(checks)
        } else if !global.quiet || checks.contains(where: { !$0.isClean }) {
            for check in checks {
                if check.isClean {
                    if !global.quiet { Console.out("ok       \(check.archive) (\(check.members) members)") }
                    if !global.quiet, !check.unrecorded.isEmpty {
                        Console.out("  packed by a run that stopped before recording them (still loose too; the next run records them):")
                        for member in check.unrecorded { Console.out("    \(member)") }
                    }
                    continue
                }
                Console.out("PROBLEM  \(check.archive)")
                if let unreadable = check.unreadable { Console.out("  cannot be read: \(unreadable)") }
                for member in check.missing { Console.out("  missing: \(member)") }
                for member in check.extra { Console.out("  extra:   \(member)") }
                for member in check.changed { Console.out("  changed: \(member)") }
            }
            if checks.isEmpty, !global.quiet { Console.out("No archive yet.") }
        }
        if checks.contains(where: { !$0.isClean }) { throw ExitStatus.dataError.exitCode }
    }
}
