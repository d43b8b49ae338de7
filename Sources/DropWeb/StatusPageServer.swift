package import DropAgent
import DropIndex
import DropValues
import Foundation
import HTTPTypes
package import Hummingbird
package import Logging
import LoopbackServer
import NIOCore
import TeamleaderAPI
import Wording

/// `tldrop serve`: the status page on 127.0.0.1 only. It reads the index (never writes, never calls
/// Teamleader): link state with the repair, last runs, per-company counts, the payment queue, rejected
/// inbox files, and a document search that shows a timeline.
package struct StatusPageServer: Sendable {
    package let context: AgentContext
    package let port: Int
    package let logger: Logger

    package init(context: AgentContext, port: Int, logger: Logger) {
        self.context = context
        self.port = port
        self.logger = logger
    }

    package func serve(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await LoopbackServer.application(router(), port: port, name: "tldrop", logger: logger, onListening: onListening).run()
    }

    /// Every route of the page, also for tests that call them in process (HummingbirdTesting's `.router`).
    package func router() -> Router<BasicRequestContext> {
        let router = Router()
        let context = self.context
        let store = MonthReportStore(index: context.index)
        router.get("/") { _, _ in
            // The language tldrop.toml names now: a change shows on the next page, no restart needed.
            let wording = context.currentWording()
            let months = Array(Set(try await store.all().map(\.month))).sorted(by: >)
            return HTML.response(
                StatusPageHTML.render(try await StatusReport.build(context: context, wording: wording), months: months, wording: wording))
        }
        // A month's latest report, as `tldrop report` or month close made it: printable, no Teamleader call.
        router.get("/month") { request, _ in
            let wording = context.currentWording()
            let stored = try await store.all()
            let asked = request.uri.queryParameters["month"].flatMap { Month(String($0)) }
            guard let month = asked ?? stored.first?.month else {
                return HTML.response(StatusPageHTML.message(wording(.monthReports), wording(.monthReportsNone), wording: wording), status: .notFound)
            }
            let reports = stored.filter { $0.month == month }
            guard !reports.isEmpty else {
                return HTML.response(StatusPageHTML.message(wording(.monthReports), wording(.monthReportsNone), wording: wording), status: .notFound)
            }
            return HTML.response(MonthPageHTML.render(reports, months: Array(Set(stored.map(\.month))).sorted(by: >), wording: wording))
        }
        router.get("/status.json") { _, _ in
            let encoder = JSONEncoder.readable
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            let data = try encoder.encode(try await StatusReport.build(context: context))
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/document") { request, _ in
            let wording = context.currentWording()
            let query = request.uri.queryParameters
            guard let number = query["number"].map(String.init)?.trimmingCharacters(in: .whitespaces), !number.isEmpty, number.count <= 64 else {
                return HTML.response(StatusPageHTML.message(wording(.pageNoNumber), wording(.pageTypeANumber), wording: wording), status: .badRequest)
            }
            let company = query["company"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let actions = DocumentActions(context: context)
            // A number several companies use (numbers repeat across departments): each one, with its company.
            let matches = try await actions.matches(number: number, company: company)
            switch matches.count {
            case 0:
                return HTML.response(
                    StatusPageHTML.message(wording(.pageNotFound), wording(.lookupUnknown, number), wording: wording), status: .notFound)
            case 1:
                let timeline = try await actions.timeline(number: number, company: matches[0].company)
                return HTML.response(DocumentPageHTML.render(timeline, wording: wording))
            default:
                return HTML.response(DocumentPageHTML.matches(matches, number: number, wording: wording))
            }
        }
        // Prometheus scrapes this (on this machine: a sidecar or a local Prometheus); the same text as
        // `status --metrics`.
        router.get("/metrics") { _, _ in
            var fields = HTTPFields()
            fields[.contentType] = MetricFamily.contentType
            return Response(
                status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: try await AgentMetrics.text(context: context))))
        }
        // A probe's question: 200 while the index reads (and, with `?stale=SECONDS`, while runs or polls
        // keep starting); 503 with the reason otherwise.
        let health: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let stale = request.uri.queryParameters["stale"].flatMap { Double(String($0)) }.map { min(max($0, 1), 86_400 * 30) }
            let answer = await ServiceHealth.check(context: context, staleAfter: stale)
            var fields = HTTPFields()
            fields[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: answer.healthy ? .ok : .serviceUnavailable, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: answer.text)))
        }
        router.get("/healthz", use: health)
        router.get("/health", use: health)
        return router
    }
}
