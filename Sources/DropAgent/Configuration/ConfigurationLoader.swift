import Archives
import DropFiles
import DropValues
package import Foundation
import TOMLKit
import TeamleaderAPI
import Wording

/// Reads `tldrop.toml` and applies the environment (`TLDROP_CLIENT_ID`, `TLDROP_CLIENT_SECRET`,
/// `TLDROP_API_URL`, `TLDROP_AUTH_URL`), which wins over the file.
package struct ConfigurationLoader: Sendable {
    package let layout: RootLayout
    package let environment: [String: String]

    package init(layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.layout = layout
        self.environment = environment
    }

    /// - Throws: `ConfigurationError` naming the file, the key and what was expected.
    package func load() throws -> AgentConfiguration {
        let path = layout.configFile.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError("no configuration at '\(path)'; run 'tldrop init' (or 'tldrop demo') first", kind: .missingFile)
        }
        let bytes: Data
        do {
            bytes = try DurableFile.contents(of: layout.configFile, limit: 1 << 20)
        } catch FileError.posix(_, let code) where code == EACCES || code == EPERM {
            throw ConfigurationError("'\(path)' cannot be read: give the user running tldrop read access to it", kind: .unreadable)
        } catch FileError.posix(_, let code) where code == EISDIR {
            throw ConfigurationError("'\(path)' is a folder, not the configuration file", kind: .unreadable)
        } catch FileError.tooLarge {
            throw ConfigurationError("'\(path)' is larger than 1 MiB: is it the right file?", kind: .unreadable)
        }
        // Anything else the system said (an I/O error) is the disk's, not the configuration's: 74.
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ConfigurationError("'\(path)' is not UTF-8 text", kind: .unreadable)
        }
        return try parse(text, file: layout.relative(layout.configFile))
    }

    /// Parses configuration text; `file` names it in errors.
    package func parse(_ text: String, file: String = "tldrop.toml") throws -> AgentConfiguration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                "\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)", kind: .syntax)
        }
        let reader = TableReader(table: table, file: file, prefix: "")
        guard let startDate = try reader.date("start_date") else {
            throw ConfigurationError("\(file): 'start_date' is required (the first day whose documents travel, as \"2026-11-01\")")
        }
        var configuration = AgentConfiguration(startDate: startDate)
        if let formats = try reader.strings("formats") {
            configuration.formats = try formats.map { name in
                guard let format = DocumentFormat.all.first(where: { $0.rawValue == name }) else {
                    throw ConfigurationError.key(
                        "formats", in: file, expected: "a list of \(DocumentFormat.all.map { "\"\($0)\"" }.joined(separator: ", ")), not \"\(name)\"")
                }
                return format
            }
            guard !configuration.formats.isEmpty else {
                throw ConfigurationError.key("formats", in: file, expected: "a list with at least one format")
            }
        }
        configuration.creditNotes = try reader.bool("credit_notes") ?? true
        if let schedule = try reader.string("schedule") {
            guard let time = ScheduleTime(schedule) else {
                throw ConfigurationError.key("schedule", in: file, expected: "a local time as \"HH:MM\"")
            }
            configuration.schedule = time
        }
        configuration.onFailure = try reader.string("on_failure")
        if let language = try reader.string("language") {
            guard let value = Language(rawValue: language) else {
                throw ConfigurationError.key("language", in: file, expected: "one of \"nl\", \"fr\", \"en\"")
            }
            configuration.language = value
        }
        if let zone = try reader.string("timezone") {
            guard let value = TimeZone(identifier: zone) else {
                throw ConfigurationError.key("timezone", in: file, expected: "a time zone name like \"Europe/Brussels\"")
            }
            configuration.timeZone = value
        }
        configuration.teamleader = try teamleader(reader.table("teamleader"), file: file)
        configuration.companies = try companies(reader.tables("company"), file: file)
        if let archive = try reader.table("archive") {
            if let format = try archive.string("format") {
                guard let value = ArchiveFormat(rawValue: format) else {
                    throw ConfigurationError.key("archive.format", in: file, expected: "one of \"zip\", \"tar.gz\", \"tar.zst\"")
                }
                configuration.archive.format = value
            }
            configuration.archive.keepMonths = try archive.int("keep_months", in: 1...120) ?? 2
            configuration.archive.minLooseDays = try archive.int("min_loose_days", in: 0...3_650) ?? 7
        }
        if let inbox = try reader.table("inbox") {
            configuration.inbox.settleSeconds = try inbox.int("settle_seconds", in: 0...86_400) ?? 5
            configuration.inbox.doneFiles = try inbox.bool("done_files") ?? false
        }
        if let watch = try reader.table("watch") {
            configuration.watch.pollSeconds = try watch.int("poll_seconds", in: WatchSettings.minimumPollSeconds...86_400) ?? 300
        }
        if let metrics = try reader.table("metrics") {
            configuration.metrics = try self.metrics(metrics, file: file)
        }
        if let sync = try reader.table("sync") {
            configuration.sync.fullSweepDays = try sync.int("full_sweep_days", in: 1...365) ?? 7
            configuration.sync.overlapMinutes = try sync.int("overlap_minutes", in: 0...1440) ?? 10
            configuration.sync.concurrency = try sync.int("concurrency", in: 1...64) ?? 8
            configuration.sync.recentDays = try sync.int("recent_days", in: 0...366) ?? 21
            configuration.sync.pdfFromUBL = try sync.bool("pdf_from_ubl") ?? true
        }
        return configuration
    }

    private func teamleader(_ reader: TableReader?, file: String) throws -> TeamleaderSettings {
        var settings = TeamleaderSettings()
        if let reader {
            if let url = try reader.url("api_url") { settings.apiURL = url }
            if let url = try reader.url("auth_url") { settings.authURL = url }
            settings.clientID = try reader.string("client_id")
            settings.rateLimit = try reader.int("rate_limit", in: 1...1_000_000) ?? 200
            if try reader.string("client_secret") != nil {
                throw ConfigurationError(
                    "\(file): 'teamleader.client_secret' does not belong in tldrop.toml; set TLDROP_CLIENT_SECRET or 'client_secret_file'")
            }
            if let secretFile = try reader.string("client_secret_file") {
                settings.clientSecret = try readSecret(secretFile, file: file)
            }
        }
        if let id = environment["TLDROP_CLIENT_ID"], !id.isEmpty { settings.clientID = id }
        if let secret = environment["TLDROP_CLIENT_SECRET"], !secret.isEmpty { settings.clientSecret = secret }
        if let api = environment["TLDROP_API_URL"] {
            settings.apiURL = try Self.httpURL(api, what: "TLDROP_API_URL")
        }
        if let auth = environment["TLDROP_AUTH_URL"] {
            settings.authURL = try Self.httpURL(auth, what: "TLDROP_AUTH_URL")
        }
        return settings
    }

    private func readSecret(_ name: String, file: String) throws -> String {
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : layout.root.appendingPathComponent(name)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions]) as? Int, mode & 0o077 != 0 {
            throw ConfigurationError(
                "\(file): the client secret file '\(url.path)' is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 '\(url.path)'")
        }
        guard let data = FileManager.default.contents(atPath: url.path), data.count < 4096,
            let secret = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !secret.isEmpty
        else {
            throw ConfigurationError("\(file): 'teamleader.client_secret_file' names '\(url.path)', which cannot be read")
        }
        return secret
    }

    private func companies(_ readers: [TableReader], file: String) throws -> [CompanyMapping] {
        var seen = Set<String>()
        return try readers.enumerated().map { index, reader in
            guard let name = try reader.string("name"), let department = try reader.string("department") else {
                throw ConfigurationError("\(file): [[company]] number \(index + 1) needs both 'name' and 'department'")
            }
            if let problem = CompanyName.problem(name) {
                throw ConfigurationError("\(file): company name '\(name)' \(problem)")
            }
            guard seen.insert(name.precomposedStringWithCanonicalMapping).inserted else {
                throw ConfigurationError("\(file): company '\(name)' appears twice")
            }
            return CompanyMapping(name: name, department: department)
        }
    }

    /// The environment a process needs to talk to another Teamleader (the sandbox, in demos and tests).
    package static func overrides(
        apiURL: URL, authURL: URL, clientID: String, clientSecret: String,
        base: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String: String] {
        var environment = base
        environment["TLDROP_API_URL"] = apiURL.absoluteString
        environment["TLDROP_AUTH_URL"] = authURL.absoluteString
        environment["TLDROP_CLIENT_ID"] = clientID
        environment["TLDROP_CLIENT_SECRET"] = clientSecret
        return environment
    }

    /// `[metrics]`: a textfile the collector reads (`*.prom`, relative to the root or absolute), a
    /// Pushgateway (http or https: metrics carry no secret), and the `root` label.
    private func metrics(_ reader: TableReader, file: String) throws -> MetricsSettings {
        var settings = MetricsSettings()
        if let path = try reader.string("textfile") {
            guard path.hasSuffix(".prom"), !path.hasSuffix("/.prom") else {
                throw ConfigurationError.key(
                    "metrics.textfile", in: file, expected: "a file name ending in .prom (node_exporter's textfile collector reads only those)")
            }
            settings.textfile = path.hasPrefix("/") ? URL(fileURLWithPath: path) : layout.root.appendingPathComponent(path)
        }
        if let text = try reader.string("pushgateway") {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil,
                url.query == nil
            else {
                throw ConfigurationError.key("metrics.pushgateway", in: file, expected: "the Pushgateway's http(s) URL, as \"http://127.0.0.1:9091\"")
            }
            settings.pushgateway = url
        }
        if let name = try reader.string("name") {
            guard !name.isEmpty, name.utf8.count <= 100, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ConfigurationError.key("metrics.name", in: file, expected: "a short name for this root, without control characters")
            }
            settings.name = name
        }
        return settings
    }

    /// An https URL, or plain http to this machine only (the sandbox): tokens and the client secret
    /// never cross a network in clear text.
    static func httpURL(_ text: String, what: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host
        else { throw ConfigurationError("\(what) must be an http(s) URL, not '\(text)'") }
        guard scheme == "https" || ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) else {
            throw ConfigurationError("\(what) must use https (plain http only to 127.0.0.1, for the sandbox), not '\(text)'")
        }
        return url
    }
}

/// Company names become folder names, so they are checked, not silently rewritten.
enum CompanyName {
    static func problem(_ name: String) -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
        if name.utf8.count > 100 { return "is longer than 100 bytes" }
        if name.hasPrefix(".") || name.hasPrefix("-") { return "must not start with a dot or a dash" }
        if name.contains(where: { "/\\:*?\"<>|".contains($0) }) { return "must not contain / \\ : * ? \" < > |" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters"
        }
        // Compared without case: on macOS `review` and `Review` are one folder.
        if RootLayout.reservedNames.contains(where: { $0.lowercased() == name.lowercased() }) { return "is a name tldrop uses itself" }
        return nil
    }
}
