import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes command output: results to standard output, problems to standard error. Writes go straight to
/// the descriptor, so that a closed pipe (`tldrop status | head`) ends output quietly instead of crashing.
enum Console {
    static func out(_ text: String) { raw(text + "\n", to: STDOUT_FILENO) }
    /// Text as it is, line ends included (a CSV's CRLF).
    static func verbatim(_ text: String) { raw(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { raw(text + "\n", to: STDERR_FILENO) }

    /// Text without a newline (progress bars).
    static func raw(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Whether a person is watching standard error (progress bars only then).
    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
