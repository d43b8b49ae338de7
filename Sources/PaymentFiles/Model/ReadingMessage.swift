import Wording

/// A sentence about a payment file (why it cannot be read, what a line lacks, how it was read), kept
/// as a phrase and its values so that the report speaks the reader's language; its description is
/// English, for the command line and logs.
package struct ReadingMessage: Sendable, Equatable, CustomStringConvertible {
    /// A value in a message: text from the file, or another message (put in the same language).
    package indirect enum Argument: Sendable, Equatable {
        case text(String)
        case message(ReadingMessage)
    }

    package var phrase: Phrase
    package var arguments: [Argument]

    package init(_ phrase: Phrase, _ arguments: any CustomStringConvertible...) {
        self.init(phrase, arguments: arguments)
    }

    package init(_ phrase: Phrase, arguments: [any CustomStringConvertible]) {
        self.phrase = phrase
        self.arguments = arguments.map { ($0 as? ReadingMessage).map(Argument.message) ?? .text($0.description) }
    }

    /// Text that is not one of tldrop's phrases (a library's own words).
    package static func verbatim(_ text: String) -> ReadingMessage { ReadingMessage(.verbatim, text) }

    package func text(_ wording: Wording) -> String {
        wording(
            phrase,
            arguments: arguments.map { argument in
                switch argument {
                case .text(let text): return text
                case .message(let message): return message.text(wording)
                }
            })
    }

    package var description: String { text(.english) }
}
