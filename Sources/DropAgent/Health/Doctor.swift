import DropIndex
import DropValues
import Foundation
package import Logging
import TeamleaderAPI

/// `tldrop doctor`: checks what a run depends on, in the order a run meets it: configuration, folders
/// and their permissions, free disk, the index, the credentials, the link (refreshed once), and access
/// to every Teamleader module the link needs (DESIGN.md rule 6). It changes nothing but the tokens,
/// which the refresh rotates like any run would.
package struct Doctor: Sendable {
    package let layout: RootLayout
    package let environment: [String: String]
    package let logger: Logger
    /// Below this much free space a run would fail: an error. Below ten times it: a warning.
    package var minimumFreeBytes: UInt64 = 100 << 20

    package init(layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.layout = layout
        self.environment = environment
        self.logger = logger
    }

    package func run() async -> DoctorReport {
        var report = DoctorReport()
        let configuration: AgentConfiguration
        do {
            configuration = try ConfigurationLoader(layout: layout, environment: environment).load()
            report.add(
                .init(
                    "configuration", .ok,
                    "\(layout.configFile.path): \(configuration.companies.count) compan\(configuration.companies.count == 1 ? "y" : "ies"), formats \(configuration.formats.map(\.rawValue).joined(separator: ", "))"
                ))
        } catch {
            report.add(
                .init(
                    "configuration", .failed, "\(error)", remedy: "fix tldrop.toml (or run 'tldrop init' in an empty folder)",
                    exitStatus: .configuration))
            return report
        }
        for check in FolderChecks(layout: layout, companies: configuration.companies.map(\.name)).run() { report.add(check) }
        report.add(freeDisk())

        let context: AgentContext
        do {
            context = try AgentContext.open(layout: layout, environment: environment, logger: logger)
        } catch {
            report.add(
                .init(
                    "index", .failed, "\(error)", remedy: "see the message; the index lives in .tldrop/index.sqlite", exitStatus: ExitStatus.of(error)
                ))
            return report
        }
        report.add(await indexCheck(context.index))
        report.add(credentialsCheck())
        let linked = await linkCheck(context)
        report.add(linked)
        if linked.verdict == .ok {
            let probed = await ModuleProbe(client: context.client).run()
            for check in probed.checks { report.add(check) }
            report.add(mappingCheck(context, departments: probed.departments))
        }
        await context.close()
        return report
    }

    private func freeDisk() -> DoctorReport.Check {
        var stats = statvfs()
        guard statvfs(layout.root.path, &stats) == 0 else {
            return .init(
                "free disk", .failed, "cannot read the free space of \(layout.root.path): \(String(cString: strerror(errno)))", exitStatus: .ioError)
        }
        let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
        let text = ByteCountFormatter.string(fromByteCount: Int64(clamping: free), countStyle: .file) + " free"
        if free < minimumFreeBytes {
            return .init("free disk", .failed, text, remedy: "free space on the disk that holds \(layout.root.path)", exitStatus: .ioError)
        }
        if free < minimumFreeBytes * 10 {
            return .init("free disk", .warning, text, remedy: "the disk is nearly full; archives and new documents need room")
        }
        return .init("free disk", .ok, text)
    }

    private func indexCheck(_ index: DropIndex) async -> DoctorReport.Check {
        do {
            let problems = try await index.quickCheck()
            let level = try index.synchronousLevel()
            guard problems == ["ok"] else {
                return .init(
                    "index", .failed, "SQLite finds damage: \(problems.joined(separator: "; "))",
                    remedy: "stop tldrop, move .tldrop/index.sqlite* aside and restore it from a backup", exitStatus: .ioError)
            }
            return .init("index", .ok, "\(index.path): intact, synchronous=\(level == 2 ? "FULL" : "\(level)")")
        } catch {
            return .init("index", .failed, "\(error)", exitStatus: ExitStatus.of(error))
        }
    }

    private func credentialsCheck() -> DoctorReport.Check {
        var status = stat()
        let path = layout.credentialsFile.path
        guard lstat(path, &status) == 0 else {
            return .init("credentials", .failed, "no \(path)", remedy: LinkHealth(state: .notConnected).remedy, exitStatus: .linkBroken)
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            return .init(
                "credentials", .warning, "\(path) has mode \(String(mode, radix: 8)), readable by others",
                remedy: "chmod 600 '\(path)' (tldrop also tightens it the next time it reads it)")
        }
        guard status.st_uid == geteuid() else {
            return .init(
                "credentials", .warning, "\(path) belongs to user \(status.st_uid), not to the user running tldrop (\(geteuid()))",
                remedy: "run tldrop as the user who owns the root, or chown the file")
        }
        // The mode is right; the contents must be what tldrop wrote too (JSON with a refresh token).
        do {
            try CredentialsFile(url: layout.credentialsFile, logger: logger).check()
        } catch {
            return .init(
                "credentials", .failed, "\(path) has mode 600 but cannot be read: \(error)", remedy: LinkHealth(state: .broken).remedy,
                exitStatus: ExitStatus.of(error))
        }
        return .init("credentials", .ok, "\(path), mode 600, a refresh token stored")
    }

    private func linkCheck(_ context: AgentContext) async -> DoctorReport.Check {
        do {
            try await context.client.session.refreshNow()
            try? await LinkHealth(state: .up).save(to: context.index)
            return .init("link", .ok, "Up & Running: tokens refreshed")
        } catch {
            let health = LinkHealth.from(error) ?? LinkHealth(state: .unknown, detail: "\(error)")
            if health.state != .unknown { try? await health.save(to: context.index) }
            return .init("link", .failed, health.headline, remedy: health.remedy, exitStatus: ExitStatus.of(error))
        }
    }

    private func mappingCheck(_ context: AgentContext, departments: [Department]?) -> DoctorReport.Check {
        guard let departments else {
            return .init("company mapping", .skipped, "departments could not be listed")
        }
        let review = CompanyMapper(layout: layout).review(context.configuration, departments: departments)
        if !review.broken.isEmpty {
            let names = review.broken.map { "'\($0.company)' ← '\($0.department)'" }.joined(separator: ", ")
            return .init(
                "company mapping", .failed, "no such department for \(names)",
                remedy: "departments that exist: \(departments.map { "'\($0.name)'" }.joined(separator: ", "))", exitStatus: .configuration)
        }
        if review.mapped.isEmpty {
            return .init(
                "company mapping", .warning, "no company is mapped, so nothing is mirrored",
                remedy: "tldrop connect --map \"Department=Company\"")
        }
        let unmapped = review.unmapped.isEmpty ? "" : "; not mirrored: \(review.unmapped.map { "'\($0.name)'" }.joined(separator: ", "))"
        return .init("company mapping", .ok, review.mapped.map { "\($0.company) ← \($0.department)" }.joined(separator: ", ") + unmapped)
    }
}
