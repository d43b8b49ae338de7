import DropValues
import Foundation
import SystemPackage

/// Writes command output: results to standard output, problems to standard error. Writes go straight to
/// the descriptor, so that a closed pipe (`tldrop status | head`) ends output quietly instead of crashing.
enum Console {
    static func out(_ text: String) { raw(text + "\n", to: STDOUT_FILENO) }
    /// Text as it is, line ends included (a CSV's CRLF).
    static func verbatim(_ text: String) { raw(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { raw(text + "\n", to: STDERR_FILENO) }

    /// Text without a newline (progress bars).
    static func raw(_ text: String, to descriptor: Int32) {
        // A closed terminal or pipe is not worth failing a run for.
        _ = try? FileDescriptor(rawValue: descriptor).writeAll(text.utf8)
    }

    /// Whether a person is watching standard error (progress bars only then).
    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    static func json(_ value: some Encodable) throws {
        out(String(decoding: try JSONEncoder.readable.encode(value), as: UTF8.self))
    }
}
