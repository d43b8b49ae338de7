import DropAgent
import DropIndex
import DropValues
import Foundation
import Logging
import PaymentFiles
import TeamleaderAPI

/// Reads a large payment file against a large index with the real `tldrop inbox` in a child process:
/// lines a second (parse, match, queue) and peak memory.
struct IntakeBenchmark {
    let binary: String

    enum Kind: String {
        case csv, camt053 = "camt.053", coda = "CODA", mt940 = "MT940", bankJSON = "bank JSON"
    }

    struct Figures {
        var lines: Int
        var queued: Int
        var wall: Duration
        var peakMemoryBytes: Int
        /// `benchmarks/peer_intake.py` on the same file and a copy of the same index, when it reads the format.
        var peer: MeasuredRun.Result?
        var peerQueued: Int?
    }

    /// - Parameter peer: the Python standard-library peer to run after tldrop (CSV only).
    func run(kind: Kind, lines: Int, documents: Int, peer: String? = nil) async throws -> Figures {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-intake-\(UUID().uuidString)")
        defer { if ProcessInfo.processInfo.environment["TLDROP_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: root) } }
        let layout = RootLayout(root: root)
        for folder in [layout.inbox, layout.outbox, layout.stateDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var text = ConfigurationTemplate.render(
            startDate: CalendarDate("2026-01-01")!, companies: [CompanyMapping(name: "Company 1", department: "D1")])
        text = text.replacingOccurrences(of: "settle_seconds = 5", with: "settle_seconds = 0")
        try Data(text.utf8).write(to: layout.configFile)
        // A token valid for a day: the inbox needs no Teamleader call.
        try CredentialsFile(url: layout.credentialsFile, logger: .init(label: "bench"))
            .store(TokenPair(accessToken: "a", refreshToken: "r", expiresAt: Date().addingTimeInterval(86_400)), clientSecret: "s")
        // Both readers get the same compact copy of one index (no write-ahead log left to replay).
        let seedPath = root.appendingPathComponent("seed.sqlite").path
        let seed = try DropIndex(path: seedPath)
        for first in stride(from: 1, through: documents, by: 100_000) {
            try await seed.importMirrored((first...min(first + 99_999, documents)).map { Self.document($0) })
        }
        try await seed.copy(to: layout.indexFile.path)
        let file: (String, Data) =
            switch kind {
            case .csv: ("export.csv", Self.csv(lines: lines, documents: documents))
            case .camt053: ("statement.xml", Self.camt(lines: lines, documents: documents))
            case .coda: ("statement.cod", Self.coda(lines: lines, documents: documents))
            case .mt940: ("statement.sta", Self.mt940(lines: lines, documents: documents))
            case .bankJSON: ("transactions.json", Self.bankJSON(lines: lines, documents: documents))
            }
        try file.1.write(to: layout.inbox.appendingPathComponent(file.0))
        // The peer gets the same bytes and the index as tldrop found it.
        let peerFile = root.appendingPathComponent("peer-\(file.0)")
        let peerIndex = root.appendingPathComponent("peer-index.sqlite")
        if peer != nil {
            try file.1.write(to: peerFile)
            try await seed.copy(to: peerIndex.path)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TLDROP_CLIENT_ID"] = "bench"
        let result = try MeasuredRun.run(binary, ["inbox", "--quiet", "--root", root.path], environment: environment)
        guard result.status == 0 else {
            let report = (try? FileManager.default.contentsOfDirectory(atPath: layout.processed.path)) ?? []
            throw BenchmarkError("tldrop inbox exited \(result.status) on \(kind.rawValue) (processed: \(report))")
        }
        let queued = try await DropIndex(path: layout.indexFile.path).pendingPayments().count
        var figures = Figures(lines: lines, queued: queued, wall: result.wall, peakMemoryBytes: result.peakMemoryBytes)
        if let peer {
            let run = try MeasuredRun.run("/usr/bin/env", ["python3", peer, peerIndex.path, peerFile.path], environment: environment)
            guard run.status == 0 else { throw BenchmarkError("the Python peer exited \(run.status)") }
            figures.peer = run
            figures.peerQueued = try await DropIndex(path: peerIndex.path).pendingPayments().count
        }
        return figures
    }

    static func reference(_ n: Int) -> String {
        let base = 2_600_000_000 + n
        let remainder = base % 97
        let check = remainder == 0 ? 97 : remainder
        return "\(base)" + (check < 10 ? "0" : "") + "\(check)"
    }

    static func document(_ n: Int, id: String? = nil, date: CalendarDate = CalendarDate(year: 2026, month: 11, day: 1)!) -> DocumentRecord {
        DocumentRecord(
            id: id ?? String(format: "00000000-0000-4000-8000-%012d", n), kind: .invoice, departmentId: "D1", company: "Company 1",
            number: "\(date.year) / \(n)", numberKey: "\(date.year)/\(n)", documentDate: date, customer: "Klant \(n)",
            paymentReference: reference(n), currency: "EUR", total: 121, remoteStatus: .outstanding,
            remoteUpdatedAt: Date(), remoteDue: 121, remotePaid: false, remoteSent: true, fingerprint: "f")
    }

    static func csv(lines: Int, documents: Int) -> Data {
        var text = "Factuurnummer;Klant;Betaaldatum;Bedrag;Betaald\n"
        text.reserveCapacity(lines * 48)
        for n in 1...lines { text += "2026 / \((n - 1) % documents + 1);Klant \(n);28/11/2026;121,00;ja\n" }
        return Data(text.utf8)
    }

    static func camt(lines: Int, documents: Int) -> Data {
        var text = #"<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>"#
        text.reserveCapacity(lines * 420)
        for n in 1...lines {
            text += """
                <Ntry><Amt Ccy="EUR">121.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-28</Dt></BookgDt>\
                <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>KLANT \(n)</Nm></Dbtr></RltdPties><RmtInf><Strd><CdtrRefInf><Ref>\
                \(reference((n - 1) % documents + 1))</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>

                """
        }
        text += "</Stmt></BkToCstmrStmt></Document>\n"
        return Data(text.utf8)
    }

    static func coda(lines: Int, documents: Int) -> Data {
        func record(_ fields: [(Int, String)]) -> String {
            var line = [Character](repeating: " ", count: 128)
            for (position, text) in fields { for (offset, character) in text.enumerated() { line[position - 1 + offset] = character } }
            return String(line)
        }
        var out = [
            record([(1, "0"), (2, "0000"), (6, "281126"), (12, "725"), (15, "05"), (128, "2")]),
            record([(1, "1"), (2, "0"), (6, "539007547034 EUR"), (43, "0"), (44, "000000001000000"), (59, "271126")]),
        ]
        out.reserveCapacity(lines + 4)
        for n in 1...lines {
            out.append(
                record([
                    (1, "21"), (3, String(format: "%04d", n % 10_000)), (7, "0000"), (32, "0"), (33, String(format: "%015d", 121_000)),
                    (48, "281126"), (54, "00150000"), (62, "1"), (63, "101"), (66, reference((n - 1) % documents + 1)), (116, "281126"),
                    (125, "0"),
                ]))
        }
        // Balances that add up, as a bank's do (a statement that does not reconcile is checked line by line).
        let closing = String(format: "%015d", 1_000_000 + 121_000 * lines)
        out.append(record([(1, "8"), (5, "539007547034 EUR"), (42, "0"), (43, closing), (58, "281126")]))
        out.append(record([(1, "9"), (128, "2")]))
        return Data((out.joined(separator: "\n") + "\n").utf8)
    }

    /// MT940 with the structured communication in `:86:` (`/REMI/STRD/BBA/…/`), as a Belgian bank writes it.
    static func mt940(lines: Int, documents: Int) -> Data {
        var text = ":20:BENCH\n:25:BE68539007547034 EUR\n:28C:1\n:60F:C261127EUR0,00\n"
        text.reserveCapacity(lines * 130)
        for n in 1...lines {
            text +=
                ":61:2611281128C121,00NTRFNONREF//\(n)\n:86:/CNTP/BE71096123456769/GKCCBEBB/KLANT \(n)/GENT//REMI/STRD/BBA/\(reference((n - 1) % documents + 1))/\n"
        }
        text += ":62F:C261128EUR\(121 * lines),00\n"
        return Data(text.utf8)
    }

    /// A GoCardless (Nordigen) transactions export with the structured communication in
    /// `remittanceInformationStructured`.
    static func bankJSON(lines: Int, documents: Int) -> Data {
        var text = #"{"transactions": {"booked": ["#
        text.reserveCapacity(lines * 170)
        for n in 1...lines {
            if n > 1 { text += "," }
            text +=
                #"{"transactionAmount": {"amount": "121.00", "currency": "EUR"}, "bookingDate": "2026-11-28", "debtorName": "KLANT \#(n)", "remittanceInformationStructured": "\#(reference((n - 1) % documents + 1))"}"#
        }
        text += #"], "pending": []}}"#
        return Data(text.utf8)
    }
}
