import ArgumentParser
import DropAgent
import DropFiles
import DropValues
import Foundation
import Logging
import LoopbackServer
import ServiceLifecycle
import TeamleaderAPI
import TeamleaderSandbox

/// `tldrop demo`: the whole loop against the built-in sandbox, in a root of its own.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the built-in sandbox, point this root at it, and run the main job end to end.",
        discussion: """
            Writes tldrop.toml (marked as a demo configuration) when there is none, connects to the sandbox and runs \
            'tldrop run'. It refuses a root whose tldrop.toml it did not write, so a real setup is never pointed at the sandbox.

            The sandbox lives as long as the demo: with --keep-serving it stays up (Ctrl-C stops it), so that 'tldrop run', \
            'status' or 'serve' can be tried in the same root meanwhile.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Invoices the sandbox seeds, drafts included.") var invoices = 40
    @Option(help: "Departments the sandbox seeds.") var departments = 2
    @Flag(name: .customLong("keep-serving"), help: "Keep the sandbox up after the demo, until Ctrl-C, to try other commands in this root.")
    var keepServing = false

    static let companyNames = ["Brouwerij De Kroon", "Brasserie Lumière", "Atelier Noord", "Zuiderhaven", "Parc"]

    func run() async throws {
        let layout = global.layout
        let logger = global.logger()
        if let existing = try? String(contentsOf: layout.configFile, encoding: .utf8),
            !existing.hasPrefix(ConfigurationTemplate.demoMarker)
        {
            Console.error("Error: '\(layout.configFile.path)' is not a demo configuration; run the demo in an empty folder (--root DIR)")
            throw ExitStatus.configuration.exitCode
        }
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.invoices = invoices
        sandboxConfiguration.departments = departments
        let quiet = global.quiet
        let keepServing = keepServing
        let status = try await TeamleaderSandbox.withRunning(sandboxConfiguration) { running in
            let status = try await Self.demo(running: running, layout: layout, logger: logger, quiet: quiet)
            if keepServing {
                Console.out(
                    "\nThe sandbox keeps serving on \(running.baseURL.absoluteString) until Ctrl-C; in another terminal, for example:\n"
                        + "  tldrop run --root '\(layout.root.path)'    tldrop serve --root '\(layout.root.path)'")
                try await LoopbackServer.untilSignalled([ClosureService { try await gracefulShutdown() }], logger: logger)
            }
            return status
        }
        if status != .success { throw status.exitCode }
    }

    static func demo(running: RunningSandbox, layout: RootLayout, logger: Logger, quiet: Bool) async throws -> ExitStatus {
        let sandbox = running.sandbox
        let environment = ConfigurationLoader.overrides(
            apiURL: running.baseURL, authURL: running.baseURL, clientID: sandbox.configuration.clientID,
            clientSecret: sandbox.configuration.clientSecret)
        for folder in [layout.inbox, layout.outbox, layout.stateDirectory] { try DurableFile.makeDirectory(folder) }
        if !FileManager.default.fileExists(atPath: layout.configFile.path) {
            let companies = sandbox.departments.enumerated().map { position, department in
                CompanyMapping(
                    name: position < companyNames.count ? companyNames[position] : "Company \(position + 1)",
                    department: department.name)
            }
            let text = ConfigurationTemplate.render(
                startDate: sandbox.today.adding(days: -130), companies: companies,
                teamleader: (running.baseURL, running.baseURL, sandbox.configuration.clientID), settleSeconds: 0, demo: true)
            _ = try DurableFile.publish(Data(text.utf8), in: layout.root, name: "tldrop.toml")
        }
        try FolderGuides.write(layout: layout, wording: try ConfigurationLoader(layout: layout, environment: environment).load().wording)
        try await LinkConnector.connect(
            layout: layout, environment: environment, logger: logger, refreshToken: sandbox.issueRefreshToken())
        try dropPaymentExport(sandbox: sandbox, layout: layout)
        let progress = ProgressBar(enabled: !quiet)
        let outcome = await AgentRun(layout: layout, environment: environment, logger: logger, progress: { progress.update($0) })
            .execute(AgentRun.Options(command: "demo"))
        progress.finish()
        try OutcomePrinter.print(outcome, json: false, quiet: quiet)
        if !quiet { describe(layout) }
        return outcome.exitStatus
    }

    /// The sandbox's payment export for the first company, dropped in its inbox folder.
    static func dropPaymentExport(sandbox: TeamleaderSandbox, layout: RootLayout) throws {
        guard let company = try ConfigurationLoader(layout: layout, environment: [:]).load().companies.first,
            let export = sandbox.demoPaymentExport(departmentName: company.department)
        else { return }
        let folder = layout.inbox.appendingPathComponent(company.name, isDirectory: true)
        try DurableFile.makeDirectory(folder)
        _ = try DurableFile.publish(export, in: folder, name: "demo-betalingen.csv")
    }

    /// Shows what landed where.
    static func describe(_ layout: RootLayout) {
        Console.out("\nWhat landed where (in \(layout.root.path)):")
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: layout.outbox.path))?.sorted() ?? []
        for name in folders {
            let folder = layout.outbox.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            Console.out("  Outbox/\(name)/  \(files.count) files, for example:")
            for file in files.prefix(3) { Console.out("    \(file)") }
        }
        Console.out(
            "  Outbox/<Company>/Archive/  closed months, packed in this one run because the demo's tldrop.toml says min_loose_days = 0"
                + " (a real root keeps each document loose 7 days first, so the portal takes every one)")
        Console.out("  Outbox/STATUS.md  the link's health and what needs attention")
        let processed = layout.processed
        for month in ((try? FileManager.default.contentsOfDirectory(atPath: processed.path)) ?? []).sorted() {
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: processed.appendingPathComponent(month).path)) ?? []).sorted() {
                Console.out("  Inbox/Processed/\(month)/\(file)")
            }
        }
        Console.out("  .tldrop/index.sqlite  the index; try 'tldrop status --root \(layout.root.path)'")
    }
}
