import Foundation

/// `users.me`, `departments.list`/`info`, `companies.info`, `contacts.info`, `products.list`.
enum DirectoryEndpoints {
    static let all: [(String, String, Endpoint)] = [
        ("users.me", "users", me),
        ("departments.list", "departments", departments),
        ("departments.info", "departments", department),
        ("companies.info", "companies", company),
        ("contacts.info", "contacts", contact),
        ("products.list", "products", products),
    ]

    static let accountID = "5c4b2a8e-0000-4000-8000-00000000acc7"

    static func me(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        .data(
            .object([
                ("id", .string("7f3e1b2c-0000-4000-8000-000000005e12")),
                ("account", .object([("type", .string("account")), ("id", .string(accountID))])),
                ("first_name", .string("Sandra")),
                ("last_name", .string("Box")),
                ("email", .string("sandra.box@example.invalid")),
                ("language", .string("nl")),
                ("time_zone", .string("Europe/Brussels")),
            ]))
    }

    /// Teamleader ignores `page` here and always returns every department.
    static func departments(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let filter = try fields.object("filter")
        let ids = try filter?.strings("ids").map(Set.init)
        let statuses = try filter?.strings("status")
        for sort in try fields.objects("sort") ?? [] {
            _ = try sort.oneOf("field", ["default_department", "name", "created_at"])
            _ = try sort.oneOf("order", ["asc", "desc"])
        }
        return context.state.withLock { state in
            let renderer = SandboxRenderer(world: state.world, webBase: context.urls.base)
            let matches = state.world.departments.filter { department in
                (ids?.contains(department.id) ?? true) && (statuses?.contains(department.status) ?? true)
            }
            return .data(.array(matches.map(renderer.department)))
        }
    }

    static func department(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        return try context.state.withLock { state in
            guard let department = state.world.department(id) else {
                throw APIFailure.badRequest("Department '\(id)' does not exist")
            }
            return .data(SandboxRenderer(world: state.world, webBase: context.urls.base).department(department))
        }
    }

    static func company(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        _ = try fields.string("includes")
        return try context.state.withLock { state in
            guard let customer = state.world.customer(id), customer.kind == .company else {
                throw APIFailure.badRequest("Company '\(id)' does not exist")
            }
            return .data(SandboxRenderer(world: state.world, webBase: context.urls.base).company(customer))
        }
    }

    static func contact(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        return try context.state.withLock { state in
            guard let customer = state.world.customer(id), customer.kind == .contact else {
                throw APIFailure.badRequest("Contact '\(id)' does not exist")
            }
            return .data(SandboxRenderer(world: state.world, webBase: context.urls.base).contact(customer))
        }
    }

    static func products(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let filter = try fields.object("filter")
        let ids = try filter?.strings("ids").map(Set.init)
        let term = try filter?.string("term")?.lowercased()
        let updatedSince = try filter?.moment("updated_since")
        let page = try PageRequest(fields)
        return context.state.withLock { state in
            let matches = state.world.products.filter { product in
                if let ids, !ids.contains(product.id) { return false }
                if let term, !product.name.lowercased().contains(term), !product.code.lowercased().contains(term) {
                    return false
                }
                if let updatedSince, product.addedAt < updatedSince { return false }
                return true
            }
            let renderer = SandboxRenderer(world: state.world, webBase: context.urls.base)
            return .data(.array(page.slice(matches).map(renderer.product)))
        }
    }
}
