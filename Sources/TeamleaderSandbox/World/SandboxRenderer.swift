import DropValues
import Foundation

/// Turns sandbox records into the documented response shapes (reference: teamleader-api.md §2–4).
struct SandboxRenderer {
    let world: SandboxWorld
    let webBase: String
    var behaviour = SandboxBehaviour.kind
    /// Documents whose list items come back unreadable (the `unreadableRecords` fault).
    var unreadable: Set<String> = []
    let currency = "EUR"

    func money(_ amount: Decimal) -> JSONValue {
        .object([("amount", .number(amount.rounded(2))), ("currency", .string(currency))])
    }

    func reference(_ type: String, _ id: String) -> JSONValue {
        .object([("type", .string(type)), ("id", .string(id))])
    }

    func moment(_ date: Date?) -> JSONValue { .optional(date.map(SandboxTime.format)) }
    func day(_ date: CalendarDate?) -> JSONValue { .optional(date?.description) }

    func invoicee(customerID: String) -> JSONValue {
        let customer = world.customer(customerID)
        return .object([
            ("name", .string(customer?.name ?? "Unknown")),
            ("vat_number", .optional(customer?.vatNumber)),
            ("customer", reference(customer?.kind.rawValue ?? "company", customerID)),
            ("for_attention_of", .null),
        ])
    }

    func taxes(_ lines: [SandboxLine]) -> JSONValue {
        let rates = Dictionary(grouping: lines, by: \.taxRate).sorted { $0.key < $1.key }
        return .array(
            rates.map { rate, lines in
                .object([
                    ("rate", .number(rate)),
                    ("taxable", money(lines.reduce(0) { $0 + $1.taxExclusive })),
                    ("tax", money(lines.reduce(0) { $0 + $1.tax })),
                ])
            })
    }

