import Foundation

/// Progress of a dataset load, for drawing a progress bar.
public struct LoadProgress: Sendable, Equatable {
    /// The table being read, or `cache` while the cache is read or written.
    public var table: String
    /// Fraction of `table` done, 0...1.
    public var fraction: Double
    /// Fraction of the whole load done, 0...1, weighted by file size.
    public var overallFraction: Double
}

/// Something worth logging that happened during a load; the library itself never prints.
public struct LoadDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// `warning` marks data left out or a cache problem, `info` a normal event worth logging.
    public enum Severity: String, Sendable, Equatable {
        case info
        case warning
    }

    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}

/// The record of a dataset load: CSV files or cache, the cache location, and the diagnostics.
public struct LoadReport: Sendable {
    /// True when the event store came from a valid cache and no CSV file was parsed.
    public var fromCache: Bool
    /// The cache entry folder used or written, or nil when caching was off.
    public var cacheDirectory: URL?
    public var diagnostics: [LoadDiagnostic]
    /// Wall-clock seconds the load took.
    public var seconds: Double
}

/// Row and patient counts of a loaded dataset.
public struct DatasetStats: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var name: String
        /// Events kept in the store.
        public var rows: Int
        /// Patients with at least one event in the table.
        public var patients: Int
        /// Rows of the file left out, by reason.
        public var droppedRows: [String: Int]
    }

    public var dataset: String
    public var patients: Int
    public var admissions: Int
    public var tables: [Table]

    /// Events per table name.
    public var eventsPerTable: [String: Int] {
        Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0.rows) })
    }
}
