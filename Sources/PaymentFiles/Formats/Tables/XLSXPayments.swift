import Archives
import Foundation
import StrictXML
import Wording

/// XLSX workbooks (read with libarchive through `Archives`): the first sheet, its shared strings, inline
/// strings and numbers; dates stored as serial numbers are read in date columns.
enum XLSXPayments {
    static func read(_ entries: [ArchiveEntry], into sink: inout PaymentSink) throws -> PaymentFileFormat {
        func member(_ path: String) -> Data? { entries.first { $0.path == path }?.data }
        guard let workbook = member("xl/workbook.xml") else { throw PaymentFileError(.readXLSXNoWorkbook) }
        let sheetPath = try firstSheetPath(workbook: workbook, relations: member("xl/_rels/workbook.xml.rels"))
        guard let sheet = member(sheetPath) else { throw PaymentFileError(.readXLSXNoSheet, sheetPath) }
        let table = SheetTable(sheet: sheet, strings: try member("xl/sharedStrings.xml").map(SharedStrings.read) ?? [])
        var first: TableRow?
        try table.forEachRow { row in
            first = row
            return false
        }
        if let first, ReviewPayments.looks(like: first) {
            try ReviewPayments.read(table, into: &sink)
            return .review
        }
        var interpreter = TableInterpreter()
        interpreter.numericDates = true
        interpreter.defaultDecimalMark = .point
        interpreter.lineWord = "row"
        if try !interpreter.interpret(table, format: .xlsx, into: &sink).isStatusList { sink.note(TableInterpreter.bankExportNote) }
        sink.note(.noteFirstSheet)
        return .xlsx
    }

    /// The first `<sheet>`'s part, through the workbook's relationships.
    static func firstSheetPath(workbook: Data, relations: Data?) throws -> String {
        let sheets = try ElementCollector.collect(workbook, element: "sheet")
        guard let first = sheets.first else { throw PaymentFileError(.readXLSXNoSheets) }
        let relation = first.first(where: { $0.key.hasSuffix(":id") || $0.key == "id" })?.value
        if let relations, let relation {
            let target = try ElementCollector.collect(relations, element: "Relationship").first { $0["Id"] == relation }?["Target"]
            if let target {
                return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        return "xl/worksheets/sheet1.xml"
    }
}

/// Collects the attributes of every element with a given local name.
private final class ElementCollector: XMLEventHandler {
    var found: [[String: String]] = []
    let element: String

    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) throws -> [[String: String]] {
        let collector = ElementCollector(element: element)
        try XMLReading.scan(data, into: collector)
        return collector.found
    }

    func start(_ name: String, attributes: [String: String], line: Int) {
        if name.split(separator: ":").last.map(String.init) == element { found.append(attributes) }
    }

    func text(_ text: String) {}
    func end(_ name: String, line: Int) {}
}

/// `xl/sharedStrings.xml`: the text of each `<si>`, runs joined.
private final class SharedStrings: XMLEventHandler {
    var strings: [String] = []
    private var current: String?
    private var inText = false

    static func read(_ data: Data) throws -> [String] {
        let reader = SharedStrings()
        try XMLReading.scan(data, into: reader)
        return reader.strings
    }

    func start(_ name: String, attributes: [String: String], line: Int) {
        switch name {
        case "si": current = ""
        case "t": inText = true
        default: break
        }
    }

    func text(_ string: String) {
        if inText, (current?.utf8.count ?? 0) < 32_768 { current? += string }
    }

    func end(_ name: String, line: Int) {
        switch name {
        case "si":
            strings.append(current ?? "")
            current = nil
        case "t": inText = false
        default: break
        }
    }
}

/// A worksheet's rows, read from its XML each time they are asked for.
private struct SheetTable: TableSource {
    let sheet: Data
    let strings: [String]

    /// Ends a scan early, when the rows' reader has seen enough.
    struct Enough: Error {}

    func forEachRow(_ body: (TableRow) throws -> Bool) throws {
        try withoutActuallyEscaping(body) { body in
            do {
                try XMLReading.scan(sheet, into: SheetRows(strings: strings, body: body))
            } catch is Enough {}
        }
    }
}

/// A worksheet's rows, cells placed by their column letters, handed on one by one.
private final class SheetRows: XMLEventHandler {
    let strings: [String]
    let body: (TableRow) throws -> Bool
    private var count = 0
    private var row: TableRow?
    private var cellColumn = 0
    private var cellType = ""
    private var value = ""
    private var collecting = false

    init(strings: [String], body: @escaping (TableRow) throws -> Bool) {
        self.strings = strings
        self.body = body
    }

    func start(_ name: String, attributes: [String: String], line: Int) {
        switch name {
        case "row":
            count += 1
            row = TableRow(line: Int(attributes["r"] ?? "") ?? count, cells: [])
        case "c":
            cellColumn = Self.column(of: attributes["r"] ?? "") ?? (row?.cells.count ?? 0)
            cellType = attributes["t"] ?? "n"
            value = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func text(_ string: String) {
        if collecting, value.utf8.count < 10_000 { value += string }
    }

    func end(_ name: String, line: Int) throws {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            guard cellColumn < 16_384 else { return }
            var text = value
            if cellType == "s" {
                guard let index = Int(value), index >= 0, index < strings.count else {
                    throw PaymentFileError(line: row?.line, .readXLSXSharedString, value)
                }
                text = strings[index]
            } else if cellType == "b" {
                text = value == "1" ? "yes" : "no"
            }
            while (row?.cells.count ?? 0) < cellColumn { row?.cells.append("") }
            row?.cells.append(text)
        case "row":
            defer { row = nil }
            if let row, try !body(row) { throw SheetTable.Enough() }
        default: break
        }
    }

    /// `B3` → 1.
    static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for character in reference {
            guard let ascii = character.asciiValue, character.isLetter else { break }
            column = column * 26 + Int(ascii & 0x1F)
            letters += 1
        }
        return letters > 0 && letters <= 3 ? column - 1 : nil
    }
}
