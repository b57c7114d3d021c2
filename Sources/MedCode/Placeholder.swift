// Placeholder so SwiftPM accepts the target until its first source file lands.
