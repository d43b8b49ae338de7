package import DropValues
package import Foundation
import TeamleaderAPI
package import Wording

/// The commented `tldrop.toml` that `init` and `demo` write.
package enum ConfigurationTemplate {
    /// Marks a file `demo` wrote, so that `demo` never takes over a real configuration.
    package static let demoMarker = "# written by 'tldrop demo'"

    package static func render(
        startDate: CalendarDate, companies: [CompanyMapping] = [], teamleader: (api: URL, auth: URL, clientID: String)? = nil,
        settleSeconds: Int = 5, demo: Bool = false, language: Language = .proposed()
    ) -> String {
        var text = demo ? "\(demoMarker): it points at the built-in sandbox.\n" : ""
        text += """
            # tldrop configuration. Keys follow DESIGN.md; environment variables override them:
            # TLDROP_ROOT, TLDROP_CLIENT_ID, TLDROP_CLIENT_SECRET, TLDROP_API_URL, TLDROP_AUTH_URL.

            # Documents dated before this day are not sent (backfill with 'tldrop sync --since DATE').
            start_date = "\(startDate)"
            # Any of "pdf", "ubl/peppol_bis_3", "ubl/e-fff", "ubl/xrechnung". Belgian B2B invoices travel as
            # Peppol BIS 3.0 since 2026-01-01; e-fff is the older Belgian profile.
            formats = ["pdf", "ubl/peppol_bis_3"]
            credit_notes = true
            # When 'tldrop watch' mirrors (local time); 'tldrop run' ignores it.
            schedule = "02:00"
            # The language of STATUS.md, inbox reports, review files, month reports and the status page:
            # "nl", "fr" or "en" (proposed from the system locale). Commands and logs stay English.
            language = "\(language.rawValue)"
            # The time zone moments are written in for people (default: this machine's), e.g. "Europe/Brussels".
            # timezone = "Europe/Brussels"

            [teamleader]
            api_url = "\((teamleader?.api ?? TeamleaderConfiguration.productionAPI).absoluteString)"
            auth_url = "\((teamleader?.auth ?? TeamleaderConfiguration.productionAuth).absoluteString)"
            # The integration's client id (or TLDROP_CLIENT_ID). The secret never goes here:
            # set TLDROP_CLIENT_SECRET, or client_secret_file = "path/to/a/0600/file".
            client_id = "\(teamleader?.clientID ?? "")"

            """
        if companies.isEmpty {
            text += """
                # One block per Teamleader department to mirror; 'tldrop connect' lists them.
                # [[company]]
                # name = "Brouwerij De Kroon"      # the folder Outbox/<name>/
                # department = "De Kroon BV"       # a Teamleader department name or id

                """
        }
        for company in companies {
            text += """
                [[company]]
                name = "\(escape(company.name))"
                department = "\(escape(company.department))"

                """
        }
        text += """
            [archive]
            format = "zip"        # zip | tar.gz | tar.zst
            keep_months = 2       # this month and last month stay loose
            \(demo ? "# The demo packs closed months at once, to show an archive in its one run; a real root keeps\n# each document loose 7 days first (the default), so the portal takes every one.\nmin_loose_days = 0" : "min_loose_days = 7    # a run packs a document only once it has been loose this long (the portal takes loose files)")

            [inbox]
            settle_seconds = \(settleSeconds)   # a dropped file is read once unchanged this long
            # done_files = true    # take x.csv only once x.csv.done exists

            [watch]
            poll_seconds = 300    # `tldrop watch` asks Teamleader for changes this often (at least 30)

            """
        return text
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
