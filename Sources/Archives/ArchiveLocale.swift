import Foundation

/// libarchive converts member names through the C locale's character set; in the default "C" locale
/// non-ASCII names (`Café Zoë.pdf`) cannot be converted and come back empty. A UTF-8 character-type
/// locale, set once for the process, makes names round-trip.
enum ArchiveLocale {
    private static let once: Void = {
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }()

    static func ensureUTF8() { _ = once }
}
