import JSON
import Testing

/// `JSONValue.validate(array:)` must accept exactly what `JSONValue.parse(array:)` accepts, with the
/// same error for the same bytes: checked on hand-picked documents and on thousands of mutations
/// of a spin answer.
@Suite struct JSONValidationTests {
    /// The outcome of both readers on `bytes`: nil when accepted, else the error.
    private func outcomes(_ bytes: [UInt8]) -> (parsed: JSONReadError?, validated: JSONReadError?) {
        var parsed: JSONReadError?
        var validated: JSONReadError?
        do { _ = try JSONValue.parse(array: bytes) } catch { parsed = error }
        do { try JSONValue.validate(array: bytes) } catch { validated = error }
        return (parsed, validated)
    }

    /// An object of `count` members `k0`, `k1`…, the last one named like member `repeating` when given.
    static func manyKeys(_ count: Int, repeating: Int?) -> String {
        let names = (0..<count).map { "\"k\($0)\":\($0)" } + (repeating.map { ["\"k\($0)\":0"] } ?? [])
        return "{" + names.joined(separator: ",") + "}"
    }

    static let spinAnswer = #"{"spinId":"k-1","game":"classic3","kind":"normal","bet":10,"debit":10,"win":0,"balance":990,"reels":[["A","B","C"],["K","Q","J"],["7","BAR","\u00e9"]],"stops":[1,22,3],"wins":[{"line":null,"symbol":"A","count":3,"amount":50}],"feature":null,"boosted":false,"settledAt":"2026-12-02T11:00:00.000Z"}"#

    @Test(arguments: [
        spinAnswer, #"{}"#, #"[]"#, #" {"a" : [ 1 , 2.5e-3 , -0 , true , false , null ] } "#, #""\ud83d\ude00""#,
        "\"é😀\"", #"{"a":"x\"y","b":"\\","c":"\/"}"#, #"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10}"#,
        #"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10}"#, #"{"a":1,"\u0061":2}"#, #"{"é":1,"e\u0301":2}"#,
        "\"\u{01}\"", #""\ud800""#, #""\udc00""#, #""\u12g4""#, #""\q""#, #"{"a":1,"a":2}"#, "[1,]", "01", "-", "1.", "1e",
        "[[[[[[[[[1]]]]]]]]]", "[[[[[[[[1]]]]]]]]", "1 2", "tru", "nul", "fals", "truex", #"{"a" 1}"#, #"{"a":1"#, #"{1:2}"#,
        #"["a"#, "", " ", "{", "[", #"""#, #"{"a":[}"#, #"{"K":1,"\u212A":2}"#, "{\"K\":1,\"\u{212A}\":2}",
        "{\"\u{212A}\":1,\"K\":2}", #"{"a\"b":1,"a\"b":2}"#, manyKeys(40, repeating: nil), manyKeys(40, repeating: 3),
        manyKeys(40, repeating: 35), manyKeys(20, repeating: 7),
    ])
    func agreesWithTheParser(text: String) {
        let (parsed, validated) = outcomes(Array(text.utf8))
        #expect(parsed == validated)
    }

    @Test func refusesBytesThatAreNotUTF8AsTheParserDoes() {
        for bytes: [UInt8] in [[0x22, 0xff, 0x22], [0x22, 0xc3, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x7b, 0x22, 0xfe, 0x22, 0x3a, 0x31, 0x7d]] {
            let (parsed, validated) = outcomes(bytes)
            #expect(parsed != nil)
            #expect(parsed == validated)
        }
    }

    @Test func agreesOnMutationsOfASpinAnswer() {
        let original = Array(Self.spinAnswer.utf8)
        let alphabet = Array(#"{}[]":,\ -.0123456789eEtrufalsn"#.utf8) + [0x01, 0x80, 0xc3, 0xa9, 0xff]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var accepted = 0
        for _ in 0..<5000 {
            var bytes = original
            for _ in 0...next(3) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = alphabet[next(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            let (parsed, validated) = outcomes(bytes)
            #expect(parsed == validated, "\(String(decoding: bytes, as: UTF8.self))")
            if parsed == nil { accepted += 1 }
        }
        #expect(accepted > 100)  // the mutations reach valid documents too, not only broken ones
    }
}
