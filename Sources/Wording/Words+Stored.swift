import DropValues
import Foundation

/// How the index keeps `Words`: compact JSON, `{"p":"runMirrored","a":[{"n":3}]}`. A text the index
/// kept before words were kept this way (plain English) reads back as that text.
extension Words: Codable {
    private enum Key: String, CodingKey {
        case phrase = "p", arguments = "a"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let name = try container.decode(String.self, forKey: .phrase)
        let arguments = try container.decodeIfPresent([Argument].self, forKey: .arguments) ?? []
        if let phrase = Phrase(rawValue: name) {
            self.init(phrase, typed: arguments)
        } else {
            // A phrase this version does not know (written by a newer one): its values, as they are.
            self.init(.verbatim, typed: [.list(arguments.map { Words(.verbatim, typed: [$0]) }, separator: .verbatim(" "))])
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(phrase.rawValue, forKey: .phrase)
        if !arguments.isEmpty { try container.encode(arguments, forKey: .arguments) }
    }

    /// The text the index keeps.
    package var stored: String {
        let encoder = JSONEncoder.indexed
        encoder.outputFormatting.insert(.withoutEscapingSlashes)
        // Moments as earlier versions stored them (Foundation's own form), so stored words read back.
        encoder.dateEncodingStrategy = .deferredToDate
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? description
    }

    /// What the index kept: words, or (kept before words were) the text itself.
    package static func stored(_ text: String) -> Words {
        guard text.hasPrefix("{\"") || text.hasPrefix("{ \""), let words = try? JSONDecoder().decode(Words.self, from: Data(text.utf8)) else {
            return .verbatim(text)
        }
        return words
    }
}

extension Words.Argument: Codable {
    private enum Key: String, CodingKey {
        case text = "t", words = "w", count = "n", money = "m", currency = "c", day = "d", moment = "at", list = "l", separator = "s"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .text) {
            self = .text(text)
        } else if let words = try container.decodeIfPresent(Words.self, forKey: .words) {
            self = .words(words)
        } else if let count = try container.decodeIfPresent(Int.self, forKey: .count) {
            self = .count(count)
        } else if let money = try container.decodeIfPresent(String.self, forKey: .money), let amount = DecimalText.parse(money) {
            self = .money(amount, currency: try container.decodeIfPresent(String.self, forKey: .currency))
        } else if let day = try container.decodeIfPresent(String.self, forKey: .day).flatMap(CalendarDate.init) {
            self = .day(day)
        } else if let seconds = try container.decodeIfPresent(Double.self, forKey: .moment) {
            self = .moment(Date(timeIntervalSince1970: seconds))
        } else if let list = try container.decodeIfPresent([Words].self, forKey: .list) {
            self = .list(list, separator: try container.decodeIfPresent(Words.self, forKey: .separator) ?? .verbatim("; "))
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a value of words"))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .text(let text): try container.encode(text, forKey: .text)
        case .words(let words): try container.encode(words, forKey: .words)
        case .count(let count): try container.encode(count, forKey: .count)
        case .money(let amount, let currency):
            // As decimal text: an amount never passes through a binary floating point.
            try container.encode(DecimalText.plain(amount), forKey: .money)
            try container.encodeIfPresent(currency, forKey: .currency)
        case .day(let day): try container.encode(day.description, forKey: .day)
        case .moment(let moment): try container.encode(moment.timeIntervalSince1970, forKey: .moment)
        case .list(let parts, let separator):
            try container.encode(parts, forKey: .list)
            try container.encode(separator, forKey: .separator)
        }
    }
}
