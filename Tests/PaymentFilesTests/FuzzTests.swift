import Archives
import DropTestSupport
import DropValues
import Foundation
import PaymentFiles
import TeamleaderSandbox
import Testing

/// Mutated sample files and random bytes in every supported format, fed to the parsers: they must never
/// crash or hang, and always return facts (with their lines) or an error that says where and what.
/// Seeded: `TLDROP_FUZZ_SEED` replays a run, `TLDROP_FUZZ_ITERATIONS` sets its size (CI: 2,500).
@Suite struct FuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["TLDROP_FUZZ_ITERATIONS"] ?? "") ?? 2_500

    @Test func mutatedAndRandomInputsGiveFactsOrALocatedError() throws {
        let seed = SeededGenerator.seed(from: "TLDROP_FUZZ_SEED")
        var random = SeededGenerator(seed: seed)
        let corpus = try Self.corpus()
        #expect(corpus.count >= 34)
        var outcomes = (facts: 0, errors: 0)
        var slowest = Duration.zero
        for iteration in 0..<Self.iterations {
            let input = Self.input(corpus: corpus, random: &random)
            let started = ContinuousClock.now
            if let path = ProcessInfo.processInfo.environment["TLDROP_FUZZ_DUMP"] { try? input.write(to: URL(fileURLWithPath: path)) }
            do {
                let file = try PaymentFileReader.read(input)
                outcomes.facts += 1
                #expect(
                    file.facts.allSatisfy { $0.line >= 1 } && file.problems.allSatisfy { $0.line >= 1 && !$0.message.isEmpty },
                    "iteration \(iteration), seed \(seed)")
            } catch let error as PaymentFileError {
                outcomes.errors += 1
                #expect(!error.message.isEmpty && (error.line ?? 1) >= 1, "iteration \(iteration), seed \(seed)")
            } catch {
                Issue.record("iteration \(iteration) threw \(type(of: error)): \(error); replay with TLDROP_FUZZ_SEED=\(seed)")
            }
            let elapsed = ContinuousClock.now - started
            slowest = max(slowest, elapsed)
            #expect(elapsed < .seconds(30), "iteration \(iteration) took \(elapsed) on \(input.count) bytes; replay with TLDROP_FUZZ_SEED=\(seed)")
        }
        print("fuzz: \(Self.iterations) inputs, \(outcomes.facts) read, \(outcomes.errors) refused with a reason, slowest \(slowest), seed \(seed)")
        #expect(outcomes.facts > Self.iterations / 20, "the mutations still reach the parsers' insides")
    }

    @Test func oversizedFilesAndFieldsAreRefusedWithTheLine() throws {
        let big = Data(count: PaymentFileReader.maximumBytes + 1)
        #expect(throws: PaymentFileError("the file is larger than 64 MiB")) { try PaymentFileReader.read(big) }
        // An unclosed quote: one field swallowing the rest of a 2 MB file.
        var text = "Factuurnummer;Betaald\n2026/1;ja\n\"2026/2;ja\n"
        text += String(repeating: "2026/3;ja\n", count: 200_000)
        let error = try #require(throws: PaymentFileError.self) { try PaymentFileReader.read(Data(text.utf8)) }
        #expect(error.line == 3 && error.message.contains("never closed"))
        let wide = "a" + String(repeating: ";b", count: 5_000) + "\n"
        let tooWide = try #require(throws: PaymentFileError.self) { try PaymentFileReader.read(Data(("Factuurnummer;Betaald\n" + wide).utf8)) }
        #expect(tooWide.line == 2)
    }

    /// Every fixture, and a small well-formed file of each kind (so that each parser is reached even
    /// when the fixtures change).
    static func corpus() throws -> [Data] {
        let base = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures")
        var files: [Data] = []
        let names = try #require(FileManager.default.enumerator(atPath: base.path)).compactMap { $0 as? String }.sorted()
        for name in names where !name.hasSuffix(".md") && !name.hasSuffix("NOTICE.txt") {
            var directory: ObjCBool = false
            let url = base.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &directory), !directory.boolValue {
                files.append(try Data(contentsOf: url))
            }
        }
        files.append(Data("Factuurnummer;Betaald;Betaaldatum;Bedrag\n2026 / 1;ja;28/11/2026;10,50\n\"2026/2\";\"nee\";;\n".utf8))
        files.append(Data(#"[{"invoice_number": "2026 / 7", "paid": true, "amount": "12.10", "date": "2026-11-28"}]"#.utf8))
        files.append(
            Data(
                #"{"transactions": {"booked": [{"transactionAmount": {"amount": "121.00", "currency": "EUR"}, "bookingDate": "2026-11-20", "remittanceInformationUnstructured": "factuur 2026/42", "debtorName": "Klant NV"}], "pending": []}}"#
                    .utf8))
        files.append(
            Data(
                ":20:STMT\n:25:BE68539007547034\n:28C:1\n:60F:C261120EUR0,00\n:61:2611201120C121,00NTRFNONREF//1\n:86:+++084/2613/66074+++ factuur 2026/42\n:62F:C261120EUR121,00\n"
                    .utf8))
        var review = ReviewSheet.render([
            ReviewSheet.Row(
                id: "R1-0123abcd", file: "statement.cod", location: "line 3", date: "2026-11-20", amount: "121.00", currency: "EUR",
                counterparty: "Klant NV", said: "\"factuur 2026/42\"", candidates: "invoice 2026 / 42", reason: "ambiguous")
        ])
        review.append(Data("R2-89abcdef;x.csv;line 4;2026-11-20;10.00;EUR;;;;;2026/42;5,00\r\n".utf8))
        files.append(review)
        return files
    }

    /// One input: a mutated fixture (mostly), a splice of two, or random bytes behind a format's magic.
    static func input(corpus: [Data], random: inout SeededGenerator) -> Data {
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            let magic: [[UInt8]] = [
                [], Array("<?xml ".utf8), Array("0000".utf8), [0x50, 0x4B, 0x03, 0x04], Array("[{".utf8), [0xFF, 0xFE], Array("{1:".utf8),
                Array(":20:".utf8), Array("{\"transactions\":{\"booked\":[".utf8), Array("tldrop review;".utf8),
            ]
            return Data(
                magic.randomElement(using: &random)!
                    + (0..<Int.random(in: 0...4_096, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        case 1:
            let a = corpus.randomElement(using: &random)!, b = corpus.randomElement(using: &random)!
            return a.prefix(Int.random(in: 0...a.count, using: &random)) + b.suffix(Int.random(in: 0...b.count, using: &random))
        default:
            var data = corpus.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...8, using: &random) { mutate(&data, random: &random) }
            return data
        }
    }

    static let interesting: [UInt8] = Array("\";,\t\n\r<>&/+0 9.-".utf8) + [0x00, 0x80, 0xC3, 0xFF, 0xEF, 0xBB, 0xBF]

    static func mutate(_ data: inout Data, random: inout SeededGenerator) {
        guard !data.isEmpty else {
            data.append(UInt8.random(in: 0...255, using: &random))
            return
        }
        let position = Int.random(in: 0..<data.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: data[data.startIndex + position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 1: data[data.startIndex + position] = interesting.randomElement(using: &random)!
        case 2:
            data.insert(
                contentsOf: (0..<Int.random(in: 1...16, using: &random)).map { _ in interesting.randomElement(using: &random)! },
                at: data.startIndex + position)
        case 3: data.removeSubrange(data.startIndex + position..<data.startIndex + min(data.count, position + Int.random(in: 1...64, using: &random)))
        case 4:
            let chunk = data[data.startIndex + position..<data.startIndex + min(data.count, position + Int.random(in: 1...256, using: &random))]
            data.insert(contentsOf: Data(chunk), at: data.startIndex + Int.random(in: 0...data.count, using: &random))
        case 5: data = data.prefix(position)
        default:
            data.replaceSubrange(
                data.startIndex + position..<data.startIndex + position,
                with: Data(String(repeating: "9", count: Int.random(in: 1...40, using: &random)).utf8))
        }
    }
}
