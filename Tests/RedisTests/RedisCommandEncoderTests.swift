import Testing

@testable import Redis

@Suite struct RedisCommandEncoderTests {
    @Test func encoderWritesRESP() {
        let encoder = RedisCommandEncoder()
        encoder.append(["SET", RedisArgument([0, 1]), -42])
        #expect(encoder.array == Array("*3\r\n$3\r\nSET\r\n$2\r\n\u{0}\u{1}\r\n$3\r\n-42\r\n".utf8))
        encoder.reset()
        encoder.appendFunctionCall("abc", ["k"], [])
        #expect(encoder.array == Array("*4\r\n$5\r\nFCALL\r\n$3\r\nabc\r\n$1\r\n1\r\n$1\r\nk\r\n".utf8))
        #expect(RedisArgument(Int.min).bytes == Array(String(Int.min).utf8))
        #expect(RedisArgument(0).bytes == [UInt8(ascii: "0")])
    }
}
