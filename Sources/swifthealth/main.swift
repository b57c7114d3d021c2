import Foundation
import SwiftHealthCLI

exit(SwiftHealthCommand.run(Array(CommandLine.arguments.dropFirst())))
