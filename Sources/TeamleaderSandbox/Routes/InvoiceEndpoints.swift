import Foundation

/// `invoices.list`, `invoices.info`, `invoices.download`, `invoices.registerPayment`.
enum InvoiceEndpoints {
    static let all: [(String, Endpoint)] = [
        ("invoices.list", list), ("invoices.info", info), ("invoices.download", download),
        ("invoices.registerPayment", registerPayment),
    ]

    static let statuses = ["draft", "outstanding", "matched"]

    static func list(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let filter = try fields.object("filter")
        let ids = try filter?.strings("ids").map(Set.init)
        let term = try filter?.string("term")?.lowercased()
        let number = try filter?.string("invoice_number")
        let department = try filter?.string("department_id")
        let unmatchedLinks = try ["deal_id", "project_id", "subscription_id"].contains { try filter?.string($0) != nil }
        let statuses = try filter?.strings("status")
        for (index, status) in (statuses ?? []).enumerated() where !Self.statuses.contains(status) {
            throw APIFailure.badRequest("filter.status[\(index)] must be one of \(Self.statuses.joined(separator: ", "))")
        }
        let updatedSince = try filter?.moment("updated_since")
        let purchaseOrder = try filter?.string("purchase_order_number")
        let paymentReference = try filter?.string("payment_reference")
        let after = try filter?.date("invoice_date_after")
        let before = try filter?.date("invoice_date_before")
        let customer = try filter?.object("customer")
        let customerType = try customer?.oneOf("type", ["company", "contact"])
        let customerID = try customer?.string("id")
        let page = try PageRequest(fields)
        let sorts = try (fields.objects("sort") ?? []).map { sort in
            (
                field: try sort.oneOf("field", ["invoice_number", "invoice_date"]) ?? "invoice_number",
                ascending: try sort.oneOf("order", ["asc", "desc"]) != "desc"
            )
        }
        _ = try fields.oneOf("includes", ["late_fees"])

        let behaviour = context.state.configuration.behaviour
        return context.state.withLock { state in
            let world = state.world
            var matches = world.invoices.filter { invoice in
                if let ids, !ids.contains(invoice.id) { return false }
                if let number, invoice.number != number { return false }
                if let department, invoice.departmentID != department { return false }
                if unmatchedLinks { return false }
                if let statuses, !statuses.contains(invoice.status) { return false }
                if let updatedSince, invoice.updatedAt < updatedSince { return false }
                if let purchaseOrder, invoice.purchaseOrderNumber != purchaseOrder { return false }
                if let paymentReference, invoice.paymentReference != paymentReference { return false }
                if let after, invoice.date.map({ $0 < after }) ?? true { return false }
                if let before, invoice.date.map({ $0 > before }) ?? true { return false }
                if let customerID, invoice.customerID != customerID { return false }
                if let customerType, world.customer(invoice.customerID)?.kind.rawValue != customerType { return false }
                if let term {
                    let haystack = [
                        invoice.number, invoice.purchaseOrderNumber, invoice.paymentReference,
                        world.customer(invoice.customerID)?.name,
                    ].compactMap { $0?.lowercased() }
                    if !haystack.contains(where: { $0.contains(term) }) { return false }
                }
                return true
            }
            // Default order per the API Blueprint: invoice_number ascending. Teamleader documents no
            // tie-breaker: ties come in a fresh order on every request (by id only when told to be kind).
            let keys = sorts.isEmpty ? [(field: "invoice_number", ascending: true)] : sorts
            let tieBreak = Dictionary(uniqueKeysWithValues: matches.map { ($0.id, behaviour.shuffledTies ? state.random.next() : 0) })
            matches.sort { a, b in
                for key in keys {
                    let order = key.field == "invoice_date" ? compare(a.date, b.date) : compare(numberKey(a), numberKey(b))
                    if order != 0 { return key.ascending ? order < 0 : order > 0 }
                }
                return (tieBreak[a.id] ?? 0, a.id) < (tieBreak[b.id] ?? 0, b.id)
            }
            var renderer = SandboxRenderer(world: world, webBase: context.urls.base, behaviour: behaviour)
            renderer.unreadable = state.faults.unreadableRecords
            return .data(.array(page.slice(matches).map { renderer.invoice($0) }))
        }
    }

    static func info(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        _ = try fields.oneOf("includes", ["late_fees"])
        return try context.state.withLock { state in
            guard let index = state.world.invoiceIndex(id) else { throw APIFailure.badRequest("Invoice '\(id)' does not exist") }
            let renderer = SandboxRenderer(world: state.world, webBase: context.urls.base, behaviour: context.state.configuration.behaviour)
            return .data(renderer.invoice(state.world.invoices[index], info: true))
        }
    }

    static func download(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        guard let format = try fields.oneOf("format", FileRoutes.formats) else {
            throw APIFailure.badRequest("format is required")
        }
        return try context.state.withLock { state in
            guard let index = state.world.invoiceIndex(id) else { throw APIFailure.badRequest("Invoice '\(id)' does not exist") }
            if state.world.invoices[index].isDraft && format != "pdf" {
                throw APIFailure.badRequest("A draft invoice can only be downloaded as pdf")
            }
            try FileRoutes.checkNotRefused(id: id, format: format, state: state)
            return .data(
                FileRoutes.grant(
                    &state, documentID: id, isCreditNote: false, format: format, context: context))
        }
    }

    static func registerPayment(_ fields: RequestFields, _ context: EndpointContext) throws -> EndpointResult {
        let id = try fields.requiredString("id")
        guard let payment = try fields.object("payment") else { throw APIFailure.badRequest("payment is required") }
        guard let amount = try payment.decimal("amount") else { throw APIFailure.badRequest("payment.amount is required") }
        let currency = try payment.requiredString("currency")
        guard let paidAt = try fields.moment("paid_at") else { throw APIFailure.badRequest("paid_at is required") }
        _ = try fields.string("payment_method_id")
        guard amount > 0 else { throw APIFailure.badRequest("payment.amount must be greater than 0") }
        return try context.state.withLock { state in
            guard let index = state.world.invoiceIndex(id) else { throw APIFailure.badRequest("Invoice '\(id)' does not exist") }
            guard !state.world.invoices[index].isDraft else {
                throw APIFailure.badRequest("Payments can only be registered on booked invoices")
            }
            guard currency == "EUR" else { throw APIFailure.badRequest("payment.currency must be the invoice's currency (EUR)") }
            state.world.invoices[index].payments.append(SandboxPayment(amount: amount, paidAt: paidAt))
            state.world.invoices[index].updatedAt = context.now
            let lose = state.faults.losePaymentAnswers > 0
            if lose { state.faults.losePaymentAnswers -= 1 }
            state.payments.append(
                ReceivedPayment(
                    invoiceID: id, amount: amount, currency: currency, paidAt: paidAt, receivedAt: context.now,
                    applied: true, answered: !lose))
            return lose ? .dropConnection : .noContent
        }
    }

    private static func numberKey(_ invoice: SandboxInvoice) -> [Int]? {
        invoice.sequence.map { [invoice.fiscalYear ?? 0, $0] }
    }

    private static func compare<T: Comparable>(_ a: T?, _ b: T?) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let a?, let b?): return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    private static func compare(_ a: [Int]?, _ b: [Int]?) -> Int {
        compare(a.map { $0[0] * 10_000_000 + $0[1] }, b.map { $0[0] * 10_000_000 + $0[1] })
    }
}
