/// Writes commands in RESP (`*N\r\n$len\r\nbytes\r\n…`) into a reusable byte buffer,
/// so a command costs no allocation once the buffer has grown.
struct RedisCommandEncoder {
    private(set) var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(4096) }

    /// Forgets the encoded bytes, keeping the capacity.
    mutating func reset() { buffer.removeAll(keepingCapacity: true) }

    /// Appends one command.
    mutating func append(_ arguments: [RedisArgument]) {
        Self.encode(arguments, into: &buffer)
    }

    /// Appends one command given as a prefix (for example `EVALSHA sha n`) and two argument lists.
    mutating func append(_ head: [RedisArgument], _ keys: [RedisArgument], _ arguments: [RedisArgument]) {
        buffer.append(UInt8(ascii: "*"))
        Self.appendDecimal(head.count + keys.count + arguments.count, to: &buffer)
        Self.appendCRLF(to: &buffer)
        for argument in head { Self.appendBulk(argument, to: &buffer) }
        for argument in keys { Self.appendBulk(argument, to: &buffer) }
        for argument in arguments { Self.appendBulk(argument, to: &buffer) }
    }

    static func encode(_ arguments: [RedisArgument], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "*"))
        appendDecimal(arguments.count, to: &output)
        appendCRLF(to: &output)
        for argument in arguments { appendBulk(argument, to: &output) }
    }

    private static func appendBulk(_ argument: RedisArgument, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "$"))
        appendDecimal(argument.byteCount, to: &output)
        appendCRLF(to: &output)
        argument.append(to: &output)
        appendCRLF(to: &output)
    }

    private static func appendCRLF(to output: inout [UInt8]) {
        output.append(13)
        output.append(10)
    }

    /// Appends the decimal digits of `value` (with a leading `-` when negative).
    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        if value >= 0 && value < 10 {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor &*= 10 }  // at most 10^18 < UInt.max
        while divisor > 0 {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// The number of bytes `appendDecimal` writes for `value`.
    static func decimalDigitCount(_ value: Int) -> Int {
        (value < 0 ? 1 : 0) + decimalDigitCount(value.magnitude)
    }

    private static func decimalDigitCount(_ magnitude: UInt) -> Int {
        var count = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }
}
