import Testing
import TestSupport

@testable import Workbench

/// Keys and clicks on the "terminal too small" screen: the panes are hidden there, so nothing but quitting and
/// resizing may take effect.

@Test func tooSmallIgnoresKeys() throws {
    let app = try CodeStoreFixture.app(width: 120, height: 40)
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:failure", "Enter")
    #expect(app.state.codes.hits.count == 6)
    #expect(app.state.codes.selected == 0)

    #expect(app.handle(.resize(width: 60, height: 15)) == .continue)
    #expect(app.render(width: 60, height: 15).text.contains("Terminal too small"))
    keys.press("z", "j", "j", "1", "/", "s", "?", "Esc")

    #expect(app.handle(.resize(width: 120, height: 40)) == .continue)
    #expect(app.state.zoomed == false, "z on the small screen must not zoom")
    #expect(app.state.codes.selected == 0, "j on the small screen must not move the selection")
    #expect(app.state.focus == .codes, "1 on the small screen must not change the focus")
    #expect(app.state.editing == nil, "/ on the small screen must not start a search")
    #expect(app.state.codes.systemFilter == nil, "s on the small screen must not change the filter")
    #expect(app.state.showHelp == false, "? on the small screen must not open the help")
    #expect(app.state.codes.query == "failure", "Esc on the small screen must not clear the query")
}

@Test func tooSmallIgnoresTypingIntoSearch() throws {
    let app = try CodeStoreFixture.app(width: 120, height: 40)
    let keys = KeyScript(app: app)
    keys.press("5", "/", "type:heart")
    #expect(app.state.editing == .codes)

    _ = app.handle(.resize(width: 79, height: 40))
    keys.press("type:xyz", "Backspace", "Enter")
    _ = app.handle(.resize(width: 120, height: 40))
    #expect(app.state.codes.query == "heart")
    #expect(app.state.editing == .codes, "Enter on the small screen must not end the search")
}

@Test func tooSmallIgnoresMouse() throws {
    let app = try CodeStoreFixture.app(width: 120, height: 40)
    KeyScript(app: app).press("5")
    _ = app.handle(.resize(width: 60, height: 15))
    // Column 5, row 5 lies in the Dataset pane of the full layout, so a press handled there would focus it.
    for kind in [MouseInput.Kind.press, .release, .wheelDown] {
        #expect(app.handle(.mouse(MouseInput(kind: kind, x: 5, y: 5))) == .continue)
    }
    _ = app.handle(.resize(width: 120, height: 40))
    #expect(app.state.focus == .codes)
}

@Test func tooSmallStillQuits() throws {
    let app = try CodeStoreFixture.app(width: 120, height: 40)
    _ = app.handle(.resize(width: 60, height: 15))
    #expect(app.handle(.character("q")) == .quit)
    #expect(app.handle(.interrupt) == .quit)

    // q quits on the small screen even while a search field takes every other character.
    let typing = try CodeStoreFixture.app(width: 120, height: 40)
    KeyScript(app: typing).press("5", "/")
    _ = typing.handle(.resize(width: 60, height: 15))
    #expect(typing.handle(.character("q")) == .quit)
}
