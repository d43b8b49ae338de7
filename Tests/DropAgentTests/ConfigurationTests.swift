import Archives
import DropAgent
import DropIndex
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

@Suite struct ConfigurationTests {
    let loader = ConfigurationLoader(layout: RootLayout(root: URL(fileURLWithPath: "/tmp/none")), environment: [:])

    @Test func theDesignExampleParses() throws {
        let configuration = try loader.parse(
            """
            start_date = "2026-11-01"
            formats = ["pdf", "ubl/e-fff"]
            credit_notes = true
            schedule = "02:00"

            [teamleader]
            api_url = "https://api.focus.teamleader.eu"
            auth_url = "https://focus.teamleader.eu"
            client_id = "abc"

            [[company]]
            name = "Brouwerij De Kroon"
            department = "De Kroon BV"

            [archive]
            format = "zip"
            keep_months = 2

            [inbox]
            settle_seconds = 5
            """)
        #expect(configuration.startDate == CalendarDate("2026-11-01"))
        #expect(configuration.formats == [.pdf, .ublEfff])
        #expect(configuration.schedule == ScheduleTime(hour: 2, minute: 0))
        #expect(configuration.teamleader.clientID == "abc")
        #expect(configuration.companies == [CompanyMapping(name: "Brouwerij De Kroon", department: "De Kroon BV")])
        #expect(configuration.archive.format == .zip && configuration.archive.keepMonths == 2 && configuration.archive.minLooseDays == 7)
        #expect(configuration.inbox.settleSeconds == 5)
    }

    @Test func theEnvironmentWins() throws {
        let loader = ConfigurationLoader(
            layout: RootLayout(root: URL(fileURLWithPath: "/tmp/none")),
            environment: ["TLDROP_CLIENT_ID": "env-id", "TLDROP_CLIENT_SECRET": "env-secret", "TLDROP_API_URL": "http://127.0.0.1:9"])
        let configuration = try loader.parse("start_date = \"2026-11-01\"\n[teamleader]\nclient_id = \"file-id\"\n")
        #expect(configuration.teamleader.clientID == "env-id")
        #expect(configuration.teamleader.clientSecret == "env-secret")
        #expect(configuration.teamleader.apiURL.absoluteString == "http://127.0.0.1:9")
    }

    @Test(arguments: [
        ("formats = [\"pdf\"]", "'start_date' is required"),
        ("start_date = \"yesterday\"", "'start_date' must be a date"),
        ("start_date = \"2026-11-01\"\nformats = [\"docx\"]", "'formats' must be a list of"),
        ("start_date = \"2026-11-01\"\nschedule = \"25:00\"", "'schedule' must be a local time"),
        ("start_date = \"2026-11-01\"\n[archive]\nformat = \"rar\"", "'archive.format' must be one of"),
        ("start_date = \"2026-11-01\"\n[archive]\nkeep_months = 0", "'archive.keep_months' must be a whole number from 1"),
        ("start_date = \"2026-11-01\"\n[archive]\nmin_loose_days = -1", "'archive.min_loose_days' must be a whole number from 0"),
        ("start_date = \"2026-11-01\"\n[archive]\nmin_loose_days = \"a week\"", "'archive.min_loose_days' must be a whole number from 0"),
        ("start_date = \"2026-11-01\"\n[[company]]\nname = \"Review\"\ndepartment = \"d\"", "is a name tldrop uses itself"),
        ("start_date = \"2026-11-01\"\n[[company]]\nname = \"../x\"\ndepartment = \"d\"", "must not start with a dot"),
        ("start_date = \"2026-11-01\"\n[[company]]\nname = \"a/b\"\ndepartment = \"d\"", "must not contain /"),
        ("start_date = \"2026-11-01\"\n[[company]]\nname = \"A\"", "needs both 'name' and 'department'"),
        ("start_date = \"2026-11-01\"\n[teamleader]\nclient_secret = \"x\"", "does not belong in tldrop.toml"),
        ("start_date = \"2026-11-01\"\n[teamleader]\napi_url = \"ftp://x\"", "must be an http(s) URL"),
        ("start_date = \"2026-11-01\"\n[teamleader]\napi_url = \"http://api.focus.teamleader.eu\"", "must use https"),
        ("start_date = = 1", "tldrop.toml:1:"),
    ])
    func mistakesAreNamedWithWhatWasExpected(text: String, message: String) {
        do {
            _ = try loader.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect(ExitStatus.of(error) == .configuration)
        }
    }

    @Test func aClientSecretFileOthersCanReadIsRefused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let secret = root.appendingPathComponent("secret")
        try Data("s3cret\n".utf8).write(to: secret)
        let loader = ConfigurationLoader(layout: RootLayout(root: root), environment: [:])
        let text = "start_date = \"2026-11-01\"\n[teamleader]\nclient_secret_file = \"secret\"\n"
        chmod(secret.path, 0o644)
        #expect(throws: ConfigurationError.self) { try loader.parse(text) }
        chmod(secret.path, 0o600)
        #expect(try loader.parse(text).teamleader.clientSecret == "s3cret")
    }

    @Test func configurationErrorsSayWhichKindAndEndWith78() throws {
        func kind(_ text: String) -> ConfigurationError.Kind? {
            guard case .failure(let error) = Result(catching: { try loader.parse(text) }), let error = error as? ConfigurationError else {
                return nil
            }
            #expect(ExitStatus.of(error) == .configuration)
            return error.kind
        }
        #expect(kind("start_date = ") == .syntax)
        #expect(kind("start_date = \"2026-11-01\"\n[archive]\nformat = \"rar\"\n") == .key("archive.format"))
        #expect(kind("start_date = \"2026-11-01\"\nlanguage = \"de\"\n") == .key("language"))
        let nowhere = ConfigurationLoader(layout: RootLayout(root: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")), environment: [:])
        let missing = #expect(throws: ConfigurationError.self) { _ = try nowhere.load() }
        #expect(missing?.kind == .missingFile)
        struct Unforeseen: Error {}
        #expect(ExitStatus.of(Unforeseen()) == .bug)
    }

    @Test func theTemplateParsesBack() throws {
        let text = ConfigurationTemplate.render(
            startDate: CalendarDate("2026-11-01")!, companies: [CompanyMapping(name: "Café Zon", department: "Zon \"BV\" \\ 2")])
        let configuration = try loader.parse(text)
        #expect(configuration.companies == [CompanyMapping(name: "Café Zon", department: "Zon \"BV\" \\ 2")])
        // New configurations send Peppol BIS 3.0, as Belgian B2B invoices travel since 2026.
        #expect(configuration.formats == [.pdf, .ublPeppolBis3])
    }
}
