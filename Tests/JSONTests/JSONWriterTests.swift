import JSON
import Testing

@Suite struct JSONWriterTests {
    private func written(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func quoteBackslashAndTheShortControlEscapes() {
        #expect(written("a\"b\\c\nd\re\tf") == #""a\"b\\c\nd\re\tf""#)
    }

    @Test func everyOtherControlCharacterIsAUnicodeEscape() {
        #expect(written("\u{0}\u{1}\u{8}\u{c}\u{1f}") == #""\u0000\u0001\u0008\u000c\u001f""#)
    }

    @Test func deleteAndNonASCIIPassThrough() {
        // RFC 8259 §7 requires escaping only below U+0020; DEL is written as is.
        #expect(written("x\u{7f}y") == "\"x\u{7f}y\"")
        #expect(written("é€😀") == "\"é€😀\"")
    }

    @Test func integersAtTheEdges() {
        var writer = JSONWriter()
        writer.int(Int64.min)
        writer.raw(",")
        writer.int(UInt64.max)
        writer.raw(",")
        writer.int(0)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "-9223372036854775808,18446744073709551615,0")
    }

    @Test func writtenStringsReadBack() throws {
        let text = "\u{0}\u{7f}\"\\ é"
        var writer = JSONWriter()
        writer.string(text)
        #expect(try JSONValue.parse(writer.bytes) == .string(text))
    }
}
