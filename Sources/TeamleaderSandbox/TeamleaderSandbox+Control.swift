package import DropValues
package import Foundation

/// What the sandbox says about one of its invoices.
package struct SandboxInvoiceSummary: Sendable, Equatable {
    package var id: String
    package var departmentID: String
    package var number: String?
    package var date: CalendarDate?
    package var status: String
    package var customerName: String
    package var total: Decimal
    package var due: Decimal
    package var paymentReference: String?
    package var revision: Int
    package var paymentCount: Int
}

/// What the sandbox says about one of its credit notes.
package struct SandboxCreditNoteSummary: Sendable, Equatable {
    package var id: String
    package var departmentID: String
    package var number: String
    package var date: CalendarDate
    package var total: Decimal
    package var invoiceID: String?
}

/// The control surface tests and demos use, in process; `/_sandbox/…` exposes the same over HTTP.
extension TeamleaderSandbox {
    package struct DepartmentSummary: Sendable, Equatable {
        package var id: String
        package var name: String
    }

    package var departments: [DepartmentSummary] {
        state.withLock { $0.world.departments.map { DepartmentSummary(id: $0.id, name: $0.name) } }
    }

    /// The seeded "today" the data was built around.
    package var today: CalendarDate { state.withLock { $0.world.today } }

    package var invoices: [SandboxInvoiceSummary] {
        state.withLock { state in state.world.invoices.map { Self.summary($0, world: state.world) } }
    }

    package func invoice(id: String) -> SandboxInvoiceSummary? {
        state.withLock { state in state.world.invoiceIndex(id).map { Self.summary(state.world.invoices[$0], world: state.world) } }
    }

    /// Credit notes as (id, department id, number).
    package var creditNotes: [(id: String, departmentID: String, number: String)] {
        state.withLock { $0.world.creditNotes.map { ($0.id, $0.departmentID, $0.number) } }
    }

    /// Books a new invoice (a new draft booked at once), in the first department unless told.
    /// - Parameters:
    ///   - amount: the tax-exclusive total of its one line; random lines when nil.
    ///   - customerName: an existing customer's name, or a new company's.
    @discardableResult
    package func bookInvoice(
        departmentID: String? = nil, date: CalendarDate? = nil, amount: Decimal? = nil, customerName: String? = nil
    ) throws -> SandboxInvoiceSummary {
        try state.withLock { state in
            guard let department = departmentID.map({ id in state.world.department(id) }) ?? state.world.departments.first else {
                throw SandboxError.unknown("department '\(departmentID ?? "")' does not exist")
            }
            let customerID = Self.customer(named: customerName, in: &state)
            let lines =
                amount.map { [SandboxLine(description: "Dienstverlening", quantity: 1, unitPrice: $0, taxRate: Decimal(string: "0.21")!)] }
                ?? SandboxSeed.randomLines(&state.random, products: state.world.products)
            let day = date ?? state.world.today
            var invoice = state.world.makeInvoice(
                departmentID: department.id, date: day, customerID: customerID, lines: lines, random: &state.random)
            state.world.book(&invoice, on: day, random: &state.random)
            invoice.createdAt = Date()
            invoice.updatedAt = invoice.createdAt
            state.world.appendInvoice(invoice)
            return Self.summary(invoice, world: state.world)
        }
    }

    /// Creates a draft (no number): it must never be mirrored.
    @discardableResult
    package func draftInvoice(departmentID: String? = nil) throws -> SandboxInvoiceSummary {
        try state.withLock { state in
            guard let department = departmentID.map({ id in state.world.department(id) }) ?? state.world.departments.first else {
                throw SandboxError.unknown("department '\(departmentID ?? "")' does not exist")
            }
            let invoice = state.world.makeInvoice(
                departmentID: department.id, date: state.world.today, customerID: state.world.customers[0].id,
                lines: SandboxSeed.randomLines(&state.random, products: state.world.products), random: &state.random)
            state.world.appendInvoice(invoice)
            return Self.summary(invoice, world: state.world)
        }
    }

    /// Edits a booked invoice as `invoices.updateBooked` would: a new revision, `updated_at` bumped, and
    /// a new amount for its first line when given; without one, a line at 0.00 is added: the totals
    /// (all a listing shows) stay the same, only `invoices.info` shows the edit.
    @discardableResult
    package func editInvoice(id: String, amount: Decimal? = nil) throws -> SandboxInvoiceSummary {
        try state.withLock { state in
            guard let index = state.world.invoiceIndex(id) else { throw SandboxError.unknown("invoice '\(id)' does not exist") }
            state.world.invoices[index].revision += 1
            state.world.invoices[index].note = "Edited (revision \(state.world.invoices[index].revision))"
            if let amount {
                state.world.invoices[index].lines[0].unitPrice = amount
            } else {
                state.world.invoices[index].lines.append(
                    SandboxLine(description: "Extra (gratis)", quantity: 1, unitPrice: 0, taxRate: Decimal(string: "0.21")!))
            }
            state.world.invoices[index].updatedAt = max(Date(), state.world.invoices[index].updatedAt + 1)
            return Self.summary(state.world.invoices[index], world: state.world)
        }
    }

    /// Moves an invoice's `updated_at` and nothing of its content (a Peppol status, a reminder sent).
    package func touchInvoice(id: String) throws {
        try state.withLock { state in
            guard let index = state.world.invoiceIndex(id) else { throw SandboxError.unknown("invoice '\(id)' does not exist") }
            state.world.invoices[index].updatedAt = max(Date(), state.world.invoices[index].updatedAt + 1)
        }
    }

