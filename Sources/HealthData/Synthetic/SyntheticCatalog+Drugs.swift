/// A drug product as a row of MIMIC-III's PRESCRIPTIONS describes it.
struct SyntheticDrug: Sendable {
    let drug: String
    /// `MAIN` for a drug, `BASE` for the fluid it is given in.
    let drugType: String
    /// `drug_name_poe` and `drug_name_generic`, empty for premixed infusions as MIMIC-III often leaves them.
    let orderName: String
    let formularyCode: String
    let gsn: String
    /// An 11-digit NDC without hyphens (5-4-2 zero-padded), as MIMIC-III writes it.
    let ndc: String
    let strength: String
    let dose: String
    let doseUnit: String
    let formAmount: String
    let formUnit: String
    let route: String
}

/// A laboratory test from MIMIC-III's D_LABITEMS, with the values the generator draws for it.
struct SyntheticLabItem: Sendable {
    let itemID: Int64
    let label: String
    let fluid: String
    let category: String
    let loincCode: String
    /// `valueuom`, empty for INR, which has no unit.
    let unit: String
    /// Reference range: a value outside `low...high` is flagged `abnormal`.
    let low: Double
    let high: Double
    /// Mean and standard deviation of a hospitalised patient without a condition that shifts the value.
    let mean: Double
    let spread: Double
    /// Drawn values are clamped at this floor, so noise never gives a negative count or concentration.
    let minimum: Double
    /// Decimals written, as the lab reports them.
    let places: Int
}