    /// An `invoices.list` item; `info` adds the fields only `invoices.info` has.
    func invoice(_ invoice: SandboxInvoice, info: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(invoice.id)),
            ("department", reference("department", invoice.departmentID)),
            ("invoice_number", .optional(invoice.number)),
            ("invoice_date", day(invoice.date)),
            ("status", .string(invoice.status)),
            ("due_on", day(invoice.dueOn)),
            ("paid", .bool(invoice.isPaid)),
            ("paid_at", paidAt(invoice.paidAt, index: invoice.payments.count)),
            ("sent", .bool(invoice.sent)),
            ("purchase_order_number", .optional(invoice.purchaseOrderNumber)),
            ("payment_reference", .optional(invoice.paymentReference)),
            ("invoicee", invoicee(customerID: invoice.customerID)),
            (
                "total",
                .object([
                    ("tax_exclusive", money(invoice.taxExclusive)),
                    ("tax_inclusive", money(invoice.taxInclusive)),
                    ("payable", money(invoice.taxInclusive)),
                    ("taxes", taxes(invoice.lines)),
                    ("due", money(invoice.due)),
                ])
            ),
            ("currency_exchange_rate", .null),
            ("created_at", moment(invoice.createdAt)),
            ("updated_at", moment(invoice.updatedAt)),
            ("file", invoice.isDraft ? .null : reference("file", invoice.id)),
            ("deal", .null),
            ("project", .null),
            ("delivery_date", .null),
        ]
        if info {
            members += [
                (
                    "payments",
                    .array(
                        invoice.payments.enumerated().map { index, payment in
                            .object([("paid_at", paidAt(payment.paidAt, index: index)), ("payment", money(payment.amount))])
                        })
                ),
                ("currency", .string(currency)),
                ("payment_term", .object([("type", .string("after_invoice_date")), ("days", .int(30))])),
                ("grouped_lines", groupedLines(invoice.lines)),
                ("note", .optional(invoice.note)),
                ("document_template", reference("documentTemplate", "00000000-0000-4000-8000-000000000001")),
                ("peppol_status", .null),
            ]
        } else {
            members.append(("web_url", .string("\(webBase)/invoices/detail.php?id=\(invoice.id)")))
        }
        return finish(members, id: invoice.id)
    }

    func groupedLines(_ lines: [SandboxLine]) -> JSONValue {
        .array([
            .object([
                ("section", .object([("title", .null)])),
                (
                    "line_items",
                    .array(
                        lines.map { line in
                            .object([
                                ("product", line.productID.map { reference("product", $0) } ?? .null),
                                ("quantity", .number(line.quantity)),
                                ("description", .string(line.description)),
                                ("unit_price", .object([("amount", .number(line.unitPrice)), ("tax", .string("excluding"))])),
                                ("tax", reference("taxRate", "00000000-0000-4000-8000-000000000021")),
                                (
                                    "total",
                                    .object([
                                        ("tax_exclusive", money(line.taxExclusive)),
                                        ("tax_inclusive", money(line.taxExclusive + line.tax)),
                                    ])
                                ),
                            ])
                        })
                ),
            ])
        ])
    }

    func creditNote(_ note: SandboxCreditNote) -> JSONValue {
        finish(
            [
                ("id", .string(note.id)),
                ("department", reference("department", note.departmentID)),
                ("credit_note_number", .string(note.number)),
                ("credit_note_date", day(note.date)),
                ("status", .string("booked")),
                ("invoice", note.invoiceID.map { reference("invoice", $0) } ?? .null),
                ("paid", .bool(false)),
                ("paid_at", .null),
                ("invoicee", invoicee(customerID: note.customerID)),
                (
                    "total",
                    .object([
                        ("tax_exclusive", money(note.taxExclusive)),
                        ("tax_inclusive", money(note.taxInclusive)),
                        ("payable", money(note.taxInclusive)),
                        ("taxes", taxes(note.lines)),
                    ])
                ),
                ("created_at", moment(note.createdAt)),
                ("updated_at", moment(note.updatedAt)),
            ], id: note.id)
    }

    func department(_ department: SandboxDepartment) -> JSONValue {
        .object([
            ("id", .string(department.id)),
            ("name", .string(department.name)),
            ("vat_number", .string(department.vatNumber)),
            ("currency", .string(currency)),
            ("emails", .array([.object([("type", .string("primary")), ("email", .string("info@example.invalid"))])])),
            ("status", .string(department.status)),
        ])
    }

    func company(_ customer: SandboxCustomer) -> JSONValue {
        .object([
            ("id", .string(customer.id)),
            ("name", .string(customer.name)),
            ("status", .string("active")),
            ("business_type", .null),
            ("vat_number", .optional(customer.vatNumber)),
            ("national_identification_number", .null),
            ("emails", .array([.object([("type", .string("primary")), ("email", .string(customer.email))])])),
            ("telephones", .array([])),
            ("website", .null),
            ("addresses", .array([])),
            ("iban", .null),
            ("bic", .null),
            ("language", .string("nl")),
            ("added_at", moment(customer.addedAt)),
            ("updated_at", moment(customer.addedAt)),
            ("web_url", .string("\(webBase)/company_detail.php?id=\(customer.id)")),
            ("tags", .array([])),
            ("custom_fields", .array([])),
        ])
    }

    func contact(_ customer: SandboxCustomer) -> JSONValue {
        .object([
            ("id", .string(customer.id)),
            ("first_name", .optional(customer.firstName)),
            ("last_name", .string(customer.lastName ?? customer.name)),
            ("status", .string("active")),
            ("salutation", .null),
            ("emails", .array([.object([("type", .string("primary")), ("email", .string(customer.email))])])),
            ("telephones", .array([])),
            ("language", .string("nl")),
            ("added_at", moment(customer.addedAt)),
            ("updated_at", moment(customer.addedAt)),
            ("web_url", .string("\(webBase)/contact_detail.php?id=\(customer.id)")),
            ("tags", .array([])),
            ("custom_fields", .array([])),
        ])
    }

    func product(_ product: SandboxProduct) -> JSONValue {
        .object([
            ("id", .string(product.id)),
            ("name", .string(product.name)),
            ("code", .string(product.code)),
            ("description", .null),
            ("selling_price", money(product.price)),
            ("added_at", moment(product.addedAt)),
            ("updated_at", moment(product.addedAt)),
        ])
    }
}
