import DropValues
import Foundation

/// The seeded data a sandbox starts with: the same seed and the same `today` give the same account.
struct SandboxSeed {
    static let departmentNames = [
        "De Kroon BV", "Lumière SRL", "Atelier Noord", "Zuiderhaven Logistiek", "Brasserie du Parc",
    ]

    /// Customer names chosen to break naive file naming: separators, quotes, accents (composed and
    /// decomposed), traversal, leading dots and dashes, control-looking text and a 300-character name.
    static let awkwardCustomerNames = [
        "Brouwerij De Kroon",
        "AC/DC Tribute vzw",
        "Café \"Het Anker\"",
        "Crème & Brûlée SPRL",
        "../../etc/passwd",
        "Société Générale d'Électricité",
        "-rf Holdings",
        ".hidden NV",
        "Bakkerij 't Stoepje",
        "Zoe\u{0308} Cafe\u{0301} (NFD)",
        "Back\\slash: Star* Question? <Pipe|>",
        "Ølbrücke GmbH",
        String(repeating: "Zeer Lange Naam Consultancy ", count: 11),
    ]

    static let contactNames = [("Jan", "Janssens"), ("Marie", "Dubois"), ("Ahmed", "El Amrani"), ("Lotte", "Peeters")]

    static let productNames = [
        ("Consultancy (uur)", "CONS-H", Decimal(string: "95.00")!), ("Installatie", "INST", Decimal(string: "450.00")!),
        ("Onderhoudscontract", "MAINT-Y", Decimal(string: "1200.00")!), ("Verplaatsing", "TRAVEL", Decimal(string: "35.50")!),
        ("Licentie", "LIC", Decimal(string: "249.99")!),
    ]

    static func world(_ configuration: SandboxConfiguration, today: CalendarDate) -> SandboxWorld {
        var random = SandboxRandom(seed: configuration.seed)
        let epoch = today.adding(days: -400).startOfDayUTC
        var world = SandboxWorld(today: today)

        for index in 0..<max(1, configuration.departments) {
            let name = index < departmentNames.count ? departmentNames[index] : "Department \(index + 1)"
            world.departments.append(
                SandboxDepartment(
                    id: random.uuid(), name: name, vatNumber: String(format: "BE0%09d", 400_000_000 + index * 1_111_111),
                    iban: String(format: "BE%02d 0000 %04d %04d", 10 + index, 1000 + index, 2000 + index)))
        }
        for name in awkwardCustomerNames {
            world.customers.append(
                SandboxCustomer(
                    id: random.uuid(), kind: .company, name: name, vatNumber: "BE0\(Int.random(in: 200_000_000...899_999_999, using: &random))",
                    email: "billing@example.invalid", addedAt: epoch))
        }
        for (first, last) in contactNames {
            world.customers.append(
                SandboxCustomer(
                    id: random.uuid(), kind: .contact, name: "\(first) \(last)", firstName: first, lastName: last,
                    email: "\(first.lowercased())@example.invalid", addedAt: epoch))
        }
        for (name, code, price) in productNames {
            world.products.append(SandboxProduct(id: random.uuid(), name: name, code: code, price: price, addedAt: epoch))
        }

        // Invoices spread over the last four months, dated in order so numbers follow dates.
        let count = max(0, configuration.invoices)
        let span = 120
        var drafts: [SandboxInvoice] = []
        for index in 0..<count {
            let department = world.departments[index % world.departments.count]
            let daysBack = span - (index * span) / max(count, 1)
            let date = today.adding(days: -daysBack)
            let isDraft = Int.random(in: 0..<10, using: &random) == 0
            var invoice = world.makeInvoice(
                departmentID: department.id, date: date, customerID: world.customers.randomElement(using: &random)!.id,
                lines: randomLines(&random, products: world.products), random: &random)
            if isDraft {
                drafts.append(invoice)
                continue
            }
            world.book(&invoice, on: date, random: &random)
            // About a third are paid (matched), a few of them in two parts.
            if Int.random(in: 0..<3, using: &random) == 0 {
                let paidOn = min(date.adding(days: Int.random(in: 3...25, using: &random)), today)
                if Int.random(in: 0..<4, using: &random) == 0 {
                    let half = (invoice.taxInclusive / 2).rounded(2)
                    invoice.payments.append(SandboxPayment(amount: half, paidAt: paidOn.startOfDayUTC + 36_000))
                }
                invoice.payments.append(SandboxPayment(amount: invoice.due, paidAt: paidOn.startOfDayUTC + 39_600))
                invoice.updatedAt = paidOn.startOfDayUTC + 39_600
            }
            world.appendInvoice(invoice)
            // Every eighth booked invoice is credited, partly, a few days later.
            if world.invoices.count % 8 == 0 {
                let creditDate = min(date.adding(days: 5), today)
                var line = invoice.lines[0]
                line.description = "Creditering: \(line.description)"
                line.quantity = 1
                world.bookCreditNote(
                    for: invoice, lines: [line], on: creditDate, random: &random)
            }
        }
        drafts.forEach { world.appendInvoice($0) }
        return world
    }

    static func randomLines(_ random: inout SandboxRandom, products: [SandboxProduct]) -> [SandboxLine] {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in
            let product = products.randomElement(using: &random)!
            return SandboxLine(
                description: product.name, quantity: Decimal(Int.random(in: 1...12, using: &random)),
                unitPrice: product.price, taxRate: Decimal(string: "0.21")!, productID: product.id)
        }
    }
}
