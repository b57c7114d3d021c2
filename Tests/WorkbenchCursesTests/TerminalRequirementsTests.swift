import Testing
@testable import WorkbenchCurses

@Suite("Terminal requirements")
struct TerminalRequirementsTests {
    @Test("a real terminal is accepted")
    func acceptsTerminal() {
        for term in ["xterm-256color", "tmux-256color", "screen", "linux"] {
            #expect(checkTerminal(environment: ["TERM": term], standardInputIsTerminal: true, standardOutputIsTerminal: true) == nil)
        }
    }

    @Test("redirected output is rejected")
    func rejectsRedirectedOutput() throws {
        let problem = try #require(checkTerminal(environment: ["TERM": "xterm"], standardInputIsTerminal: true, standardOutputIsTerminal: false))
        #expect(problem.reason.contains("standard output is not"))
    }

    @Test("redirected input is rejected")
    func rejectsRedirectedInput() throws {
        let problem = try #require(checkTerminal(environment: ["TERM": "xterm"], standardInputIsTerminal: false, standardOutputIsTerminal: true))
        #expect(problem.reason.contains("standard input is not"))
    }

    @Test("unset or empty TERM is rejected")
    func rejectsMissingTerm() throws {
        let unset = try #require(checkTerminal(environment: [:], standardInputIsTerminal: true, standardOutputIsTerminal: true))
        #expect(unset.reason.contains("TERM is not set"))
        let empty = try #require(checkTerminal(environment: ["TERM": ""], standardInputIsTerminal: true, standardOutputIsTerminal: true))
        #expect(empty.reason.contains("TERM is not set"))
    }

    @Test("dumb terminal is rejected")
    func rejectsDumbTerminal() throws {
        let problem = try #require(checkTerminal(environment: ["TERM": "dumb"], standardInputIsTerminal: true, standardOutputIsTerminal: true))
        #expect(problem.reason.contains("TERM=dumb"))
    }
}
