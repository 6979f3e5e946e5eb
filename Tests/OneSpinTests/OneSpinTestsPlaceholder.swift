import Testing

@Suite struct OneSpinTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
