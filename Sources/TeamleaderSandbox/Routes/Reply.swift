import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The context every sandbox route gets: Hummingbird's core storage plus the connection, so that a
/// fault can drop it.
struct SandboxContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Builds responses in the shapes Teamleader documents.
enum Reply {
    static func json(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, headers: [(String, String)] = []
    ) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        add(headers, to: &fields)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: value.serialized)))
    }

    /// `{"data": …}`.
    static func data(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: [(String, String)] = []) -> Response {
        json(.object([("data", value)]), status: status, headers: headers)
    }

    /// `{"errors":[{"title":…,"status":…}]}`.
    static func errors(_ status: Int, _ title: String, headers: [(String, String)] = []) -> Response {
        json(
            .object([("errors", .array([.object([("title", .string(title)), ("status", .int(status))])]))]),
            status: HTTPResponse.Status(code: status), headers: headers)
    }

    static func noContent(headers: [(String, String)] = []) -> Response {
        var fields = HTTPFields()
        add(headers, to: &fields)
        return Response(status: .noContent, headers: fields)
    }

    static func bytes(_ data: Data, contentType: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(to location: String) -> Response {
        var fields = HTTPFields()
        fields[.location] = location
        return Response(status: .found, headers: fields)
    }

    private static func add(_ headers: [(String, String)], to fields: inout HTTPFields) {
        for (name, value) in headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
    }
}
