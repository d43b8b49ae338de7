package import DropIndex
package import DropValues
import Foundation
import TeamleaderAPI

/// Builds outbox file names: `<document date>_<number>_<customer>.<ext>`, credit notes with `CN-` before
/// the number. Names come from Teamleader data, so they are sanitised: no `/ \ : * ? " < > |`, no
/// control characters, no leading dots or dashes, NFC, at most 150 bytes.
package enum DocumentNamer {
    package static let maximumBytes = 150

    package static func name(
        date: String, number: String, customer: String, kind: DocumentKind, extension ext: String
    ) -> String {
        let numberPart = (kind == .creditNote ? "CN-" : "") + numberComponent(number)
        let head = "\(sanitize(date))_\(numberPart)_"
        let tail = ".\(ext)"
        var customerPart = sanitize(customer)
        if customerPart.isEmpty { customerPart = "unknown" }
        let budget = maximumBytes - head.utf8.count - tail.utf8.count
        customerPart = truncate(customerPart, toBytes: max(budget, 8))
        return head + customerPart + tail
    }

    /// `2026 / 42` → `2026-42`.
    package static func numberComponent(_ number: String) -> String {
        let cleaned = number.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "/", with: "-")
        let safe = sanitize(cleaned)
        return safe.isEmpty ? "no-number" : safe
    }

    /// Makes one piece of text safe as part of a file name.
    package static func sanitize(_ text: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .control || category == .format || category == .lineSeparator
                || category == .paragraphSeparator || category == .surrogate || category == .privateUse
                || category == .unassigned
            {
                continue
            }
            if "/\\:*?\"<>|".unicodeScalars.contains(scalar) {
                if !lastWasSeparator { out.unicodeScalars.append("-") }
                lastWasSeparator = true
                continue
            }
            if scalar.properties.isWhitespace {
                if !out.isEmpty, !out.hasSuffix(" ") { out.unicodeScalars.append(" ") }
                continue
            }
            out.unicodeScalars.append(scalar)
            lastWasSeparator = false
        }
        // No leading dots, dashes or spaces (hidden files, options); no trailing dots or spaces (Windows).
        while let first = out.first, first == "." || first == "-" || first == " " { out.removeFirst() }
        while let last = out.last, last == "." || last == " " || last == "-" { out.removeLast() }
        return out
    }

    /// Cuts text to at most `bytes` UTF-8 bytes without splitting a character.
    static func truncate(_ text: String, toBytes bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = String(character).utf8.count
            if used + size > bytes { break }
            out.append(character)
            used += size
        }
        while let last = out.last, last == "." || last == " " { out.removeLast() }
        return out
    }

    /// The file extensions of the configured formats: PDF is `.pdf`; the first UBL format is `.xml`, a
    /// second one gets its own (`.peppol.xml`) so that two formats never share a name.
    package static func extensions(for formats: [DocumentFormat]) -> [DocumentFormat: String] {
        var result: [DocumentFormat: String] = [:]
        var xmlTaken = false
        for format in formats {
            if format == .pdf {
                result[format] = "pdf"
            } else if !xmlTaken {
                result[format] = "xml"
                xmlTaken = true
            } else {
                result[format] =
                    switch format {
                    case .ublPeppolBis3: "peppol.xml"
                    case .ublXRechnung: "xrechnung.xml"
                    default: "efff.xml"
                    }
            }
        }
        return result
    }
}
