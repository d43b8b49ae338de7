import Foundation

/// Reads the error bodies Teamleader documents, defensively: `{"errors":[{"title":…}]}` from the API,
/// `{"error":…, "error_description":…}` or the `errors[]` envelope from the token endpoint, or a plain
/// `message`.
enum ErrorBody {
    /// A string, or any other JSON value (kept only when it is a string): Teamleader's `meta` and
    /// `code` are documented nowhere, so their shape is not assumed.
    private struct Loose: Decodable {
        var text: String?
        init(from decoder: any Decoder) throws {
            text = try? decoder.singleValueContainer().decode(String.self)
        }
    }

    private struct Body: Decodable {
        struct Item: Decodable {
            var title: String?
            var detail: String?
            var code: Loose?
            var meta: [String: Loose]?
        }
        var errors: [Item]?
        var message: String?
        // league/oauth2-server's body.
        var error: String?
        var error_description: String?
        var hint: String?
    }

    /// The human-readable messages of an error body; empty when it has none.
    static func messages(in data: Data) -> [String] {
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else { return [] }
        let titles = (body.errors ?? []).compactMap { item in
            [item.title, item.detail].compactMap { $0 }.joined(separator: ": ").nilIfEmpty
        }
        if !titles.isEmpty { return titles.map(clip) }
        return body.message.map { [clip($0)] } ?? []
    }

    /// What the token endpoint said: the OAuth error code, what it means, and Teamleader's hint.
    struct OAuthAnswer: Equatable {
        var error: String
        var description: String?
        var hint: String?

        /// `The refresh token is invalid. (Token has been revoked)`: the description and the hint, each once.
        var explanation: String? {
            switch (description, hint) {
            case (let description?, let hint?) where description != hint: return "\(description) (\(hint))"
            case (let description?, _): return description
            case (nil, let hint): return hint
            }
        }
    }

    /// The codes a token endpoint answers with (RFC 6749 §5.2); how an `errors[]` item carrying one is recognised.
    static let oauthCodes: Set<String> = [
        "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope",
        "access_denied",
    ]

    /// The token endpoint's answer, in either shape Teamleader uses: league/oauth2-server's top-level
    /// `error` (with `error_description`, `hint`, `message`), or the `errors[]` envelope, where the code
    /// may be an item's `title`, `code` or a value of its `meta` and the hint is `meta.hint`.
    static func oauth(in data: Data) -> OAuthAnswer? {
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else { return nil }
        if let error = body.error?.nilIfEmpty {
            return OAuthAnswer(error: clip(error), description: (body.error_description ?? body.message).map(clip), hint: body.hint.map(clip))
        }
        guard let items = body.errors, !items.isEmpty else { return nil }
        for item in items {
            let candidates = [item.title, item.code?.text] + (item.meta ?? [:]).sorted { $0.key < $1.key }.map(\.value.text)
            guard let code = candidates.compactMap({ $0?.trimmingCharacters(in: .whitespaces).lowercased() }).first(where: oauthCodes.contains)
            else { continue }
            let title = item.title.flatMap { $0.lowercased() == code ? nil : $0 }
            return OAuthAnswer(
                error: code, description: (title ?? item.detail ?? body.message).map(clip), hint: item.meta?["hint"]?.text.map(clip))
        }
        // An envelope without a known code: its words, under the first title.
        let first = items[0]
        return OAuthAnswer(
            error: clip(first.title ?? "unexpected answer"), description: first.detail.map(clip), hint: first.meta?["hint"]?.text.map(clip))
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
