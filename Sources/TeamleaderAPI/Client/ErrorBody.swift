import Foundation

/// Reads the error bodies Teamleader documents, defensively: `{"errors":[{"title":…}]}` from the API,
/// `{"error":…, "error_description":…}` from the token endpoint, or a plain `message`.
enum ErrorBody {
    private struct APIErrors: Decodable {
        struct Item: Decodable {
            var title: String?
            var detail: String?
        }
        var errors: [Item]?
        var message: String?
    }

    private struct OAuthError: Decodable {
        var error: String?
        var error_description: String?
        var message: String?
    }

    /// The human-readable messages of an error body; empty when it has none.
    static func messages(in data: Data) -> [String] {
        guard let body = try? JSONDecoder().decode(APIErrors.self, from: data) else { return [] }
        let titles = (body.errors ?? []).compactMap { item in
            [item.title, item.detail].compactMap { $0 }.joined(separator: ": ").nilIfEmpty
        }
        if !titles.isEmpty { return titles.map(clip) }
        return body.message.map { [clip($0)] } ?? []
    }

    /// The OAuth `error` and `error_description`, when the body has them.
    static func oauth(in data: Data) -> (error: String, description: String?)? {
        guard let body = try? JSONDecoder().decode(OAuthError.self, from: data), let error = body.error else {
            return nil
        }
        return (clip(error), (body.error_description ?? body.message).map(clip))
    }

    /// Server text ends up in logs and on screens: keep it to one bounded line.
    private static func clip(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
