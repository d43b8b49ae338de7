import Foundation

/// One metric family in Prometheus's text exposition format (version 0.0.4): its name, help, type and
/// samples. Families and samples are written in the order given, so the same index gives the same
/// bytes whichever way they leave (`status --metrics`, the textfile, `serve`'s `/metrics`, a push).
package struct MetricFamily: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case gauge, counter
    }

    /// Label names and values, in the order they are written.
    package typealias Labels = [(String, String)]

    package struct Sample: Sendable, Equatable {
        package var labels: Labels
        package var value: Double

        package init(_ labels: Labels = [], _ value: Double) {
            self.labels = labels
            self.value = value
        }

        package static func == (a: Sample, b: Sample) -> Bool {
            a.value == b.value && a.labels.map(\.0) == b.labels.map(\.0) && a.labels.map(\.1) == b.labels.map(\.1)
        }
    }

    package var name: String
    package var help: String
    package var kind: Kind
    package var samples: [Sample]

    package init(_ name: String, _ kind: Kind, help: String, samples: [Sample] = []) {
        self.name = name
        self.kind = kind
        self.help = help
        self.samples = samples
    }

    /// The content type scrapers and the Pushgateway expect for this text.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The families as Prometheus text: `# HELP`, `# TYPE`, then one line per sample.
    package static func text(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                out += family.name
                if !sample.labels.isEmpty {
                    out += "{" + sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                }
                out += " \(format(sample.value))\n"
            }
        }
        return out
    }

    /// Whole numbers without a fraction (counts, exit codes); others (timestamps, durations) to the
    /// millisecond the index keeps, so that `1796662193.798` does not print as `…193.7979999`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\((value * 1000).rounded() / 1000)"
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escapeLabel(_ value: String) -> String {
        // By scalar: a "\r\n" pair is one Character, and its line feed must still be escaped.
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Help text: backslash and line feed escaped.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
