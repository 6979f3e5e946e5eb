import Testing

import Spin

/// Inputs found with the `json` fuzz target (Scripts/fuzz.sh).
@Suite struct SpinRegressionTests {
    /// An offset moved a boost instant outside years 0000–9999; the wallet then showed it as
    /// `000/-12-31T23:59:00.000Z` or as year 0000. Such instants are now refused.
    @Test(arguments: ["0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01", "0000-01-01T00:00:00.000+23:59"])
    func boostOutsideFormattableYearsRefused(until: String) {
        #expect(Timestamp.parse(until) == nil)
        #expect(throws: SpinError.self) { try AdminBodies.boost(Array("{\"until\":\"\(until)\"}".utf8)) }
    }

    @Test(arguments: ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00-00:01", "1970-01-01T00:00:00Z"])
    func boostAtTheEndsOfTheRangeRoundTrips(until: String) throws {
        let millis = try #require(try AdminBodies.boost(Array("{\"until\":\"\(until)\"}".utf8)))
        #expect(Timestamp.parse(Timestamp.format(millis: millis)) == millis)
        #expect(Timestamp.formattable.contains(millis))
    }
}
