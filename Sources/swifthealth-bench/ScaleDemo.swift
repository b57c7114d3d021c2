import CZlib
import Foundation

/// Writes a copy of a MIMIC-III folder with every patient replicated `factor` times under new ids.
///
/// Replica 0 keeps the original ids. Replica k adds k × `idStride` to each id column (row_id, subject_id, hadm_id,
/// icustay_id), so rows stay linked within a replica and no id collides across replicas. Dictionary tables
/// (D_*) are copied unchanged. Quoted fields, including ones with commas or newlines, pass through byte for byte.
struct DemoScaler {
    static let scaledTables = ["PATIENTS", "ADMISSIONS", "ICUSTAYS", "DIAGNOSES_ICD", "PROCEDURES_ICD", "PRESCRIPTIONS", "LABEVENTS"]
    static let copiedTables = ["D_ICD_DIAGNOSES", "D_ICD_PROCEDURES", "D_LABITEMS"]
    static let idColumns: Set<String> = ["row_id", "subject_id", "hadm_id", "icustay_id"]
    static let idStride: Int64 = 1_000_000_000

    let source: URL
    let destination: URL
    let factor: Int

    func run() throws {
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for table in Self.scaledTables + Self.copiedTables {
            let input = source.appendingPathComponent("\(table).csv.gz")
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw BenchError("missing \(input.path); the source folder must hold the MIMIC-III demo tables as .csv.gz")
            }
            let bytes = try readGzip(input)
            let output = Self.scaledTables.contains(table) ? replicate(bytes, table: table) : bytes
            try writeGzip(output, to: destination.appendingPathComponent("\(table).csv.gz"))
        }
    }

    /// Splits the file into records (respecting quotes), then writes the records `factor` times with shifted ids.
    private func replicate(_ bytes: [UInt8], table: String) -> [UInt8] {
        let records = splitRecords(bytes)
        guard let header = records.first else { return bytes }
        let columnNames = splitFields(header).map { String(decoding: $0, as: UTF8.self).lowercased() }
        let idPositions = Set(columnNames.indices.filter { Self.idColumns.contains(columnNames[$0]) })

        var output = [UInt8]()
        output.reserveCapacity(bytes.count * factor + 1024)
        output += header
        output.append(UInt8(ascii: "\n"))

        for replica in 0..<factor {
            let offset = Int64(replica) * Self.idStride
            for record in records.dropFirst() where !record.isEmpty {
                let fields = splitFields(record)
                for (position, field) in fields.enumerated() {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    if replica > 0, idPositions.contains(position), let id = Int64(String(decoding: field, as: UTF8.self)) {
                        output += Array(String(id + offset).utf8)
                    } else {
                        output += field
                    }
                }
                output.append(UInt8(ascii: "\n"))
            }
        }
        return output
    }

    /// Records end at a newline outside quotes; a trailing carriage return is dropped.
    private func splitRecords(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var records: [ArraySlice<UInt8>] = []
        var start = 0
        var inQuotes = false
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: "\n"), !inQuotes {
                var end = index
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                records.append(bytes[start..<end])
                start = index + 1
            }
        }
        if start < bytes.count { records.append(bytes[start..<bytes.count]) }
        return records
    }

    /// Fields split at commas outside quotes, kept with their quotes so they can be written back unchanged.
    private func splitFields(_ record: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var fields: [ArraySlice<UInt8>] = []
        var start = record.startIndex
        var inQuotes = false
        for index in record.indices {
            let byte = record[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: ","), !inQuotes {
                fields.append(record[start..<index])
                start = index + 1
            }
        }
        fields.append(record[start..<record.endIndex])
        return fields
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func readGzip(_ url: URL) throws -> [UInt8] {
    guard let file = gzopen(url.path, "rb") else { throw BenchError("cannot open \(url.path)") }
    defer { gzclose(file) }
    var result = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if count < 0 { throw BenchError("failed to decompress \(url.path)") }
        if count == 0 { break }
        result += chunk[0..<Int(count)]
    }
    return result
}

/// Writes through a temporary file and renames it, so a crash never leaves a truncated table behind.
func writeGzip(_ bytes: [UInt8], to url: URL) throws {
    let temporary = url.appendingPathExtension("partial")
    guard let file = gzopen(temporary.path, "wb1") else { throw BenchError("cannot create \(temporary.path)") }
    let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    let closed = gzclose(file)
    guard written == bytes.count || bytes.isEmpty, closed == Z_OK else {
        throw BenchError("failed to write \(temporary.path)")
    }
    _ = try? FileManager.default.removeItem(at: url)
    try FileManager.default.moveItem(at: temporary, to: url)
}
