import JSON
import Testing

@Suite struct JSONValueTests {
    private func parse(_ text: String) throws(JSONReadError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse(#"{"a":[1,-2,3.5,true,false,null],"b":"\u00e9\ud83d\ude00\n","c":{}}"#)
        #expect(value["a"] == .array([.integer(1), .integer(-2), .number("3.5"), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("é😀\n"))
        #expect(value["c"] == .object([]))
        #expect(value.keys == ["a", "b", "c"])
    }

    @Test(arguments: [
        "\"\u{01}\"", #""\ud800""#, #"{"a":1,"a":2}"#, "[1,]", "01", "[[[[[[[[[1]]]]]]]]]", "1 2",
    ])
    func refusesWhatRFC8259Refuses(text: String) {
        #expect(throws: JSONReadError.self) { try parse(text) }
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: JSONReadError.self) { try JSONValue.parse([0x22, 0xff, 0x22]) }
    }
}
