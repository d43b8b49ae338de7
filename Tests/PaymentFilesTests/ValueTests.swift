import Foundation
import PaymentFiles
import Testing

@Suite struct StructuredCommunicationTests {
    @Test(arguments: ["+++084/2613/66074+++", "+++010/8068/17183+++", "+++090/9337/55493+++", "312401398067", "100000834941", "***190/5063/21290***"])
    func validOnes(_ text: String) throws {
        let digits = try #require(StructuredCommunication.digits(text))
        #expect(StructuredCommunication.isValid(digits))
    }

    @Test func theUsualPlaceholderFails() {
        #expect(StructuredCommunication.digits("+++123/4567/89012+++") == "123456789012")
        #expect(!StructuredCommunication.isValid("123456789012"))
    }

    @Test func remainderZeroIsWritten97() {
        // 0000000097 mod 97 = 0, so its check digits are 97.
        #expect(StructuredCommunication.isValid("000000009797"))
        #expect(!StructuredCommunication.isValid("000000009700"))
    }

    @Test func foundInFreeText() {
        #expect(StructuredCommunication.find(in: "Betaling +++084/2613/66074+++ dank") == ["084261366074"])
        #expect(StructuredCommunication.find(in: "ref 084 2613 66074 en 084261366074") == ["084261366074"])
        #expect(StructuredCommunication.find(in: "rekening 4654654654654654") == [])
        #expect(StructuredCommunication.find(in: "factuur 2026/42 100000834941") == ["100000834941"])
        #expect(StructuredCommunication.find(in: "+++123/4567/89012+++") == [])
    }
}

@Suite struct DocumentNumberTests {
    @Test(arguments: ["2026 / 42", "2026/42", "2026-42", "2026 - 042", "2026/0042"])
    func numbersNormaliseToOneKey(_ text: String) {
        #expect(DocumentNumber.key(text) == "2026/42")
    }

    @Test func barNumbersStayAsWritten() {
        #expect(DocumentNumber.key("42") == "42")
        #expect(DocumentNumber.parse("42") == nil)
    }

    @Test func foundInFreeText() {
        #expect(DocumentNumber.find(in: "Factuur 2026/42 en F2026-0043, ref 12026/1") == ["2026/42", "2026/43"])
        #expect(DocumentNumber.find(in: "IBAN BE68 5390 0754 7034") == [])
    }
}
