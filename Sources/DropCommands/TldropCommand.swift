package import ArgumentParser
import DropAgent

/// `tldrop`: links a Teamleader Focus account to an accounting portal through plain folders.
package struct TldropCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "tldrop",
        abstract: "Mirror booked Teamleader invoices into Outbox/ and register the payments dropped into Inbox/.",
        discussion: """
            Exit codes: 0 all done; 64 usage error (a document number that names none or several documents, with the candidates); \
            65 some inbox input was rejected; 74 disk or I/O error; 75 try again later (Teamleader unreachable, or another \
            command still holds the lock past --wait); 77 the Teamleader link is broken (reconnect); 78 configuration error; 1 a bug.
            """,
        version: TldropVersion.current,
        subcommands: [
            InitCommand.self, ConnectCommand.self, RunCommand.self, SyncCommand.self, InboxCommand.self, PushCommand.self,
            ArchiveCommand.self, StatusCommand.self, LogCommand.self, ReimportCommand.self, RestoreCommand.self,
            VerifyCommand.self, ReportCommand.self, WatchCommand.self, ServeCommand.self, DoctorCommand.self,
            SandboxCommand.self, DemoCommand.self,
        ])

    package init() {}
}
