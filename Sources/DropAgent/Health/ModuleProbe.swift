import Foundation
import TeamleaderAPI

/// Asks Teamleader once per module tldrop uses (users, departments, invoices with credit notes) and
/// reports each one the connected user may not use. A 403 means the module is not granted; any other answer, even "not found" for a
/// made-up id, means it is.
struct ModuleProbe: Sendable {
    let client: TeamleaderClient

    /// What an admin must grant, by module, in the words of Teamleader's user settings.
    static let grants: [String: String] = [
        "Users": "the Teamleader user that connected tldrop must be able to read its own profile",
        "Departments": "give the user access to every department tldrop mirrors",
        "Invoices": "give the user access to Invoicing (invoices and credit notes), with the right to register payments",
    ]

    /// The checks, and the departments when they could be listed (the mapping check needs them).
    func run() async -> (checks: [DoctorReport.Check], departments: [Department]?) {
        let client = client
        var (users, user) = await probe("Users") { try await client.me() }
        if let user = user { users.detail += ", connected as \(user.email ?? user.id)" }
        var checks = [users]
        let (listed, departments) = await probe("Departments") { try await client.departments() }
        checks.append(listed)
        // tldrop reads invoices and credit notes (the Invoices scope) and nothing of Companies, Contacts or
        // Products: those are not asked for.
        checks.append(
            await probe("Invoices") {
                _ = try await client.invoices(page: Page(size: 1))
                _ = try await client.creditNotes(page: Page(size: 1))
            }.check)
        return (checks, departments)
    }

    /// Runs one module's call; returns the verdict and, when the call went through, its result.
    private func probe<T: Sendable>(_ module: String, _ call: @Sendable () async throws -> T) async -> (check: DoctorReport.Check, value: T?) {
        let name = "module \(module)"
        do {
            return (.init(name, .ok, "access granted"), try await call())
        } catch let error as TeamleaderError {
            switch error {
            case .forbidden:
                return (
                    .init(name, .failed, "Teamleader refuses access to \(module) (403)", remedy: Self.grants[module], exitStatus: .linkBroken), nil
                )
            case .rejected where error.refusedTheRequest:
                // Let in, only the probe's own request refused: the module is granted.
                return (.init(name, .ok, "access granted"), nil)
            default:
                return (.init(name, .failed, "\(error)", exitStatus: ExitStatus.of(error)), nil)
            }
        } catch {
            return (.init(name, .failed, "\(error)", exitStatus: ExitStatus.of(error)), nil)
        }
    }
}