extension SyntheticCatalog {
    /// Drug products with the NDC, GSN, formulary code and strength that MIMIC-III records for them.
    static let drugs: [SyntheticDrug] = [
        drug("0.9% Sodium Chloride", "BASE", "", "NS1000", "001210", "00338004904", "1000mL Bag", "1000", "mL", "1", "BAG", "IV"),
        drug("LR", "BASE", "", "LR1000", "001187", "00338011704", "1000ml Bag", "1000", "mL", "1", "BAG", "IV"),
        drug("5% Dextrose", "BASE", "", "D5W250", "001972", "00338001702", "250mL Bag", "250", "mL", "250", "mL", "IV"),
        drug("Heparin", "MAIN", "Heparin", "HEPA5I", "006549", "63323026201", "5000 Units / mL- 1mL Vial", "5000", "UNIT", "1", "mL", "SC"),
        drug("Heparin Sodium", "MAIN", "", "HEPPREMIX", "060301", "00338055002", "25,000 unit Premix Bag", "25,000", "UNIT", "1", "BAG", "IV"),
        drug("Docusate Sodium", "MAIN", "Docusate Sodium", "DOCU100", "003009", "00904224461", "100mg Capsule", "100", "mg", "1", "CAP", "PO"),
        drug("Senna", "MAIN", "Senna", "SENN187", "019964", "00904516561", "1 Tablet", "1", "TAB", "1", "TAB", "PO"),
        drug("Acetaminophen", "MAIN", "Acetaminophen", "ACET325", "004489", "00182844789", "325mg Tablet", "325-650", "mg", "1-2", "TAB", "PO"),
        drug("Bisacodyl", "MAIN", "Bisacodyl", "BISA10R", "002944", "00574705050", "10mg Suppository", "10", "mg", "1", "SUPP", "PR"),
        drug("Ondansetron", "MAIN", "Ondansetron", "ONDAN4I", "061716", "00781305714", "2mg/mL-2mL", "4", "mg", "1", "VIAL", "IV"),
        drug("Potassium Chloride", "MAIN", "", "KCL20PM", "045309", "00338070341", "20mEq/50mL Premix", "40", "mEq", "2", "BAG", "IV"),
        drug("Magnesium Sulfate", "MAIN", "", "MAG2PM", "016546", "00409672924", "2 g / 50 mL Premix Bag", "2", "gm", "1", "BAG", "IV"),
        drug("Pantoprazole", "MAIN", "Pantoprazole", "PANT40", "027462", "00008084199", "40mg Tablet", "40", "mg", "1", "TAB", "PO"),
        drug("Pantoprazole Sodium", "MAIN", "", "PANT40I", "047635", "00008092355", "40mg Vial", "40", "mg", "1", "VIAL", "IV"),
        drug("Morphine Sulfate", "MAIN", "", "MORP100PM", "059940", "00409606211", "100mg/100mL Premix", "100", "mg", "1", "BTL", "IV DRIP"),
        drug("Lorazepam", "MAIN", "Lorazepam", "LORA2I", "003753", "00409198530", "2mg/mL Syringe", "1", "mg", "0.5", "mL", "IV"),
        drug("Pneumococcal Vac Polyvalent", "MAIN", "Pneumococcal Vac Polyvalent", "PNEU25I", "048548", "00006494300", "25mcg/0.5mL Vial", "0.5", "mL", "1", "VIAL", "IM"),
        drug("Vancomycin", "MAIN", "", "VANC1F", "043952", "00338355248", "1g Frozen Bag", "1000", "mg", "1", "BAG", "IV"),
        drug("Piperacillin-Tazobactam Na", "MAIN", "", "ZOSY2.25I", "021185", "00206885216", "2.25 g Frozen Bag", "2.25", "g", "1", "BAG", "IV"),
        drug("Meropenem", "MAIN", "", "MERO500I", "026488", "00310032520", "500mg Vial", "500", "mg", "1", "VIAL", "IV"),
        drug("Norepinephrine", "MAIN", "", "LEVO4I", "028633", "00703115303", "4mg/4mL Amp", "8", "mg", "2", "AMP", "IV DRIP"),
        drug("Phenylephrine", "MAIN", "", "PHEN10I", "005068", "10019016312", "10mg/1mL Vial", "60", "mg", "6", "VIAL", "IV DRIP"),
        drug("Metronidazole", "MAIN", "", "METR500PM", "009588", "00074781124", "500mg Premix Bag", "500", "mg", "1", "BAG", "IV"),
        drug("CeftriaXONE", "MAIN", "", "CEFX1F", "059424", "00338500241", "1g Frozen Bag", "1", "gm", "1", "BAG", "IV"),
        drug("Levofloxacin", "MAIN", "", "LEVO250PM", "029925", "00045006701", "250mg Premix Bag", "250", "mg", "1", "BAG", "IV"),
        drug("Albuterol 0.083% Neb Soln", "MAIN", "Albuterol 0.083% Neb Soln", "ALBU3H", "005039", "49502069724", "0.083%;3mL Vial", "1", "NEB", "1", "VIAL", "IH"),
        drug("Ipratropium Bromide Neb", "MAIN", "Ipratropium Bromide Neb", "IPRA2H", "021700", "00487980125", "2.5mL Vial", "1", "NEB", "1", "VIAL", "IH"),
        drug("Prednisone", "MAIN", "Prednisone", "PRED20", "006751", "00054872625", "20mg Tab", "40", "mg", "2", "TAB", "PO"),
        drug("Furosemide", "MAIN", "Furosemide", "FURO40I", "008205", "00517570425", "40mg/4mL Vial", "40", "mg", "1", "VIAL", "IV"),
        drug("Metoprolol Tartrate", "MAIN", "Metoprolol Tartrate", "METO25", "050631", "51079025520", "25mg Tablet", "25", "mg", "1", "TAB", "PO"),
        drug("Lisinopril", "MAIN", "Lisinopril", "LISI5", "000393", "00172375810", "5mg Tablet", "5", "mg", "1", "TAB", "PO"),
        drug("Spironolactone", "MAIN", "Spironolactone", "SPIR25", "006817", "51079010320", "25mg Tablet", "25", "mg", "1", "TAB", "PO"),
        drug("Amlodipine", "MAIN", "Amlodipine", "AMLO5", "016926", "59762153005", "5mg Tablet", "5", "mg", "1", "TAB", "PO"),
        drug("HydrALAzine", "MAIN", "HydrALAzine", "HYDZ20I", "000283", "63323061401", "20mg/mL Vial", "10", "mg", "0.5", "VIAL", "IV"),
        drug("Nitroglycerin", "MAIN", "", "NTG100PB", "015361", "00074148402", "100MG/250 PM", "100", "mg", "1", "BTL", "IV DRIP"),
        drug("Aspirin", "MAIN", "Aspirin", "ASA325", "004376", "63739002401", "325mg Tablet", "325", "mg", "1", "TAB", "PO"),
        drug("Clopidogrel", "MAIN", "Clopidogrel", "CLOP75", "038164", "63653117103", "75 mg Tablet", "75", "mg", "1", "TAB", "PO"),
        drug("Atorvastatin", "MAIN", "Atorvastatin", "ATOR10", "029967", "00071015540", "10mg Tablet", "10", "mg", "1", "TAB", "PO"),
        drug("Simvastatin", "MAIN", "Simvastatin", "SIMV10", "016577", "51079045420", "10mg Tablet", "20", "mg", "2", "TAB", "PO"),
        drug("Warfarin", "MAIN", "Warfarin", "WARF5", "006562", "00056017275", "5mg Tablet", "5", "mg", "1", "TAB", "PO"),
        drug("Enoxaparin Sodium", "MAIN", "Enoxaparin Sodium", "ENOX80I", "027994", "00075062280", "80mg Syringe", "80", "mg", "1", "SYR", "SC"),
        drug("Diltiazem", "MAIN", "Diltiazem", "DILT60", "000575", "51079074620", "60 mg Tab", "60", "mg", "1", "TAB", "PO"),
        drug("Amiodarone", "MAIN", "", "AMIO150I", "050676", "63323061603", "150mg/3mL Vial", "600", "mg", "4", "VIAL", "IV DRIP"),
        drug("Digoxin", "MAIN", "Digoxin", "DIGO125", "000018", "00173024256", "0.125MG TAB", "0.0625", "mg", "0.5", "TAB", "PO"),
        drug("Insulin Human Regular", "MAIN", "", "INHRIV", "001723", "00002821501", "100Units/mL; 10mL Vial", "100", "UNIT", "1", "ml", "IV DRIP"),
        drug("Sodium Bicarbonate", "MAIN", "", "NABC50I", "001185", "00409662502", "50mEq Vial", "150", "mEq", "3", "VIAL", "IV"),
        drug("Calcium Gluconate", "MAIN", "Calcium Gluconate", "CALG1I", "001356", "00517391025", "1g/10mL Vial", "2", "gm", "2", "VIAL", "IV"),
        drug("Propofol", "MAIN", "Propofol", "PROP100IG", "016796", "63323026965", "1000mg/100mL Vial", "1000", "mg", "1", "VIAL", "IV DRIP"),
        drug("Fentanyl Citrate", "MAIN", "", "FENT2.5I", "041385", "10019003783", "2.5mg/50mL Vial", "2.5", "mg", "50", "mL", "IV DRIP"),
        drug("Midazolam", "MAIN", "", "MIDA50I", "003780", "10019002710", "50mg/10mL Vial", "100", "mg", "20", "mL", "IV DRIP"),
        drug("Oxycodone-Acetaminophen", "MAIN", "Oxycodone-Acetaminophen", "PERC", "004222", "00406051262", "5mg/325mg Tablet", "1-2", "TAB", "1-2", "TAB", "PO"),
        drug("Lactulose", "MAIN", "Lactulose", "LACT30L", "003067", "00054848616", "20g/30mL Cup", "30", "mL", "1", "UDCUP", "PO"),
        drug("Albumin 25% (12.5g / 50mL)", "MAIN", "Albumin 25% (12.5g / 50mL)", "ALBU25", "006329", "67467064301", "25%-50mL", "25", "g", "2", "VIAL", "IV"),
        drug("Levothyroxine Sodium", "MAIN", "Levothyroxine Sodium", "LEVO25", "006648", "00074434113", "25mcg Tablet", "25", "mcg", "1", "TAB", "PO/NG"),
        drug("Famotidine", "MAIN", "", "FAMO20PM", "021732", "00006353750", "20mg Premix Bag", "20", "mg", "1", "BAG", "IV"),
        drug("Haloperidol", "MAIN", "Haloperidol", "HALD5I", "003970", "55390014710", "5mg/mL Vial", "0.5", "mg", "0.1", "VIAL", "IV"),
        drug("Quetiapine Fumarate", "MAIN", "Quetiapine Fumarate", "QUET25", "034187", "00310027539", "25mg Tablet", "12.5", "mg", "0.5", "TAB", "PO"),
        drug("Gabapentin", "MAIN", "Gabapentin", "GABA300", "021414", "00172438210", "300mg Capsule", "300", "mg", "1", "CAP", "PO/NG"),
        drug("Tamsulosin", "MAIN", "Tamsulosin", "TAMS.4", "027546", "00597005801", "0.4mg Capsule", "0.4", "mg", "1", "CAP", "PO"),
        drug("Chlorhexidine Gluconate 0.12% Oral Rinse", "MAIN", "Chlorhexidine Gluconate 0.12% Oral Rinse", "CHLO15L", "057959", "54569523500", "15ml Cup", "15", "mL", "1", "UDCUP", "ORAL"),
    ]

