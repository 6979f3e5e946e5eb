import Spin
import Testing

/// Writes 1, 2, 3, … into each fill and counts the fills.
private struct CountingBytes: RandomBytesSource {
    var fills = 0
    var nextWord: UInt64 = 1

    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        fills += 1
        #expect(buffer.count == BufferedRandomGenerator<CountingBytes>.capacity * 8)
        for offset in stride(from: 0, to: buffer.count, by: 8) {
            buffer.storeBytes(of: nextWord, toByteOffset: offset, as: UInt64.self)
            nextWord += 1
        }
    }
}

/// Counts the fills of the real source, through a class so the test sees them.
private final class FillCounter: @unchecked Sendable {
    var fills = 0
}

private struct CountedSystemBytes: RandomBytesSource {
    let counter: FillCounter

    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        counter.fills += 1
        SystemRandomBytes().fill(buffer)
    }
}

@Suite struct SpinRandomSourceTests {
    @Test func wordsComeFromTheBufferInOrderAndRefillWhenUsedUp() {
        let capacity = BufferedRandomGenerator<CountingBytes>.capacity
        #expect(capacity == 32)
        var generator = BufferedRandomGenerator(CountingBytes())
        // Nothing is fetched before the first draw; then each word of the fill in turn.
        let first = (0..<capacity).map { _ in generator.next() }
        #expect(first == (1...UInt64(capacity)).map { $0 })
        // The next draw refills once, and the words go on from the second fill.
        let second = (0..<capacity + 1).map { _ in generator.next() }
        #expect(second == (UInt64(capacity) + 1...UInt64(2 * capacity + 1)).map { $0 })
    }

    @Test func oneFillServesUpToThirtyTwoDraws() {
        let counter = FillCounter()
        var generator = BufferedRandomGenerator(CountedSystemBytes(counter: counter))
        #expect(counter.fills == 0)
        for _ in 0..<32 { _ = generator.next() }
        #expect(counter.fills == 1)
        _ = generator.next()
        #expect(counter.fills == 2)
    }

    @Test func systemSourceDrawsAreNotAllEqual() {
        var generator = SystemRandomSource().makeGenerator()
        let words = (0..<64).map { _ in generator.next() }
        // 64 random words: all distinct but with probability ~2^-52 of a collision.
        #expect(Set(words).count == words.count)
        // Each of the two fills differs from the other, and from a fresh generator's first fill.
        #expect(Array(words[0..<32]) != Array(words[32..<64]))
        var other = SystemRandomSource().makeGenerator()
        #expect(other.next() != words[0])
        // Unbiased bounded draws still go through the generator.
        let stops = (0..<200).map { _ in Int.random(in: 0..<30, using: &generator) }
        #expect(stops.allSatisfy { (0..<30).contains($0) })
        #expect(Set(stops).count > 10)
    }
}
