import DropFiles
import Foundation
package import TeamleaderAPI

/// Checks and writes the company mapping in `tldrop.toml` once `connect` knows the account's departments.
package struct CompanyMapper: Sendable {
    package let layout: RootLayout

    package init(layout: RootLayout) {
        self.layout = layout
    }

    /// What the mapping looks like against the real departments.
    package struct Review: Sendable {
        /// Mapped companies and the department each found.
        package var mapped: [(company: String, department: String)] = []
        /// Companies whose department does not exist.
        package var broken: [(company: String, department: String)] = []
        /// Departments no company mirrors, with a proposed block.
        package var unmapped: [Department] = []
    }

    package func review(_ configuration: AgentConfiguration, departments: [Department]) -> Review {
        var review = Review()
        var used = Set<String>()
        for company in configuration.companies {
            if let department = Self.find(company.department, in: departments) {
                review.mapped.append((company.name, department.name))
                used.insert(department.id)
            } else {
                review.broken.append((company.name, company.department))
            }
        }
        review.unmapped = departments.filter { !used.contains($0.id) && $0.status != "archived" }
        return review
    }

    /// Adds `[[company]]` blocks for `Department=Company` pairs to `tldrop.toml` (appended; nothing else in
    /// the file changes). The result is parsed before it replaces the file.
    /// - Throws: `AgentError.unknownDepartment` listing the real departments, or a `ConfigurationError`.
    @discardableResult
    package func apply(_ pairs: [String], departments: [Department], configuration: AgentConfiguration) throws -> [CompanyMapping] {
        var additions: [CompanyMapping] = []
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError("--map takes \"Department=Company\", not '\(pair)'")
            }
            guard let department = Self.find(parts[0], in: departments) else {
                throw AgentError.unknownDepartment(company: parts[1], department: parts[0], existing: departments.map(\.name))
            }
            if let problem = CompanyName.problem(parts[1]) { throw ConfigurationError("company name '\(parts[1])' \(problem)") }
            if let existing = configuration.companies.first(where: { $0.name == parts[1] }) {
                guard Self.find(existing.department, in: departments)?.id == department.id else {
                    throw ConfigurationError("company '\(parts[1])' already mirrors '\(existing.department)' in tldrop.toml")
                }
                continue
            }
            additions.append(CompanyMapping(name: parts[1], department: department.name))
        }
        guard !additions.isEmpty else { return [] }
        let current = try String(contentsOf: layout.configFile, encoding: .utf8)
        var text = current.hasSuffix("\n") ? current : current + "\n"
        for addition in additions {
            text +=
                "\n[[company]]\nname = \"\(ConfigurationTemplate.escape(addition.name))\"\ndepartment = \"\(ConfigurationTemplate.escape(addition.department))\"\n"
        }
        _ = try ConfigurationLoader(layout: layout, environment: [:]).parse(text)
        let mode = (try? FileManager.default.attributesOfItem(atPath: layout.configFile.path)[.posixPermissions] as? Int).map { mode_t($0) } ?? 0o644
        try DurableFile.replace(Data(text.utf8), at: layout.configFile, mode: mode)
        return additions
    }

    /// Finds each mapped company's department (by id or name) among the account's departments.
    /// - Throws: a `ConfigurationError` when nothing is mapped, `AgentError.unknownDepartment` listing
    ///   the departments that exist.
    static func resolve(_ configuration: AgentConfiguration, client: TeamleaderClient) async throws -> [ResolvedCompany] {
        let departments = try await client.departments()
        guard !configuration.companies.isEmpty else {
            throw ConfigurationError(
                "tldrop.toml maps no [[company]]; add one per department to mirror: "
                    + departments.map { "'\($0.name)'" }.joined(separator: ", "))
        }
        return try configuration.companies.map { mapping in
            guard let department = find(mapping.department, in: departments) else {
                throw AgentError.unknownDepartment(company: mapping.name, department: mapping.department, existing: departments.map(\.name))
            }
            return ResolvedCompany(name: mapping.name, departmentId: department.id, departmentName: department.name)
        }
    }

    static func find(_ wanted: String, in departments: [Department]) -> Department? {
        let name = wanted.precomposedStringWithCanonicalMapping.lowercased()
        return departments.first { $0.id == wanted } ?? departments.first { $0.name.precomposedStringWithCanonicalMapping.lowercased() == name }
    }
}
