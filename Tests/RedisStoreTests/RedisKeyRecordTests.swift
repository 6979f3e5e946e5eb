import Redis
@testable import RedisStore
import Spin
import Testing

/// The key record's bytes, written and read back by hand.
@Suite struct RedisKeyRecordTests {
    @Test func pendingRecordSpellsStateFingerprintAndOwner() throws {
        let bytes = RedisKeyRecord.pendingBytes(fingerprint: "ab12", token: "9f-3c")
        #expect(String(decoding: bytes, as: UTF8.self) == "p\nab12\n9f-3c")
        #expect(RedisKeyRecord(bytes: bytes) == .pending(fingerprint: "ab12"))
    }

    @Test func doneRecordKeepsTheBodyByteForByte() throws {
        // A body holding the separator itself and a non-ASCII byte comes back whole.
        let body = Array(#"{"note":"a\nb","x":"é"}"#.utf8)
        let response = StoredResponse(status: 200, body: body)
        let bytes = RedisKeyRecord.doneBytes(fingerprint: "ff00", response: response)
        #expect(bytes.prefix(10) == Array("d\nff00\n200".utf8)[...])
        guard case .done(let read, let fingerprint)? = RedisKeyRecord(bytes: bytes) else {
            Issue.record("not read as done")
            return
        }
        #expect(fingerprint == "ff00")
        #expect(read.status == 200)
        #expect(read.body == body)
    }

    @Test func storedErrorsComeBackWithTheirCode() throws {
        let response = StoredResponse(SpinError.insufficientFunds(balance: 5, debit: 10))
        guard case .done(let read, _)? = RedisKeyRecord(bytes: RedisKeyRecord.doneBytes(fingerprint: "f", response: response)) else {
            Issue.record("not read as done")
            return
        }
        #expect(read.status == 402)
        #expect(read.code == response.code)
        #expect(read.body == response.body)
    }

    @Test(arguments: [
        "", "p", "d", "x\nf", "p\n", "p\nfingerprint-without-owner", "d\nf", "d\nf\n200", "d\nf\n999\n{}", "d\nf\nok\n{}",
        "d\nf\n500\n{}", "d\nf\n200\n[1]", "d\nf\n200\n{\"cut\":", "D\nf\n200\n{}", "pp\nf\nt",
    ])
    func malformedRecordsAreRefused(text: String) {
        #expect(RedisKeyRecord(bytes: Array(text.utf8)) == nil, "\(text.debugDescription)")
    }

    @Test func invalidUTF8InTheFingerprintIsRefused() {
        #expect(RedisKeyRecord(bytes: [UInt8(ascii: "d"), 10, 0xFF, 0xFE, 10] + Array("200\n{}".utf8)) == nil)
        #expect(RedisKeyRecord(bytes: [UInt8(ascii: "p"), 10, 0xC3, 10, UInt8(ascii: "t")]) == nil)
    }

    @Test func legacyHashesAreReadFromTheirFields() {
        let done = RedisValue.array([.bulkString(Array("done".utf8)), .bulkString(Array("fp".utf8)), .bulkString(Array("200".utf8)),
                                     .bulkString(Array("{}".utf8))])
        #expect(RedisKeyRecord.legacy(done) == .record(.done(StoredResponse(status: 200, body: Array("{}".utf8)), fingerprint: "fp")))
        let pending = RedisValue.array([.bulkString(Array("pending".utf8)), .bulkString(Array("fp".utf8)), .null, .null])
        #expect(RedisKeyRecord.legacy(pending) == .record(.pending(fingerprint: "fp")))
        #expect(RedisKeyRecord.legacy(.array([.null, .null, .null, .null])) == .absent)
        let badStatus = RedisValue.array([.bulkString(Array("done".utf8)), .null, .bulkString(Array("500".utf8)), .bulkString(Array("{}".utf8))])
        #expect(RedisKeyRecord.legacy(badStatus) == .corrupt)
        #expect(RedisKeyRecord.legacy(.array([.bulkString(Array("other".utf8)), .null, .null, .null])) == .corrupt)
        #expect(RedisKeyRecord.legacy(.integer(1)) == .corrupt)
    }
}
