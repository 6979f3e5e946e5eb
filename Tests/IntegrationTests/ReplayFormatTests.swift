import Replay
import Testing

/// The scenario format, the generator, the histogram and the invariant checker, from bytes.
struct ReplayFormatTests {
    @Test func generatedScenarioParsesBackIdentically() throws {
        var options = ScenarioGenerator.Options()
        options.players = 5
        options.spinsPerPlayer = 40
        options.duplicateRate = 0.1
        options.concurrentDuplicateRate = 0.1
        options.timeoutRate = 0.1
        options.seed = 7
        let scenario = ScenarioGenerator(options: options).generate()
        let parsed = try Scenario.parse(Array(scenario.text.utf8))
        #expect(parsed == scenario)
        #expect(parsed.actions.count == 200)
        #expect(parsed.players == ["p0", "p1", "p2", "p3", "p4"])
        #expect(parsed.header == ScenarioHeader(players: 5, initialCredit: 1_000_000, seed: 7))
        let sends = Set(parsed.actions.map(\.send))
        #expect(sends == [.once, .resend, .concurrent, .timeout])
    }

    @Test func generatorIsDeterministicForASeed() {
        var options = ScenarioGenerator.Options()
        options.duplicateRate = 0.2
        let first = ScenarioGenerator(options: options).generate().text
        #expect(first == ScenarioGenerator(options: options).generate().text)
        options.seed = 2
        #expect(first != ScenarioGenerator(options: options).generate().text)
    }

    @Test func parsesEveryFieldOfALine() throws {
        let text = """
            {"scenario":1,"players":1,"initialCredit":5000,"seed":3}

            {"player":"a.b","spin":"k1","game":"fruit5","bet":100,"kind":"buy_feature","send":"concurrent","copies":3}
            {"player":"a.b","spin":"k2","game":"classic3","bet":5,"send":"timeout","timeoutMs":15}\r
            {"player":"a.b","spin":"k3","game":"classic3","bet":5}
            """
        let scenario = try Scenario.parse(Array(text.utf8))
        #expect(scenario.header?.initialCredit == 5000)
        #expect(scenario.actions == [
            ScenarioAction(player: "a.b", spin: "k1", game: "fruit5", bet: 100, kind: "buy_feature", send: .concurrent, copies: 3),
            ScenarioAction(player: "a.b", spin: "k2", game: "classic3", bet: 5, send: .timeout, timeoutMs: 15),
            ScenarioAction(player: "a.b", spin: "k3", game: "classic3", bet: 5),
        ])
        #expect(scenario.actions[0].requestBody == Array(#"{"game":"fruit5","bet":100,"kind":"buy_feature"}"#.utf8))
    }

    @Test(arguments: [
        (#"{"spin":"k","game":"g","bet":1}"#, 1, "player", "missing_field"),
        ("{\"player\":\"p\",\"spin\":\"k\",\"game\":\"g\",\"bet\":1}\n{\"player\":\"p\",\"spin\":\"k\",\"game\":\"g\",\"bet\":true}", 2, "bet", "invalid_field"),
        (#"{"player":"p","spin":"k","game":"g","bet":1.5}"#, 1, "bet", "invalid_field"),
        (#"{"player":"p p","spin":"k","game":"g","bet":1}"#, 1, "player", "invalid_field"),
        (#"{"player":"p","spin":"k","game":"g","bet":1,"send":"twice"}"#, 1, "send", "invalid_field"),
        (#"{"player":"p","spin":"k","game":"g","bet":1,"send":"timeout"}"#, 1, "timeoutMs", "missing_field"),
        (#"{"player":"p","spin":"k","game":"g","bet":1,"send":"concurrent","copies":1}"#, 1, "copies", "invalid_field"),
        ("{\"player\":\"p\",\"spin\":\"k\",\"game\":\"g\",\"bet\":1}\n{\"scenario\":1}", 2, "scenario", "misplaced_header"),
    ])
    func namesTheLineAndFieldAtFault(text: String, line: Int, field: String, code: String) {
        #expect {
            _ = try Scenario.parse(Array(text.utf8))
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.line == line && error.field == field && error.code == code
                && error.description.contains("line \(line)") && error.description.contains(field)
        }
    }

    @Test func rejectsNonJSONAndEmptyFiles() {
        #expect(throws: ScenarioError.self) { try Scenario.parse(Array("{\"player\":".utf8)) }
        #expect(throws: ScenarioError.self) { try Scenario.parse(Array("\n\n".utf8)) }
    }

    @Test func answerFieldsAreReadWithoutAParser() {
        let body = Array(#"{"spinId":"k","game":"fruit5","kind":"normal","bet":100,"debit":100,"win":250,"balance":10150,"reels":[],"wins":[{"amount":250}],"feature":{"freeSpinsLeft":7},"boosted":false}"#.utf8)
        let answer = SpinAnswer(status: 200, body: body)
        #expect(answer.debit == 100 && answer.win == 250 && answer.featureActive)
        let plain = SpinAnswer(status: 200, body: Array(#"{"debit":20,"win":0,"feature":null}"#.utf8))
        #expect(plain.debit == 20 && plain.win == 0 && !plain.featureActive)
        #expect(SpinAnswer.spinIds(in: Array(#"{"spins":[{"spinId":"a"},{"spinId":"b"}]}"#.utf8)) == ["a", "b"])
    }

    @Test func checkerPassesAConsistentRun() {
        let (ledger, view) = Self.consistent()
        let verdicts = InvariantChecker.check(ledgers: [ledger], views: ["p": view])
        #expect(verdicts.allSatisfy { $0.passed })
    }

    @Test func checkerFailsADuplicateSettlement() {
        let (ledger, view) = Self.consistent()
        var broken = view
        broken.historyIds = ["k2", "k1", "k1"]
        let verdicts = InvariantChecker.check(ledgers: [ledger], views: ["p": broken])
        #expect(verdicts.first { $0.name == InvariantVerdict.settledOnce }?.passed == false)
        #expect(verdicts.first { $0.name == InvariantVerdict.settledOnce }?.detail.contains("k1") == true)
    }

    @Test func checkerFailsAWrongBalanceAndADifferentResend() {
        var (ledger, view) = Self.consistent()
        view.balance = 999
        ledger.observe("k1", SpinAnswer(status: 200, body: Array(#"{"debit":10,"win":7}"#.utf8)))
        let verdicts = InvariantChecker.check(ledgers: [ledger], views: ["p": view])
        #expect(verdicts.first { $0.name == InvariantVerdict.balance }?.passed == false)
        #expect(verdicts.first { $0.name == InvariantVerdict.sameAnswer }?.passed == false)
        #expect(verdicts.first { $0.name == InvariantVerdict.settledOnce }?.passed == true)
    }

    /// Two keys: a 200 (debit 10, win 4) answered twice, and a stored 402 (counts as zero).
    static func consistent() -> (PlayerLedger, ServerView) {
        var ledger = PlayerLedger(player: "p", baseline: 1000)
        let win = SpinAnswer(status: 200, body: Array(#"{"debit":10,"win":4}"#.utf8))
        let refused = SpinAnswer(status: 402, body: Array(#"{"code":"insufficient_funds"}"#.utf8))
        ledger.observe("k1", SpinAnswer(status: 409, body: Array("busy".utf8)))
        ledger.observe("k1", win)
        ledger.observe("k1", win)
        ledger.observe("k2", refused)
        return (ledger, ServerView(balance: 994, historyIds: ["k1"], lookups: ["k1": win, "k2": refused]))
    }
}
