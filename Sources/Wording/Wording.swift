package import Foundation

/// The words of one language, looked up by `Phrase`; `{1}`, `{2}`… in a phrase are filled in order.
/// The tables are `Wording+English.swift`, `+Dutch` and `+French`; a test checks that every phrase is in
/// each with the same placeholders.
package struct Wording: Sendable {
    package let language: Language
    /// Where the people who read it live: moments are written in this zone, with its name.
    package let timeZone: TimeZone
    private let table: [Phrase: String]

    /// `line {1}` split around its number: locations are written for every line of a file.
    private let lineAround: (before: String, after: String)

    package init(_ language: Language, timeZone: TimeZone = .current) {
        self.language = language
        self.timeZone = timeZone
        table = Self.table(language)
        let line = table[.lineLocation] ?? "line {1}"
        let parts = line.components(separatedBy: "{1}")
        lineAround = (parts[0], parts.count > 1 ? parts[1] : "")
    }

    /// Where a line is: `line 12`, or `member.csv line 12` inside a ZIP.
    package func location(_ member: String?, _ line: Int) -> String {
        (member.map { $0 + " " } ?? "") + lineAround.before + String(line) + lineAround.after
    }

    package static let english = Wording(.en)

    /// A language's table.
    package static func table(_ language: Language) -> [Phrase: String] {
        switch language {
        case .en: return englishTable
        case .nl: return dutchTable
        case .fr: return frenchTable
        }
    }

    /// The phrase with its placeholders filled; a phrase missing from the table falls back to English.
    package func callAsFunction(_ phrase: Phrase, _ arguments: any CustomStringConvertible...) -> String {
        self(phrase, arguments: arguments.map(\.description))
    }

    package func callAsFunction(_ phrase: Phrase, arguments: [String]) -> String {
        Self.fill(table[phrase] ?? Self.englishTable[phrase] ?? phrase.rawValue, arguments: arguments, language: language)
    }

    /// `{1}`, `{2}`… filled in order; `{1|payment|payments}` is the form the count in `{1}` asks for
    /// (`Language.isSingular`). Each placeholder once, left to right: a value that holds `{2}` itself
    /// stays as it is.
    static func fill(_ template: String, arguments: [String], language: Language) -> String {
        var text = Substring(template)
        var result = ""
        while let open = text.firstIndex(of: "{") {
            let rest = text[text.index(after: open)...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let inside = rest[..<close]
            let parts = inside.split(separator: "|", omittingEmptySubsequences: false)
            if let position = Int(parts[0]), position >= 1, position <= arguments.count {
                if parts.count == 1 {
                    result += text[..<open] + arguments[position - 1]
                } else {
                    let count = Int(arguments[position - 1].filter { $0 != "." && $0 != "," }) ?? 2
                    result += text[..<open] + (language.isSingular(count) ? parts[1] : parts[min(2, parts.count - 1)])
                }
                text = rest[rest.index(after: close)...]
            } else {
                result += text[...open]
                text = rest
            }
        }
        return result + text
    }

    /// The placeholders a text uses, `{1}`…`{9}` (a plural form `{1|…|…}` counts as `{1}`).
    package static func placeholders(_ text: String) -> Set<String> {
        Set((1...9).filter { text.contains("{\($0)}") || text.contains("{\($0)|") }.map { "{\($0)}" })
    }

    package func money(_ amount: Decimal, _ currency: String) -> String { language.money(amount, currency: currency) }
    package func stamp(_ moment: Date?) -> String { language.stamp(moment, never: self(.never), timeZone: timeZone) }
}
