/// Writes commands in RESP (`*N\r\n$len\r\nbytes\r\n…`) into a reusable byte buffer that it owns,
/// so a command costs no allocation once the buffer has grown: its size is computed first,
/// then every byte is written through one pointer.
final class RedisCommandEncoder {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes encoded so far.
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 1)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The encoded bytes (valid until the next change).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// A copy of the encoded bytes.
    var array: [UInt8] { Array(bytes) }

    /// Forgets the encoded bytes, keeping the capacity (shrinking it if one huge command grew it).
    func reset() {
        count = 0
        if capacity > 1 << 20 {
            storage.deallocate()
            capacity = 4096
            storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
        }
    }

    /// Appends one command.
    func append(_ arguments: [RedisArgument]) {
        let total = 3 + Self.decimalDigitCount(arguments.count) + Self.bulkSize(arguments)
        reserve(total)
        var cursor = (storage + count).assumingMemoryBound(to: UInt8.self)
        cursor = Self.writeHeader(arguments.count, at: cursor)
        cursor = Self.writeBulks(arguments, at: cursor)
        count += total
        assert(cursor == (storage + count).assumingMemoryBound(to: UInt8.self))
    }

    /// Appends `FCALL function numkeys keys… arguments…`.
    func appendFunctionCall(_ function: String, _ keys: [RedisArgument], _ arguments: [RedisArgument]) {
        let command: RedisArgument = "FCALL"
        let digest = RedisArgument(function)
        let keyCount = RedisArgument(keys.count)
        let total = 3 + Self.decimalDigitCount(3 + keys.count + arguments.count)
            + Self.bulkSize(command) + Self.bulkSize(digest) + Self.bulkSize(keyCount) + Self.bulkSize(keys) + Self.bulkSize(arguments)
        reserve(total)
        var cursor = (storage + count).assumingMemoryBound(to: UInt8.self)
        cursor = Self.writeHeader(3 + keys.count + arguments.count, at: cursor)
        cursor = Self.writeBulk(command, at: cursor)
        cursor = Self.writeBulk(digest, at: cursor)
        cursor = Self.writeBulk(keyCount, at: cursor)
        cursor = Self.writeBulks(keys, at: cursor)
        cursor = Self.writeBulks(arguments, at: cursor)
        count += total
        assert(cursor == (storage + count).assumingMemoryBound(to: UInt8.self))
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 1)
        fresh.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = fresh
        capacity = grown
    }

    /// Writes `*count\r\n`; returns the position after it.
    private static func writeHeader(_ count: Int, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        start.initialize(to: UInt8(ascii: "*"))
        return writeCRLF(at: writeDecimal(count, at: start + 1))
    }

    private static func writeBulks(
        _ arguments: [RedisArgument], at start: UnsafeMutablePointer<UInt8>
    ) -> UnsafeMutablePointer<UInt8> {
        var cursor = start
        for argument in arguments { cursor = writeBulk(argument, at: cursor) }
        return cursor
    }

    /// Writes `$len\r\nbytes\r\n`; returns the position after it.
    private static func writeBulk(_ argument: RedisArgument, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        start.initialize(to: UInt8(ascii: "$"))
        var cursor = writeCRLF(at: writeDecimal(argument.byteCount, at: start + 1))
        cursor = argument.write(at: cursor)
        return writeCRLF(at: cursor)
    }

    private static func bulkSize(_ arguments: [RedisArgument]) -> Int {
        var size = 0
        for argument in arguments { size += bulkSize(argument) }
        return size
    }

    private static func bulkSize(_ argument: RedisArgument) -> Int {
        let length = argument.byteCount
        return 5 + decimalDigitCount(length) + length
    }

    private static func writeCRLF(at cursor: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        cursor[0] = 13
        cursor[1] = 10
        return cursor + 2
    }

    /// Writes the decimal digits of `value` (with a leading `-` when negative); returns the next position.
    static func writeDecimal(_ value: Int, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var cursor = start
        if value < 0 {
            cursor.initialize(to: UInt8(ascii: "-"))
            cursor += 1
        }
        var magnitude = value.magnitude
        let end = cursor + decimalDigitCount(magnitude)
        var position = end
        repeat {
            position -= 1
            position.initialize(to: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        return end
    }

    /// The number of bytes `writeDecimal` writes for `value`.
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
