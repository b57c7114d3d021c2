import HealthData

/// A diagnosis or procedure of an admission, with its title.
public struct CodedItem: Sendable, Equatable {
    public var code: String
    /// The name from the code store's ICD-9 table, else the long title from the dataset's dictionary table, or nil
    /// when neither has the code.
    public var title: String?
}

/// A prescription row, reduced to what a reader scans for.
public struct PrescriptionItem: Sendable, Equatable {
    public var drug: String
    /// Dose value and unit as written (`1-2 mg`); empty when missing.
    public var dose: String
    public var route: String
    /// Start date in seconds since 1970, or nil.
    public var start: Int64?
    /// The ATC class of the row's NDC from the code store (`N02BE anilides`), or nil without a store, an NDC
    /// or a mapping.
    public var atcClass: String?
}

/// An ICU stay with its length in days.
public struct ICUStayItem: Sendable, Equatable {
    public var careUnit: String
    public var inTime: Int64?
    public var outTime: Int64?

    /// Length of stay in days, or nil when a time is missing.
    public var days: Double? {
        guard let inTime, let outTime else { return nil }
        return Double(outTime - inTime) / 86_400
    }
}

/// A lab result with the test's label and unit.
public struct LabResultItem: Sendable, Equatable {
    public var label: String
    public var value: String
    public var unit: String
    /// MIMIC's `flag` column: `abnormal`, `delta`, or empty.
    public var flag: String
    public var time: Int64?

    public var isAbnormal: Bool { flag == "abnormal" }
}

/// Everything the Patient pane shows about one admission.
public struct AdmissionDetail: Sendable, Equatable {
    public var admission: Admission
    public var diagnoses: [CodedItem]
    public var procedures: [CodedItem]
    public var prescriptions: [PrescriptionItem]
    public var icuStays: [ICUStayItem]
    public var labs: [LabResultItem]
    /// True when a code store named the codes, so a missing title means neither the store nor the dictionary has it.
    public var namedByStore: Bool

    public var abnormalLabs: Int { labs.filter(\.isAbnormal).count }
}

/// A patient's admissions and their events, read once when the patient is selected.
public struct PatientDetail: Sendable, Equatable {
    public var row: PatientRow
    /// In admission order.
    public var admissions: [AdmissionDetail]

    /// Reads the events of every admission of `row`'s patient; tables that were not loaded give empty lists.
    ///
    /// With `names`, diagnosis and procedure titles come from the code store's ICD-9 tables, falling back to the
    /// dataset's D_ICD tables for codes the store lacks, and prescriptions get their NDC's ATC class.
    public init?(row: PatientRow, dataset: EHRDataset, names: CodeNames? = nil) {
        guard let patient = dataset.patient(id: row.id) else { return nil }
        self.row = row
        let descriptions = dataset.descriptions
        var labItems: [Int64: LabItem?] = [:]

        admissions = patient.admissions.map { admission in
            let visit = admission.hadmID
            let diagnoses = patient.events("diagnoses_icd", visitID: visit).compactMap { event in
                event.text("icd9_code").map { CodedItem(code: $0, title: names?.diagnosisName($0) ?? descriptions.diagnosisName($0)) }
            }
            let procedures = patient.events("procedures_icd", visitID: visit).compactMap { event in
                event.text("icd9_code").map { CodedItem(code: $0, title: names?.procedureName($0) ?? descriptions.procedureName($0)) }
            }
            let prescriptions = patient.events("prescriptions", visitID: visit).map { event in
                let dose = [event.text("dose_val_rx"), event.text("dose_unit_rx")].compactMap { $0 }.joined(separator: " ")
                return PrescriptionItem(
                    drug: event.text("drug") ?? "?", dose: dose, route: event.text("route") ?? "", start: event.timestamp("startdate"),
                    atcClass: event.text("ndc").flatMap { names?.atcClass(ofNDC: $0) })
            }
            let stays = patient.events("icustays", visitID: visit).map { event in
                ICUStayItem(careUnit: event.text("first_careunit") ?? "?", inTime: event.timestamp("intime"), outTime: event.timestamp("outtime"))
            }
            let labs = patient.events("labevents", visitID: visit).map { event in
                var label = "?"
                var unit = event.text("valueuom") ?? ""
                if let itemID = event.integer("itemid") {
                    if labItems[itemID] == nil { labItems[itemID] = dataset.labItem(itemID) }
                    if let item = labItems[itemID] ?? nil {
                        label = item.label
                        if unit.isEmpty { unit = item.unit ?? "" }
                    } else {
                        label = "item \(itemID)"
                    }
                }
                return LabResultItem(label: label, value: event.text("value") ?? "", unit: unit, flag: event.text("flag") ?? "", time: event.time)
            }
            return AdmissionDetail(
                admission: admission, diagnoses: diagnoses, procedures: procedures, prescriptions: prescriptions, icuStays: stays, labs: labs,
                namedByStore: names != nil)
        }
    }
}