    /// Position of each drug in `drugs`, by its `drug` name.
    static let drugPositions: [String: Int] = Dictionary(uniqueKeysWithValues: drugs.enumerated().map { ($1.drug, $0) })

    /// Returns the position in `drugs` of the drug called `name`. A name missing from the table is a programming error.
    static func drugPosition(_ name: String) -> Int {
        guard let position = drugPositions[name] else { preconditionFailure("no synthetic drug named \(name)") }
        return position
    }

    private static func drug(
        _ drug: String, _ drugType: String, _ orderName: String, _ formularyCode: String, _ gsn: String, _ ndc: String,
        _ strength: String, _ dose: String, _ doseUnit: String, _ formAmount: String, _ formUnit: String, _ route: String
    ) -> SyntheticDrug {
        SyntheticDrug(
            drug: drug, drugType: drugType, orderName: orderName, formularyCode: formularyCode, gsn: gsn, ndc: ndc,
            strength: strength, dose: dose, doseUnit: doseUnit, formAmount: formAmount, formUnit: formUnit, route: route)
    }

    /// Lab items with MIMIC-III's item id, label, fluid, category, LOINC code and unit. Reference ranges are
    /// common adult ranges, and means sit a little off normal where hospitalised patients usually do
    /// (lower hemoglobin, higher glucose and urea).
    static let labItems: [SyntheticLabItem] = [
        lab(50983, "Sodium", "Chemistry", "2951-2", "mEq/L", 133, 145, mean: 138, spread: 3, minimum: 110, places: 0),
        lab(50971, "Potassium", "Chemistry", "2823-3", "mEq/L", 3.3, 5.1, mean: 4.1, spread: 0.4, minimum: 2.0, places: 1),
        lab(50902, "Chloride", "Chemistry", "2075-0", "mEq/L", 96, 108, mean: 103, spread: 3.5, minimum: 75, places: 0),
        lab(50882, "Bicarbonate", "Chemistry", "1963-8", "mEq/L", 22, 32, mean: 25, spread: 3, minimum: 6, places: 0),
        lab(51006, "Urea Nitrogen", "Chemistry", "3094-0", "mg/dL", 6, 20, mean: 18, spread: 6, minimum: 2, places: 0),
        lab(50912, "Creatinine", "Chemistry", "2160-0", "mg/dL", 0.5, 1.2, mean: 1.0, spread: 0.25, minimum: 0.2, places: 1),
        lab(50931, "Glucose", "Chemistry", "2345-7", "mg/dL", 70, 105, mean: 115, spread: 25, minimum: 35, places: 0),
        lab(50960, "Magnesium", "Chemistry", "2601-3", "mg/dL", 1.6, 2.6, mean: 2.0, spread: 0.25, minimum: 0.8, places: 1),
        lab(50893, "Calcium, Total", "Chemistry", "2000-8", "mg/dL", 8.4, 10.3, mean: 8.7, spread: 0.5, minimum: 5.5, places: 1),
        lab(51301, "White Blood Cells", "Hematology", "804-5", "K/uL", 4.0, 11.0, mean: 9.0, spread: 2.8, minimum: 0.5, places: 1),
        lab(51222, "Hemoglobin", "Hematology", "718-7", "g/dL", 12, 16, mean: 11.0, spread: 1.6, minimum: 4.0, places: 1),
        lab(51221, "Hematocrit", "Hematology", "4544-3", "%", 36, 48, mean: 33, spread: 4.8, minimum: 12, places: 1),
        lab(51265, "Platelet Count", "Hematology", "777-3", "K/uL", 150, 440, mean: 230, spread: 75, minimum: 5, places: 0),
        lab(50813, "Lactate", "Blood Gas", "32693-4", "mmol/L", 0.5, 2.0, mean: 1.4, spread: 0.45, minimum: 0.3, places: 1),
        lab(51237, "INR(PT)", "Hematology", "5895-7", "", 0.9, 1.1, mean: 1.2, spread: 0.15, minimum: 0.8, places: 1),
        lab(50885, "Bilirubin, Total", "Chemistry", "1975-2", "mg/dL", 0, 1.5, mean: 0.7, spread: 0.3, minimum: 0.1, places: 1),
    ]

    private static func lab(
        _ itemID: Int64, _ label: String, _ category: String, _ loincCode: String, _ unit: String, _ low: Double, _ high: Double,
        mean: Double, spread: Double, minimum: Double, places: Int
    ) -> SyntheticLabItem {
        SyntheticLabItem(
            itemID: itemID, label: label, fluid: "Blood", category: category, loincCode: loincCode, unit: unit, low: low, high: high,
            mean: mean, spread: spread, minimum: minimum, places: places)
    }

    /// Returns the position in `labItems` of the item with `itemID`. An unknown id is a programming error.
    static func labPosition(_ itemID: Int64) -> Int {
        guard let position = labItems.firstIndex(where: { $0.itemID == itemID }) else {
            preconditionFailure("no synthetic lab item \(itemID)")
        }
        return position
    }
}
