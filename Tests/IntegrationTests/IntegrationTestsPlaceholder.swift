import Testing

@Suite struct IntegrationTestsPlaceholder {
    @Test func builds() { #expect(Bool(true)) }
}
