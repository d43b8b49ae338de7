import Foundation
import TeamleaderAPI

/// Asks Teamleader once per module the link needs (DESIGN.md rule 6) and reports each one the connected
/// user may not use. A 403 means the module is not granted; any other answer, even "not found" for a
/// made-up id, means it is.
struct ModuleProbe: Sendable {
    let client: TeamleaderClient

    /// What an admin must grant, by module, in the words of Teamleader's user settings.
    static let grants: [String: String] = [
        "Users": "the Teamleader user that connected tldrop must be able to read its own profile",
        "Departments": "give the user access to every department tldrop mirrors",
        "Invoices": "give the user access to Invoicing (invoices and credit notes), with the right to register payments",
        "Companies": "give the user read access to Companies",
        "Contacts": "give the user read access to Contacts",
        "Products": "give the user read access to Products",
    ]

    /// The checks, and the departments when they could be listed (the mapping check needs them).
    func run() async -> (checks: [DoctorReport.Check], departments: [Department]?) {
        let client = client
        var (users, user) = await probe("Users") { try await client.me() }
        if let user = user { users.detail += ", connected as \(user.email ?? user.id)" }
        var checks = [users]
        let (listed, departments) = await probe("Departments") { try await client.departments() }
        checks.append(listed)
        let (invoices, found) = await probe("Invoices") { () async throws -> TypedReference? in
            let invoices = try await client.invoices(page: Page(size: 1))
            _ = try await client.creditNotes(page: Page(size: 1))
            return invoices.first?.invoicee.customer
        }
        checks.append(invoices)
        // A customer id from a real invoice when there is one; a made-up id otherwise (404 still proves access).
        let customer = found ?? nil
        let unknown = "00000000-0000-4000-8000-000000000000"
        let companyId = customer?.type == "company" ? customer?.id ?? unknown : unknown
        let contactId = customer?.type == "contact" ? customer?.id ?? unknown : unknown
        checks.append(await probe("Companies") { _ = try await client.company(id: companyId) }.check)
        checks.append(await probe("Contacts") { _ = try await client.contact(id: contactId) }.check)
        checks.append(await probe("Products") { _ = try await client.products(page: Page(size: 1)) }.check)
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
                return (.init(name, .failed, "Teamleader refuses access to \(module) (403)", remedy: Self.grants[module], exitStatus: .linkBroken), nil)
            case .rejected(_, let status, _) where (400..<500).contains(status) && status != 401 && status != 429:
                return (.init(name, .ok, "access granted"), nil)
            default:
                return (.init(name, .failed, "\(error)", exitStatus: ExitStatus.of(error)), nil)
            }
        } catch {
            return (.init(name, .failed, "\(error)", exitStatus: ExitStatus.of(error)), nil)
        }
    }
}
