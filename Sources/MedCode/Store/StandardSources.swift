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
        ImportSource(name: "CCS single- and multi-level (HCUP)", requiredFiles: CCSImport.requiredFiles, readCountingSkips: { root, skipped in
            try CCSImport.read(in: root, skipped: &skipped)
        }),
        ImportSource(name: "ATC (WHO)", requiredFiles: ATCImport.requiredFiles) { root in
            (try ATCImport.systems(in: root), [])
        },
        ImportSource(name: "NDC products and packages (FDA)", requiredFiles: NDCImport.requiredFiles, readCountingSkips: { root, skipped in
            (try NDCImport.systems(in: root, skipped: &skipped), [])
        }),
        ImportSource(name: "RxNorm maps", requiredFiles: RxNormImport.requiredFiles, readCountingSkips: { root, skipped in
            try RxNormImport.read(in: root, skipped: &skipped)
        }),
    ]
}
