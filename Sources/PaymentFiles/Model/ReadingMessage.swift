package import Wording

/// What a reader says about a file or a line: words put into the reader's language when they are
/// written (a report, an error file) or shown, and kept as words by the index.
package typealias ReadingMessage = Words
