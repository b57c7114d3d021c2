import Foundation

extension MedCodeImporter {
    /// The official files SwiftHealth reads, grouped by importer, with paths relative to the import folder.
    ///
    /// A group whose files are missing is skipped and listed in the import summary, so a folder with only the
    /// ICD-9 files still gives a store with ICD-9.
    public static let standardSources: [ImportSource] = [
        ImportSource(name: "ICD-9-CM diagnoses and procedures (CMS v32)", requiredFiles: ICD9Import.requiredFiles) { root in
            ([try ICD9Import.diagnoses(in: root), try ICD9Import.procedures(in: root)], [])
        },
        ImportSource(name: "ICD-10-CM (CDC tabular)", requiredFiles: ICD10CMImport.requiredFiles) { root in
            ([try ICD10CMImport.codes(in: root)], [])
        },
        ImportSource(name: "ICD-10-PCS (CMS code list)", requiredFiles: ICD10PCSImport.requiredFiles) { root in
            ([try ICD10PCSImport.codes(in: root)], [])
        },
        ImportSource(name: "ICD-9/ICD-10 GEMs (CMS 2018)", requiredFiles: GEMImport.requiredFiles) { root in
            ([], try GEMImport.maps(in: root))
        },
    ]
}
