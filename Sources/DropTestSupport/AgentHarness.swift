package import DropAgent
import DropFiles
package import DropIndex
package import DropValues
package import Foundation
package import Logging
import TeamleaderAPI
package import TeamleaderSandbox

/// A running sandbox and a throw-away tldrop root pointed at it: what every agent-level test starts from.
///
/// ```swift
/// try await AgentHarness.with(.test()) { harness in
///     try harness.writeConfiguration()
///     try await harness.connect()
///     let outcome = await harness.run()
/// }
/// ```
package struct AgentHarness: Sendable {
    package let running: RunningSandbox
    package let layout: RootLayout
    package var sandbox: TeamleaderSandbox { running.sandbox }
    package var root: URL { layout.root }

    /// The overrides a process needs to reach this sandbox.
    package var environment: [String: String] {
        var environment = ConfigurationLoader.overrides(
            apiURL: running.baseURL, authURL: running.baseURL, clientID: sandbox.configuration.clientID,
            clientSecret: sandbox.configuration.clientSecret)
        environment["TLDROP_ROOT"] = nil
        return environment
    }

    package static let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Starts a sandbox, makes an empty root (in `folder`, else the temporary folder), runs `body`,
    /// removes the root.
    @discardableResult
    package static func with<Result: Sendable>(
        _ configuration: SandboxConfiguration, in folder: URL? = nil, _ body: @Sendable (AgentHarness) async throws -> Result
    ) async throws -> Result {
        try await TeamleaderSandbox.withRunning(configuration) { running in
            let root = (folder ?? FileManager.default.temporaryDirectory).appendingPathComponent("tldrop-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let harness = AgentHarness(running: running, layout: RootLayout(root: root))
            do {
                let result = try await body(harness)
                try? FileManager.default.removeItem(at: root)
                return result
            } catch {
                try? FileManager.default.removeItem(at: root)
                throw error
            }
        }
    }

    /// The two seeded departments mapped to two companies.
    package var defaultCompanies: [CompanyMapping] {
        sandbox.departments.enumerated().map { CompanyMapping(name: "Company \($0.offset + 1)", department: $0.element.name) }
    }

    /// Writes `tldrop.toml`; `topLevel` goes first (keys outside any table), `extra` is appended verbatim. Unless told, the client allows itself far more
    /// than Teamleader's 200 a minute, so that tests against an unlimited sandbox do not crawl, no
    /// month is archived, and a test that archives packs documents as soon as their month is closed
    /// (`minLooseDays` 0; the tests of that rule set it).
    package func writeConfiguration(
        startDate: CalendarDate? = nil, formats: [String] = ["pdf", "ubl/e-fff"], companies: [CompanyMapping]? = nil,
        clientRateLimit: Int = 100_000, keepMonths: Int = 120, minLooseDays: Int = 0, archiveFormat: String = "zip", topLevel: String = "",
        extra: String = ""
    ) throws {
        let start = startDate ?? sandbox.today.adding(days: -400)
        var text =
            topLevel + """
                start_date = "\(start)"
                formats = [\(formats.map { "\"\($0)\"" }.joined(separator: ", "))]
                credit_notes = true

                [teamleader]
                rate_limit = \(clientRateLimit)

                # Tests that are not about archiving keep every month loose.
                [archive]
                format = "\(archiveFormat)"
                keep_months = \(keepMonths)
                min_loose_days = \(minLooseDays)

                """
        for company in companies ?? defaultCompanies {
            text += "[[company]]\nname = \"\(company.name)\"\ndepartment = \"\(company.department)\"\n\n"
        }
        text += extra
        try DurableFile.replace(Data(text.utf8), at: layout.configFile)
    }

    /// Connects the root to the sandbox as `connect --refresh-token` would.
    package func connect() async throws {
        try await LinkConnector.connect(
            layout: layout, environment: environment, logger: Self.quietLogger, refreshToken: sandbox.issueRefreshToken())
    }

    /// One `tldrop run` (or `sync`), in process; `now` is its clock (a test moves it to let days pass).
    package func run(
        _ options: AgentRun.Options = AgentRun.Options(), now: @escaping @Sendable () -> Date = { SystemClock.now() }
    ) async -> RunOutcome {
        await AgentRun(layout: layout, environment: environment, logger: Self.quietLogger, now: now).execute(options)
    }

    /// Drops a file into `Inbox/` (or `Inbox/<company>/`) as an accountant would.
    @discardableResult
    package func drop(_ name: String, _ contents: Data, company: String? = nil) throws -> URL {
        var folder = layout.inbox
        if let company { folder = folder.appendingPathComponent(company, isDirectory: true) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        // Synced, as a copy that finished would be: a power-loss test cuts only what tldrop left unsynced.
        let handle = try FileHandle(forUpdating: url)
        try handle.synchronize()
        try handle.close()
        return url
    }

    /// Names in an inbox folder (`Processed/2026-11`, `Rejected`, or the inbox itself).
    package func inbox(_ subfolder: String = "") -> [String] {
        let folder = subfolder.isEmpty ? layout.inbox : layout.inbox.appendingPathComponent(subfolder)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// File names in a company's folder (temporary files included, so tests can see leftovers).
    package func files(in company: String) -> [String] { names(in: layout.companyFolder(company)) }

    /// Names in any folder of the root (`layout.reports(company:)`, …), sorted; none when it is missing.
    package func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// Puts `<number>.reimport` in the company's folder, as an admin asks for a re-import; returns its name.
    @discardableResult
    package func placeReimportMarker(number: String, company: String = "Company 1") throws -> String {
        let marker = number.replacingOccurrences(of: " / ", with: "-") + ".reimport"
        try Data().write(to: layout.companyFolder(company).appendingPathComponent(marker))
        return marker
    }

    package func openIndex() throws -> DropIndex {
        try DropIndex(path: layout.indexFile.path)
    }

    /// Runs the real `tldrop` binary on this root and returns its exit code (or the signal that ended it).
    package func spawn(_ arguments: [String], extraEnvironment: [String: String] = [:]) async throws -> ProcessResult {
        var environment = self.environment
        for (key, value) in extraEnvironment { environment[key] = value }
        return try await ProcessRunner.run(ProcessRunner.tldropBinary, arguments + ["--root", root.path], environment: environment)
    }

    /// Starts the real binary on this root and leaves it running (`watch`, `serve`, `connect`).
    package func start(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> RunningProcess {
        var environment = self.environment
        for (key, value) in extraEnvironment { environment[key] = value }
        return try ProcessRunner.start(ProcessRunner.tldropBinary, arguments + ["--root", root.path], environment: environment)
    }

    /// A department's booked invoices nobody has paid yet: what payment tests pay.
    package func openInvoices(department: Int = 0) -> [SandboxInvoiceSummary] {
        let id = sandbox.departments[department].id
        return sandbox.invoices.filter { $0.departmentID == id && $0.status == "outstanding" && $0.paymentCount == 0 }
    }

    /// A payment export as a Belgian accounting package writes it: `Factuurnummer;Betaald;Betaaldatum;Bedrag`,
    /// one row per (number, amount); an empty amount means "paid in full".
    package static func paymentCSV(_ rows: [(String, String)], header: String = "Factuurnummer;Betaald;Betaaldatum;Bedrag") -> Data {
        Data((header + "\n" + rows.map { "\($0.0);ja;28/11/2026;\($0.1)" }.joined(separator: "\n") + "\n").utf8)
    }

    /// Waits until `condition` holds, checking every 50 ms; false when `timeout` passed first. The default
    /// is a ceiling that only catches a hang: on a busy machine a first `watch` cycle took over 20 s.
    package static func eventually(timeout: Duration = .seconds(120), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

extension SandboxConfiguration {
    /// A sandbox whose data does not depend on the day the test runs.
    package static func agentTest(invoices: Int = 30, rateLimit: Int = 0) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.invoices = invoices
        configuration.rateLimit = rateLimit
        configuration.today = CalendarDate("2026-11-15")
        return configuration
    }
}

extension AgentHarness {
    /// The review file tldrop wrote for an inbox file (`Inbox/Review/<name>.review.csv`), if any yet.
    package func reviewFile(for name: String) -> String? {
        try? String(contentsOf: layout.review.appendingPathComponent("\(name).review.csv"), encoding: .utf8)
    }
}

extension String {
    /// A review file with every row's document number filled in, as an accountant completes it.
    package func completingEveryRow(with number: String) -> String {
        components(separatedBy: "\r\n").enumerated().map { offset, line in
            offset == 0 || line.isEmpty || !line.hasSuffix(";;") ? line : String(line.dropLast(2)) + ";\(number);"
        }.joined(separator: "\r\n")
    }
}

extension Decimal {
    /// Rounded to `places` decimals.
    package func rounded(_ places: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, places, .plain)
        return result
    }
}
