import DropAgent
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `tldrop serve`: the status page on 127.0.0.1 only. It reads the index (never writes, never calls
/// Teamleader): link state with the repair, last runs, per-company counts, the payment queue, rejected
/// inbox files, and a document search that shows a timeline.
public struct StatusPageServer: Sendable {
    public let context: AgentContext
    public let port: Int
    public let logger: Logger

    public init(context: AgentContext, port: Int, logger: Logger) {
        self.context = context
        self.port = port
        self.logger = logger
    }

    public func serve(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        let context = self.context
        router.get("/") { _, _ in
            HTML.response(StatusPageHTML.render(try await StatusReport.build(context: context)))
        }
        router.get("/status.json") { _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            let data = try encoder.encode(try await StatusReport.build(context: context))
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/document") { request, _ in
            let query = request.uri.queryParameters
            guard let number = query["number"].map(String.init)?.trimmingCharacters(in: .whitespaces), !number.isEmpty, number.count <= 64 else {
                return HTML.response(StatusPageHTML.message("No number", "Type a document number, for example 2026/42."), status: .badRequest)
            }
            let company = query["company"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            do {
                let timeline = try await DocumentActions(context: context).timeline(number: number, company: company)
                return HTML.response(StatusPageHTML.render(timeline))
            } catch {
                return HTML.response(StatusPageHTML.message("Not found", "\(error)"), status: .notFound)
            }
        }
        router.get("/health") { _, _ in "ok\n" }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "tldrop"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }
}
