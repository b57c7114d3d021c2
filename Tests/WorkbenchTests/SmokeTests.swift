import Testing
import TestSupport
@testable import Workbench

@Test(.enabled(if: TestData.isAvailable("mimic3-demo"), "needs the MIMIC-III demo; set SWIFTHEALTH_TEST_DATA"))
func printScreen() throws {
    let app = try DemoData.app()
    let keys = KeyScript(app: app)
    keys.press("3", "Enter", "4", "Enter")
    print(app.render(width: 150, height: 40).text)
    keys.press("5", "/", "type:heart fail")
    print(app.render(width: 150, height: 40).text)
}
