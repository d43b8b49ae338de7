package import DropValues
package import Foundation

/// Words kept for people and put into a language only when they are read: a phrase and its values.
/// What the index keeps for people (run summaries, held and refused reasons, reading problems) is kept
/// this way, so a root switched from English to Dutch reads Dutch everywhere on the next run, and
/// amounts, days and counts are written by the language's own rules ("1 betaling", `1.234,50 €`).
package struct Words: Sendable, Hashable, CustomStringConvertible {
    /// A value in a phrase.
    package indirect enum Argument: Sendable, Hashable {
        /// Text as it is: a name, a number, what a file or Teamleader said.
        case text(String)
        /// Other words, put in the same language.
        case words(Words)
        /// A count: it picks a phrase's plural form.
        case count(Int)
        /// An amount, with its currency when it has one.
        case money(Decimal, currency: String?)
        case day(CalendarDate)
        /// A moment, written to the minute.
        case moment(Date)
        /// Several words, each in the language, with `separator` (`; `, or the language's " or ") between.
        case list([Words], separator: Words)
    }

    package var phrase: Phrase
    package var arguments: [Argument]

    /// Texts as they are; `Words` as words; whole numbers as counts.
    package init(_ phrase: Phrase, _ arguments: any CustomStringConvertible...) {
        self.init(phrase, arguments: arguments)
    }

    package init(_ phrase: Phrase, arguments: [any CustomStringConvertible]) {
        self.phrase = phrase
        self.arguments = arguments.map { argument in
            switch argument {
            case let words as Words: return .words(words)
            case let count as Int: return .count(count)
            default: return .text(argument.description)
            }
        }
    }

    package init(_ phrase: Phrase, typed arguments: [Argument]) {
        self.phrase = phrase
        self.arguments = arguments
    }

    /// Text that is not one of tldrop's phrases (a library's own words, an error's English message).
    package static func verbatim(_ text: String) -> Words { Words(.verbatim, text) }

    /// Where a line is: `line 12`, or `member.csv line 12` inside a ZIP.
    package static func location(_ member: String?, _ line: Int) -> Words {
        member.map { Words(.memberLineLocation, $0, line) } ?? Words(.lineLocation, line)
    }

    /// An amount with its currency (`1234.50 EUR`, `1.234,50 €`), or alone when it has none.
    package static func money(_ amount: Decimal, _ currency: String?) -> Argument { .money(amount, currency: currency) }

    /// Several words as one: `a; b; c`.
    package static func joined(_ parts: [Words], separator: String = "; ") -> Words {
        joined(parts, separator: .verbatim(separator))
    }

    /// Several words as one, with words between: `a or b`.
    package static func joined(_ parts: [Words], separator: Words) -> Words {
        Words(.verbatim, typed: [.list(parts, separator: separator)])
    }

    package func text(_ wording: Wording) -> String {
        wording(phrase, arguments: arguments.map { $0.text(wording) })
    }

    package var description: String { text(.english) }
}

extension Words.Argument {
    func text(_ w: Wording) -> String {
        switch self {
        case .text(let text): return text
        case .words(let words): return words.text(w)
        case .count(let count): return String(count)
        case .money(let amount, let currency): return currency.map { w.money(amount, $0) } ?? w.language.number(amount)
        case .day(let day): return w.date(day)
        case .moment(let moment): return w.stamp(moment)
        case .list(let parts, let separator): return parts.map { $0.text(w) }.joined(separator: separator.text(w))
        }
    }
}

extension Wording {
    package func date(_ day: CalendarDate) -> String { language.date(day) }

    /// Words in this language.
    package func callAsFunction(_ words: Words) -> String { words.text(self) }
}

extension Language {
    /// A day: `2026-11-28` in English, `28/11/2026` in Dutch and French.
    package func date(_ day: CalendarDate) -> String { date(year: day.year, month: day.month, day: day.day) }
}
