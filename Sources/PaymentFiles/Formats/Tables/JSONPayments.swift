import Foundation

/// JSON: an array of objects whose keys use the same words as table headers (or such an array under
/// `payments`, `data` or `items`), or a bank-API export (`BankJSONPayments`).
enum JSONPayments {
    private enum Scalar: Decodable {
        case text(String)
        case number(Decimal)
        case flag(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
            else if let number = try? container.decode(Decimal.self) { self = .number(number) }
            else if let text = try? container.decode(String.self) { self = .text(text) }
            else { self = .null }
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

    private struct Wrapped: Decodable {
        var payments: [[String: Scalar]]?
        var data: [[String: Scalar]]?
        var items: [[String: Scalar]]?
    }

    static func read(_ data: Data) throws -> PaymentFile {
        let decoder = JSONDecoder()
        let objects: [[String: Scalar]]
        if let array = try? decoder.decode([[String: Scalar]].self, from: data) {
            objects = array
        } else if let wrapped = try? decoder.decode(Wrapped.self, from: data),
            let array = wrapped.payments ?? wrapped.data ?? wrapped.items
        {
            objects = array
        } else {
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: data)
            } catch {
                throw PaymentFileError("the JSON cannot be read: \((error as NSError).userInfo["NSDebugDescription"] ?? error.localizedDescription)")
            }
            if let (booked, pending) = BankJSONPayments.transactions(in: object) {
                return BankJSONPayments.read(booked: booked, pending: pending)
            }
            throw PaymentFileError(
                "expected a JSON array of objects (or one under \"payments\"), one object per payment, or a bank export's \"transactions\": {\"booked\": [...]}")
        }
        guard !objects.isEmpty else { throw PaymentFileError("the JSON array is empty") }
        // Each object is read on its own (objects may name their fields differently), numbered from 1.
        var interpreter = TableInterpreter()
        interpreter.defaultDecimalMark = .point
        interpreter.lineWord = "item"
        var file = PaymentFile(format: .json)
        for (position, object) in objects.enumerated() {
            let keys = object.keys.sorted()
            let rows = [
                TableRow(line: 0, cells: keys),
                TableRow(line: position + 1, cells: keys.map { object[$0]?.cell ?? "" }),
            ]
            do {
                let one = try interpreter.interpret(rows, format: .json)
                file.facts += one.facts
                file.problems += one.problems
                file.ignored += one.ignored
            } catch {
                file.problems.append(LineProblem(
                    line: position + 1,
                    message: "no field names a document: expected invoice_number, structured_communication or teamleader_id with paid"))
            }
        }
        file.notes.append("\(objects.count) JSON objects; line numbers count the objects from 1")
        return file
    }
}
