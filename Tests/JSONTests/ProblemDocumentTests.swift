import JSON
import Testing

@Suite struct ProblemDocumentTests {
    @Test func membersInTheContractOrder() {
        let body = ProblemDocument.body(status: 404, code: "not_found", title: "Not Found", detail: "no route for \"/x\"\n")
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"type":"https://onespin.dev/problems/not_found","title":"Not Found","status":404,"detail":"no route for \"/x\"\n","code":"not_found"}"#)
    }

    @Test func theBodyIsValidJSONWhateverTheDetail() throws {
        let body = ProblemDocument.body(status: 400, code: "invalid_request", title: "Bad Request", detail: "\u{1}\u{7f}é\\")
        let value = try JSONValue.parse(body)
        #expect(value["detail"] == .string("\u{1}\u{7f}é\\"))
        #expect(value["status"] == .integer(400))
        #expect(value.keys == ["type", "title", "status", "detail", "code"])
    }
}
