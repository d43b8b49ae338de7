import Foundation

/// `creditNotes.list`, `creditNotes.info`, `creditNotes.download` (every format, since specification 1.170).
enum CreditNoteEndpoints {
    static let all: [(String, Endpoint)] = [
        ("creditNotes.list", list), ("creditNotes.info", info), ("creditNotes.download", download),
    ]

    static func list(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let filter = try fields.object("filter")
        let ids = try filter?.strings("ids").map(Set.init)
        let department = try filter?.string("department_id")
        let updatedSince = try filter?.moment("updated_since")
        let invoiceID = try filter?.string("invoice_id")
        let project = try filter?.string("project_id")
        let customer = try filter?.object("customer")
        _ = try customer?.oneOf("type", ["company", "contact"])
        let customerID = try customer?.string("id")
        let after = try filter?.date("credit_note_date_after")
        let before = try filter?.date("credit_note_date_before")
        let page = try PageRequest(fields)
        let behaviour = context.state.configuration.behaviour
        return context.state.withLock { state in
            var matches = state.world.creditNotes.filter { note in
                if let ids, !ids.contains(note.id) { return false }
                if let department, note.departmentID != department { return false }
                if let updatedSince, note.updatedAt < updatedSince { return false }
                if let invoiceID, note.invoiceID != invoiceID { return false }
                if project != nil { return false }
                if let customerID, note.customerID != customerID { return false }
                if let after, note.date < after { return false }
                if let before, note.date >= before { return false }  // exclusive, unlike invoices
                return true
            }
            // No sort parameter, no documented order: a fresh one on every request (by date when told to be kind).
            if behaviour.unorderedCreditNotes {
                matches.shuffle(using: &state.random)
            } else {
                matches.sort { ($0.date, $0.fiscalYear, $0.sequence, $0.id) < ($1.date, $1.fiscalYear, $1.sequence, $1.id) }
            }
            var renderer = SandboxRenderer(world: state.world, webBase: context.urls.base, behaviour: behaviour)
            renderer.unreadable = state.faults.unreadableRecords
            return .data(.array(page.slice(matches).map(renderer.creditNote)))
        }
    }

    static func info(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        return try context.state.withLock { state in
            guard let index = state.world.creditNoteIndex(id) else {
                throw APIFailure.badRequest("Credit note '\(id)' does not exist")
            }
            let renderer = SandboxRenderer(world: state.world, webBase: context.urls.base, behaviour: context.state.configuration.behaviour)
            return .data(renderer.creditNote(state.world.creditNotes[index]))
        }
    }

    static func download(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        guard let format = try fields.oneOf("format", FileRoutes.formats) else {
            throw APIFailure.badRequest("format is required")
        }
        return try context.state.withLock { state in
            guard state.world.creditNoteIndex(id) != nil else {
                throw APIFailure.badRequest("Credit note '\(id)' does not exist")
            }
            try FileRoutes.checkNotRefused(id: id, format: format, state: state)
            return .data(FileRoutes.grant(&state, documentID: id, isCreditNote: true, format: format, context: context))
        }
    }
}
