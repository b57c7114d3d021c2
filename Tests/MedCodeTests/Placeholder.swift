// Placeholder so SwiftPM accepts the target until its first test lands.