    /// Deletes the last booked invoice of a department, as Teamleader allows.
    package func deleteLastInvoice(departmentID: String? = nil) throws -> SandboxInvoiceSummary {
        try state.withLock { state in
            let id = departmentID ?? state.world.departments.first?.id ?? ""
            guard let removed = state.world.deleteLastBooked(departmentID: id) else {
                throw SandboxError.unknown("department '\(id)' has no booked invoice")
            }
            return Self.summary(removed, world: state.world)
        }
    }

    /// Credit notes as Teamleader lists them: number, date, the amount credited and the invoice.
    package var creditNoteSummaries: [SandboxCreditNoteSummary] {
        state.withLock { state in
            state.world.creditNotes.map {
                SandboxCreditNoteSummary(
                    id: $0.id, departmentID: $0.departmentID, number: $0.number, date: $0.date, total: $0.taxInclusive, invoiceID: $0.invoiceID)
            }
        }
    }

    /// Registers a payment as a person in Teamleader would (not through the API): what tldrop then
    /// finds paid without having sent it.
    package func payInvoice(id: String, amount: Decimal? = nil, on day: CalendarDate? = nil) throws {
        try state.withLock { state in
            guard let index = state.world.invoiceIndex(id), !state.world.invoices[index].isDraft else {
                throw SandboxError.unknown("invoice '\(id)' does not exist or is a draft")
            }
            let paid = amount ?? state.world.invoices[index].due
            state.world.invoices[index].payments.append(SandboxPayment(amount: paid, paidAt: (day ?? state.world.today).startOfDayUTC + 43_200))
            state.world.invoices[index].updatedAt = max(Date(), state.world.invoices[index].updatedAt + 1)
        }
    }

    /// Books a credit note for the whole of an invoice.
    @discardableResult
    package func creditInvoice(id: String, on date: CalendarDate? = nil) throws -> (id: String, number: String) {
        try state.withLock { state in
            guard let index = state.world.invoiceIndex(id), !state.world.invoices[index].isDraft else {
                throw SandboxError.unknown("invoice '\(id)' does not exist or is a draft")
            }
            let invoice = state.world.invoices[index]
            let note = state.world.bookCreditNote(for: invoice, lines: invoice.lines, on: date ?? state.world.today, random: &state.random)
            return (note.id, note.number)
        }
    }

    /// The bytes the sandbox serves for a document (invoice or credit note) in a format right now.
    package func documentBytes(id: String, format: String) -> Data? {
        let document: SandboxDocument? = state.withLock { state in
            if let position = state.world.invoiceIndex(id) {
                return SandboxDocument(invoice: state.world.invoices[position], world: state.world)
            }
            return state.world.creditNotes.first { $0.id == id }.flatMap { SandboxDocument(creditNote: $0, world: state.world) }
        }
        return document.map { FileRoutes.document($0, format: format, behaviour: state.configuration.behaviour).bytes }
    }

    /// Issues a fresh token pair and returns its refresh token, for `tldrop connect --refresh-token`.
    package func issueRefreshToken() -> String {
        state.withLock { $0.tokens.issuePair(now: Date()).refresh }
    }

    /// Every authorization code, access token and refresh token issued so far (tests look for leaks).
    package var issuedSecrets: [String] { state.withLock { $0.tokens.issued } }

    /// Revokes every token: the link is broken until the user connects again.
    package func revokeTokens() { state.withLock { $0.tokens.revokeAll() } }

    /// Expires every access token now; refresh tokens keep working.
    package func expireAccessTokens() { state.withLock { $0.tokens.expireAccessTokens(now: Date()) } }

    package var faults: SandboxFaults {
        get { state.faults }
        nonmutating set { state.withLock { $0.faults = newValue } }
    }

    /// Every `registerPayment` received, in order.
    package var receivedPayments: [ReceivedPayment] { state.withLock { $0.payments } }

    /// Calls received per endpoint (rate-limited ones included); token requests count as `oauth2/access_token`.
    package var requestCounts: [String: Int] { state.withLock { $0.requestCounts } }

    /// When each API call arrived, in order.
    package var apiArrivals: [Date] { state.withLock { $0.arrivals } }

    /// Calls refused with a 429.
    package var rateLimitedCount: Int { state.withLock { $0.rateLimitedCount } }

    /// The `User-Agent` requests of a kind (`api`, `oauth`, `files`) last came with.
    package func userAgent(of kind: String) -> String? { state.withLock { $0.userAgents[kind] } }

    /// When requests of a kind (`api`, `oauth`, `files`) arrived.
    package func arrivals(of kind: String) -> [Date] { state.withLock { $0.kindArrivals[kind] ?? [] } }

    private static func customer(named name: String?, in state: inout SandboxState.Inner) -> String {
        guard let name else { return state.world.customers.randomElement(using: &state.random)!.id }
        if let existing = state.world.customers.first(where: { $0.name == name }) { return existing.id }
        let customer = SandboxCustomer(
            id: state.random.uuid(), kind: .company, name: name, vatNumber: nil, email: "billing@example.invalid",
            addedAt: Date())
        state.world.customers.append(customer)
        return customer.id
    }

    static func summary(_ invoice: SandboxInvoice, world: SandboxWorld) -> SandboxInvoiceSummary {
        SandboxInvoiceSummary(
            id: invoice.id, departmentID: invoice.departmentID, number: invoice.number, date: invoice.date,
            status: invoice.status, customerName: world.customer(invoice.customerID)?.name ?? "",
            total: invoice.taxInclusive, due: invoice.due, paymentReference: invoice.paymentReference,
            revision: invoice.revision, paymentCount: invoice.payments.count)
    }
}
