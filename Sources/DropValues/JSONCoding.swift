package import Foundation

// tldrop's JSON, made in one place (Teamleader's wire format is the client's own, in TeamleaderJSON).

extension JSONEncoder {
    /// For people and tldrop's own files (`--json`, `/status.json`, the credentials file): indented, keys
    /// sorted, dates in ISO 8601, slashes as they are.
    package static var readable: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// What the index keeps: one line, keys sorted, dates in ISO 8601. Month reports are compared by the
    /// hash of this form, so it never changes.
    package static var indexed: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    /// Reads what `JSONEncoder.readable` and `.indexed` write.
    package static var tldrop: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
