import Foundation

/// The benchmark's output: a Markdown table, ready for the README.
struct Table {
    private var rows: [(String, String, String)] = []

    mutating func add(_ area: String, _ measure: String, _ value: String) {
        rows.append((area, measure, value))
    }

    func render() -> String {
        (["| area | measure | value |", "|---|---|---:|"] + rows.map { "| \($0.0) | \($0.1) | \($0.2) |" })
            .joined(separator: "\n")
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.0f MiB", Double(bytes) / 1_048_576)
    }
}

/// What the figures were measured on.
enum Machine {
    static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory = ProcessInfo.processInfo.physicalMemory / 1_073_741_824
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}
