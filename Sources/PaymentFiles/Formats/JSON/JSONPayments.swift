import Foundation
import Wording

/// JSON: an array of objects whose keys use the same words as table headers (or such an array under
/// `payments`, `data` or `items`), or a bank-API export (`BankJSONPayments`). The document is checked
/// whole first, then its items are read one by one.
enum JSONPayments {
    private enum Scalar: Decodable {
        case text(String)
        case number(Decimal)
        case flag(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Decimal.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .null
            }
        }

        var cell: String {
            switch self {
            case .text(let text): return text
            case .number(let number): return "\(number)"
            case .flag(let flag): return flag ? "yes" : "no"
            case .null: return ""
            }
        }
    }

    static func read(_ input: PaymentInput, encoding: TextEncoding, into sink: inout PaymentSink) throws -> PaymentFileFormat {
        let shape = JSONScanner(TextStream(input, encoding: encoding))
        try shape.scan()
        if let place = listPlace(shape) {
            guard let count = shape.arrays[place]?.count, count > 0 else { throw PaymentFileError(.readJSONEmpty) }
            try readList(input, encoding: encoding, at: place, into: &sink)
            sink.note(.noteJSON, count)
            return .json
        }
        if let (booked, pending) = BankJSONPayments.places(in: shape) {
            try BankJSONPayments.read(input, encoding: encoding, booked: booked, pending: pending, into: &sink)
            return .bankJSON
        }
        throw PaymentFileError(.readJSONShape)
    }

    /// Where the payment objects are: the top-level array when all its items are objects, else the
    /// first of `payments`, `data` and `items` that is not null, provided none of them is anything but
    /// an array of objects or null.
    private static func listPlace(_ shape: JSONScanner) -> JSONScanner.Place? {
        if shape.kinds[.top] == .array { return shape.arrays[.top]?.allObjects == true ? .top : nil }
        guard shape.kinds[.top] == .object else { return nil }
        var chosen: JSONScanner.Place?
        for key in ["payments", "data", "items"] {
            let place = JSONScanner.Place.topMember(key)
            guard let kind = shape.kinds[place], kind != .null else { continue }
            guard kind == .array, shape.arrays[place]?.allObjects == true else { return nil }
            chosen = chosen ?? place
        }
        return chosen
    }

    /// Each object is read on its own (objects may name their fields differently), numbered from 1.
    private static func readList(_ input: PaymentInput, encoding: TextEncoding, at place: JSONScanner.Place, into sink: inout PaymentSink) throws {
        var interpreter = TableInterpreter()
        interpreter.defaultDecimalMark = .point
        interpreter.lineWord = "item"
        let decoder = JSONDecoder()
        var position = 0
        try withoutActuallyEscaping({ (bytes: [UInt8], _: JSONScanner.Kind) throws in
            position += 1
            let object = try decoder.decode([String: Scalar].self, from: Data(bytes))
            let keys = object.keys.sorted()
            let rows = TableRows(rows: [
                TableRow(line: 0, cells: keys),
                TableRow(line: position, cells: keys.map { object[$0]?.cell ?? "" }),
            ])
            do {
                try interpreter.interpret(rows, format: .json, into: &sink)
            } catch is PaymentFileError {
                try sink.problem(LineProblem(line: position, ReadingMessage(.rowJSONNoDocument)))
            }
        }) { deliver in
            try JSONScanner(TextStream(input, encoding: encoding), capturing: place, deliver: deliver).scan()
        }
    }
}
