import DropValues
import Foundation
import Hummingbird

/// `/_sandbox/…`: the control endpoints, for tests and demos driving a sandbox in another process.
struct ControlRoutes {
    let state: SandboxState
    var sandbox: TeamleaderSandbox { TeamleaderSandbox(state: state) }

    func register(on router: Router<SandboxContext>) {
        let group = router.group("_sandbox")
        group.post("invoices.book") { request, _ in
            try await run(request) { fields in
                let invoice = try sandbox.bookInvoice(
                    departmentID: fields.string("department_id"), date: fields.date("date"),
                    amount: fields.decimal("amount"), customerName: fields.string("customer_name"))
                return .data(Self.render(invoice))
            }
        }
        group.post("invoices.draft") { request, _ in
            try await run(request) { fields in .data(Self.render(try sandbox.draftInvoice(departmentID: fields.string("department_id")))) }
        }
        group.post("invoices.edit") { request, _ in
            try await run(request) { fields in
                .data(Self.render(try sandbox.editInvoice(id: fields.requiredString("id"), amount: fields.decimal("amount"))))
            }
        }
        group.post("invoices.deleteLast") { request, _ in
            try await run(request) { fields in .data(Self.render(try sandbox.deleteLastInvoice(departmentID: fields.string("department_id")))) }
        }
        group.post("creditNotes.book") { request, _ in
            try await run(request) { fields in
                let note = try sandbox.creditInvoice(id: fields.requiredString("invoice_id"))
                return .data(.object([("id", .string(note.id)), ("credit_note_number", .string(note.number))]))
            }
        }
        group.post("tokens.revoke") { _, _ in
            sandbox.revokeTokens()
            return Reply.noContent()
        }
        group.post("tokens.expire") { _, _ in
            sandbox.expireAccessTokens()
            return Reply.noContent()
        }
        group.post("tokens.issue") { _, _ in
            Reply.json(.object([("refresh_token", .string(sandbox.issueRefreshToken()))]))
        }
        group.get("faults") { _, _ in Reply.data(Self.render(sandbox.faults)) }
        group.post("faults") { request, _ in
            try await run(request) { fields in
                var faults = sandbox.faults
                if let ms = try fields.int("latency_ms") { faults.latency = .milliseconds(ms) }
                if let rate = try fields.decimal("fail_rate") { faults.failRate = NSDecimalNumber(decimal: rate).doubleValue }
                if let next = try fields.int("fail_next") { faults.failNext = next }
                if let expire = try fields.int("expire_access_tokens_after") { faults.expireAccessTokensAfter = expire }
                if let lose = try fields.int("lose_payment_answers") { faults.losePaymentAnswers = lose }
                if let scopes = try fields.strings("denied_scopes") { faults.deniedScopes = Set(scopes) }
                if let deny = try fields.bool("deny_authorization") { faults.denyAuthorization = deny }
                // {"refused_formats": [{"id": "…", "formats": ["ubl/peppol_bis_3"]}]}
                if let refused = try fields.objects("refused_formats") {
                    faults.refusedFormats = [:]
                    for entry in refused { faults.refusedFormats[try entry.requiredString("id")] = Set(try entry.strings("formats") ?? []) }
                }
                if let ids = try fields.strings("unreadable_records") { faults.unreadableRecords = Set(ids) }
                if let oauth = try fields.int("throttle_oauth") { faults.throttleNext["oauth"] = oauth }
                if let files = try fields.int("throttle_files") { faults.throttleNext["files"] = files }
                sandbox.faults = faults
                return .data(Self.render(faults))
            }
        }
        group.get("payments") { _, _ in
            Reply.data(
                .array(
                    sandbox.receivedPayments.map { payment in
                        .object([
                            ("invoice_id", .string(payment.invoiceID)),
                            ("amount", .number(payment.amount)),
                            ("currency", .string(payment.currency)),
                            ("paid_at", .string(SandboxTime.format(payment.paidAt))),
                            ("received_at", .string(SandboxTime.format(payment.receivedAt))),
                            ("applied", .bool(payment.applied)),
                            ("answered", .bool(payment.answered)),
                        ])
                    }))
        }
        group.get("stats") { _, _ in
            let counts = sandbox.requestCounts.sorted { $0.key < $1.key }
            return Reply.data(
                .object([
                    ("requests", .object(counts.map { ($0.key, .int($0.value)) })),
                    ("total", .int(counts.reduce(0) { $0 + $1.value })),
                    ("rate_limited", .int(sandbox.rateLimitedCount)),
                ]))
        }
    }

    private func run(_ request: Request, _ body: (RequestFields) throws -> EndpointResult) async throws -> Response {
        do {
            let bytes = try await request.body.collect(upTo: 64 << 10)
            let json = bytes.readableBytes == 0 ? JSONValue.object([]) : try JSONParser.parse(bytes.readableBytesView)
            switch try body(RequestFields(json)) {
            case .data(let value): return Reply.data(value, status: .ok)
            case .noContent, .dropConnection: return Reply.noContent()
            }
        } catch let failure as APIFailure {
            return Reply.errors(failure.status, failure.title)
        } catch let failure as JSONParser.Failure {
            return Reply.errors(400, "\(failure)")
        } catch {
            return Reply.errors(400, "\(error)")
        }
    }

    static func render(_ invoice: SandboxInvoiceSummary) -> JSONValue {
        .object([
            ("id", .string(invoice.id)),
            ("department_id", .string(invoice.departmentID)),
            ("invoice_number", .optional(invoice.number)),
            ("invoice_date", .optional(invoice.date?.description)),
            ("status", .string(invoice.status)),
            ("total", .number(invoice.total)),
            ("due", .number(invoice.due)),
            ("payment_reference", .optional(invoice.paymentReference)),
            ("revision", .int(invoice.revision)),
        ])
    }

    static func render(_ faults: SandboxFaults) -> JSONValue {
        .object([
            ("latency_ms", .int(Int(faults.latency.components.seconds * 1000 + faults.latency.components.attoseconds / 1_000_000_000_000_000))),
            ("fail_rate", .number(Decimal(faults.failRate))),
            ("fail_next", .int(faults.failNext)),
            ("lose_payment_answers", .int(faults.losePaymentAnswers)),
            ("denied_scopes", .array(faults.deniedScopes.sorted().map(JSONValue.string))),
            ("deny_authorization", .bool(faults.denyAuthorization)),
            (
                "refused_formats",
                .array(
                    faults.refusedFormats.sorted { $0.key < $1.key }.map { id, formats in
                        .object([("id", .string(id)), ("formats", .array(formats.sorted().map(JSONValue.string)))])
                    })
            ),
            ("unreadable_records", .array(faults.unreadableRecords.sorted().map(JSONValue.string))),
            ("throttle_oauth", .int(faults.throttleNext["oauth"] ?? 0)),
            ("throttle_files", .int(faults.throttleNext["files"] ?? 0)),
        ])
    }
}
