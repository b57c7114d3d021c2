/// Looks up the built-in tasks by the short names a command line uses.
public enum TaskCatalog {
    /// Short names accepted by `mimic3(named:)`.
    public static let mimic3Names = ["mortality", "readmission", "length_of_stay"]

    /// Returns the MIMIC-III task called `name`: `mortality`, `readmission` or `length_of_stay` (also `los`),
    /// matched case-insensitively, or PyHealth's class name such as `MortalityPredictionMIMIC3`.
    ///
    /// - Parameter readmissionWindowDays: the window of the readmission task; 15 days by default.
    /// - Throws: `invalidArgument` for an unknown name, listing the known ones.
    public static func mimic3(named name: String, readmissionWindowDays: Double = 15) throws -> any ClinicalTask {
        switch name.lowercased() {
        case "mortality", "mortalitypredictionmimic3":
            return MortalityPredictionMIMIC3()
        case "readmission", "readmissionpredictionmimic3":
            return ReadmissionPredictionMIMIC3(windowDays: readmissionWindowDays)
        case "length_of_stay", "los", "lengthofstaypredictionmimic3":
            return LengthOfStayPredictionMIMIC3()
        default:
            throw HealthDataError(
                .invalidArgument, value: name, message: "unknown MIMIC-III task",
                hint: "Known tasks: \(mimic3Names.joined(separator: ", ")).")
        }
    }
}
