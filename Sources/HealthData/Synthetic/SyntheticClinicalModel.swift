// The clinical rules of the synthetic cohort: what each reason for admission and each chronic condition
// adds to an admission, and how codes raise the risk of dying and of coming back soon.
//
// The numbers are hand-set to give a plausible picture of an intensive care population, not fitted to
// MIMIC-III. Over the first 3,000 patients of the default seed, 13% of admissions end in death and 29%
// of the following admissions start within 15 days of discharge.
//
// Codes carry the signal on purpose, so that models trained on the cohort can learn something. Each
// patient has a frailty in 0...1 that drives most of the risk of dying and of an early readmission.
// Frailty shows in the codes: frail patients have more chronic conditions, and above a threshold they
// get the codes of `SyntheticRisk.frailtyCodes`. Heart failure, cirrhosis, lung cancer, lung and kidney
// disease add to both risks. Acute codes such as septicemia, septic shock, liver failure and
// intracerebral hemorrhage add to the risk of dying in that admission, and a reason for admission often
// recurs. In those 3,000 patients, 23% of admissions coded with septicemia (0389) end in death against
// 11% of the others, and 17% of those coded with heart failure against 11%.

/// A code list rule: one code from each of `required`, then each of `optional` with its probability.
struct CodeRule: Sendable {
    var required: [[String]] = []
    var optional: [(code: String, probability: Double)] = []
}

/// The diagnoses, stay, ICU care, procedures, drugs and lab shifts that go with a reason for admission.
struct ProblemProfile: Sendable {
    /// Relative frequency among first admissions.
    let weight: Double
    /// ADMISSIONS `diagnosis`, the free-text reason the admitting team wrote.
    let admissionDiagnosis: String
    let diagnoses: CodeRule
    /// Typical stay in days. Actual stays spread from about a third to three times this.
    let typicalStayDays: Double
    let intensiveCareProbability: Double
    let careUnit: String
    /// Probability of invasive mechanical ventilation, given an ICU stay.
    let ventilationProbability: Double
    /// Added to the probability that the next admission starts within 15 days of discharge.
    let readmissionRisk: Double
    let procedures: CodeRule
    /// Drug names (see `SyntheticCatalog.drugs`) with relative prescribing weights.
    let drugs: [(name: String, weight: Double)]
    /// Lab item id and the shift of its mean on the first day, fading as the patient recovers.
    let labShifts: [(itemID: Int64, shift: Double)]
}

/// A reason for hospital admission.
enum AcuteProblem: Int, CaseIterable, Sendable {
    case sepsis, pneumonia, heartFailure, kidneyInjury, respiratoryFailure, gastrointestinalBleed, myocardialInfarction
    case stroke, bypassSurgery, pulmonaryEmbolism, clostridiumDifficile, urinaryInfection, liverFailure

    var profile: ProblemProfile { Self.profiles[rawValue] }

    /// Profiles in `rawValue` order.
    static let profiles: [ProblemProfile] = [
        ProblemProfile(
            weight: 14, admissionDiagnosis: "SEPSIS",
            diagnoses: CodeRule(
                required: [["0389"], ["99591", "99592"]],
                optional: [("78552", 0.3), ("5990", 0.35), ("486", 0.3), ("2762", 0.4), ("5849", 0.35), ("4589", 0.3), ("2875", 0.2)]),
            typicalStayDays: 8, intensiveCareProbability: 0.95, careUnit: "MICU", ventilationProbability: 0.35, readmissionRisk: 0.06,
            procedures: CodeRule(optional: [("3891", 0.5), ("966", 0.15), ("9904", 0.2)]),
            drugs: [("Vancomycin", 4), ("Piperacillin-Tazobactam Na", 3), ("Meropenem", 1.5), ("Norepinephrine", 2), ("LR", 2), ("Metronidazole", 1)],
            labShifts: [(51301, 8), (50813, 2.2), (50882, -4), (51265, -70), (50912, 0.6), (51006, 12)]),
        ProblemProfile(
            weight: 12, admissionDiagnosis: "PNEUMONIA",
            diagnoses: CodeRule(required: [["486"]], optional: [("51881", 0.25), ("5070", 0.2), ("5119", 0.2), ("2761", 0.2)]),
            typicalStayDays: 6, intensiveCareProbability: 0.7, careUnit: "MICU", ventilationProbability: 0.3, readmissionRisk: 0.03,
            procedures: CodeRule(optional: [("3324", 0.1), ("3491", 0.1)]),
            drugs: [("CeftriaXONE", 3), ("Levofloxacin", 2), ("Albuterol 0.083% Neb Soln", 2), ("Ipratropium Bromide Neb", 1.5), ("Vancomycin", 1)],
            labShifts: [(51301, 6)]),
        ProblemProfile(
            weight: 12, admissionDiagnosis: "CONGESTIVE HEART FAILURE",
            diagnoses: CodeRule(required: [["42833", "4280"]], optional: [("5119", 0.35), ("2761", 0.3), ("5849", 0.25)]),
            typicalStayDays: 5, intensiveCareProbability: 0.7, careUnit: "CCU", ventilationProbability: 0.1, readmissionRisk: 0.2,
            procedures: CodeRule(optional: [("8872", 0.4), ("3723", 0.15)]),
            drugs: [("Furosemide", 5), ("Metoprolol Tartrate", 2), ("Lisinopril", 1.5), ("Potassium Chloride", 2), ("Spironolactone", 1)],
            labShifts: [(50983, -5), (51006, 10), (50912, 0.4)]),
        ProblemProfile(
            weight: 9, admissionDiagnosis: "ACUTE RENAL FAILURE",
            diagnoses: CodeRule(required: [["5849", "5845"]], optional: [("2767", 0.4), ("2762", 0.4), ("2760", 0.15), ("2761", 0.2)]),
            typicalStayDays: 5, intensiveCareProbability: 0.65, careUnit: "MICU", ventilationProbability: 0.05, readmissionRisk: 0.05,
            procedures: CodeRule(optional: [("3995", 0.3), ("3895", 0.25)]),
            drugs: [("Sodium Bicarbonate", 2), ("Calcium Gluconate", 1.5), ("0.9% Sodium Chloride", 3)],
            labShifts: [(50912, 2.2), (51006, 35), (50971, 0.9), (50882, -5)]),
        ProblemProfile(
            weight: 9, admissionDiagnosis: "RESPIRATORY FAILURE",
            diagnoses: CodeRule(required: [["51881"]], optional: [("49121", 0.3), ("486", 0.3), ("5119", 0.25), ("2762", 0.3)]),
            typicalStayDays: 9, intensiveCareProbability: 1, careUnit: "MICU", ventilationProbability: 0.85, readmissionRisk: 0.1,
            procedures: CodeRule(optional: [("3891", 0.6), ("311", 0.15), ("966", 0.4), ("9390", 0.2)]),
            drugs: [("Albuterol 0.083% Neb Soln", 2), ("Ipratropium Bromide Neb", 2), ("Prednisone", 1)],
            labShifts: [(50882, 4), (50813, 0.8)]),
        ProblemProfile(
            weight: 8, admissionDiagnosis: "GASTROINTESTINAL BLEED",
            diagnoses: CodeRule(required: [["5789"]], optional: [("2851", 0.7), ("2859", 0.2)]),
            typicalStayDays: 4, intensiveCareProbability: 0.8, careUnit: "MICU", ventilationProbability: 0.08, readmissionRisk: 0.04,
            procedures: CodeRule(optional: [("4513", 0.5), ("4516", 0.35), ("9904", 0.7)]),
            drugs: [("Pantoprazole Sodium", 4), ("0.9% Sodium Chloride", 2)],
            labShifts: [(51222, -3.5), (51006, 18), (51265, -20)]),
        ProblemProfile(
            weight: 8, admissionDiagnosis: "CHEST PAIN, R/O MYOCARDIAL INFARCTION",
            diagnoses: CodeRule(required: [["41071"]], optional: [("41401", 0.8), ("4271", 0.15), ("42789", 0.15), ("4280", 0.2)]),
            typicalStayDays: 4, intensiveCareProbability: 0.85, careUnit: "CCU", ventilationProbability: 0.05, readmissionRisk: 0.04,
            procedures: CodeRule(optional: [("3722", 0.6), ("8856", 0.5), ("0066", 0.45), ("8872", 0.4)]),
            drugs: [("Aspirin", 3), ("Clopidogrel", 2.5), ("Atorvastatin", 2), ("Heparin Sodium", 2), ("Metoprolol Tartrate", 2), ("Nitroglycerin", 1.5)],
            labShifts: []),
        ProblemProfile(
            weight: 6, admissionDiagnosis: "STROKE;TELEMETRY",
            diagnoses: CodeRule(required: [["43491", "431"]], optional: [("34830", 0.2), ("2930", 0.2)]),
            typicalStayDays: 6, intensiveCareProbability: 0.8, careUnit: "SICU", ventilationProbability: 0.25, readmissionRisk: 0.03,
            procedures: CodeRule(optional: [("966", 0.3), ("4311", 0.2)]),
            drugs: [("Aspirin", 2), ("Atorvastatin", 2), ("HydrALAzine", 1.5)],
            labShifts: []),
        ProblemProfile(
            weight: 6, admissionDiagnosis: "CORONARY ARTERY DISEASE\\CORONARY ARTERY BYPASS GRAFT /SDA",
            diagnoses: CodeRule(
                required: [["41401"]],
                optional: [("4241", 0.3), ("4240", 0.2), ("42789", 0.25), ("2851", 0.4), ("99811", 0.08), ("E8782", 0.06), ("42731", 0.25)]),
            typicalStayDays: 7, intensiveCareProbability: 1, careUnit: "CSRU", ventilationProbability: 0.95, readmissionRisk: 0.03,
            procedures: CodeRule(required: [["3612", "3615"]], optional: [("3961", 0.95), ("8872", 0.6)]),
            drugs: [("Aspirin", 2), ("Metoprolol Tartrate", 2), ("Furosemide", 2), ("Oxycodone-Acetaminophen", 2), ("Potassium Chloride", 1.5), ("Magnesium Sulfate", 1.5)],
            labShifts: [(51222, -2)]),
        ProblemProfile(
            weight: 4, admissionDiagnosis: "PULMONARY EMBOLISM",
            diagnoses: CodeRule(required: [["41519"]], optional: [("V1251", 0.4)]),
            typicalStayDays: 5, intensiveCareProbability: 0.7, careUnit: "MICU", ventilationProbability: 0.05, readmissionRisk: 0.03,
            procedures: CodeRule(),
            drugs: [("Heparin Sodium", 3), ("Enoxaparin Sodium", 2), ("Warfarin", 2)],
            labShifts: [(51237, 0.6)]),
        ProblemProfile(
            weight: 4, admissionDiagnosis: "DIARRHEA",
            diagnoses: CodeRule(required: [["00845"]], optional: [("2761", 0.3), ("2768", 0.45), ("5849", 0.2)]),
            typicalStayDays: 6, intensiveCareProbability: 0.5, careUnit: "MICU", ventilationProbability: 0.05, readmissionRisk: 0.1,
            procedures: CodeRule(),
            drugs: [("Metronidazole", 4), ("Potassium Chloride", 2), ("LR", 1)],
            labShifts: [(51301, 7), (50971, -0.6)]),
        ProblemProfile(
            weight: 5, admissionDiagnosis: "URINARY TRACT INFECTION;ALTERED MENTAL STATUS",
            diagnoses: CodeRule(required: [["5990"]], optional: [("2930", 0.5), ("2761", 0.25), ("2768", 0.2)]),
            typicalStayDays: 4, intensiveCareProbability: 0.45, careUnit: "MICU", ventilationProbability: 0.05, readmissionRisk: 0.04,
            procedures: CodeRule(optional: [("0331", 0.1)]),
            drugs: [("CeftriaXONE", 3), ("Haloperidol", 1), ("Quetiapine Fumarate", 1)],
            labShifts: [(51301, 3), (50983, -3)]),
        ProblemProfile(
            weight: 3, admissionDiagnosis: "LIVER FAILURE",
            diagnoses: CodeRule(required: [["5712", "5715"]], optional: [("570", 0.35), ("5723", 0.5), ("2875", 0.5), ("2851", 0.2)]),
            typicalStayDays: 8, intensiveCareProbability: 0.8, careUnit: "MICU", ventilationProbability: 0.25, readmissionRisk: 0.2,
            procedures: CodeRule(optional: [("5491", 0.45), ("9904", 0.3)]),
            drugs: [("Lactulose", 4), ("Albumin 25% (12.5g / 50mL)", 2), ("Spironolactone", 1.5), ("Furosemide", 1)],
            labShifts: [(50885, 5), (51237, 0.9), (51265, -90), (50983, -4)]),
    ]
}

/// A long-term condition of a patient, coded again at each admission.
struct ChronicCondition: Sendable {
    let name: String
    /// Prevalence: `base + ageSlope * ageFraction + frailtySlope * frailty`, where `ageFraction` is
    /// `(age - 18) / 72` at the first admission and frailty is 0...1.
    let base: Double
    let ageSlope: Double
    let frailtySlope: Double
    let femaleOnly: Bool
    let diagnoses: CodeRule
    let drugs: [(name: String, weight: Double)]
    /// Lab item id and a shift of its mean that lasts through every admission.
    let labShifts: [(itemID: Int64, shift: Double)]
    /// Added to the probability of dying in each admission.
    let deathRisk: Double
    /// Added to the probability that the next admission starts within 15 days of discharge.
    let readmissionRisk: Double
    /// Reasons for admission this condition makes more likely, with the extra weight.
    let typicalProblems: [(problem: AcuteProblem, weight: Double)]

    func prevalence(ageFraction: Double, frailty: Double) -> Double {
        base + ageSlope * ageFraction + frailtySlope * frailty
    }

    /// Chronic conditions in the order their codes are listed. Kidney disease comes before hypertension,
    /// so that `40390` (hypertensive kidney disease) takes the place of `4019`.
    static let all: [ChronicCondition] = [
        condition(
            "chronic kidney disease", 0.03, 0.12, 0.25, CodeRule(required: [["5859"]], optional: [("40390", 0.7)]),
            labs: [(50912, 1.2), (51006, 15), (51222, -1)], death: 0.04, readmission: 0.08, problems: [(.kidneyInjury, 12)]),
        condition(
            "hypertension", 0.25, 0.35, 0.1, CodeRule(optional: [("4019", 0.9)]),
            drugs: [("Amlodipine", 1), ("Lisinopril", 1), ("HydrALAzine", 0.5)]),
        condition(
            "diabetes", 0.12, 0.15, 0.1, CodeRule(optional: [("25000", 0.95), ("V5867", 0.35)]),
            drugs: [("Insulin Human Regular", 3), ("Gabapentin", 0.5)], labs: [(50931, 70)]),
        condition(
            "hyperlipidemia", 0.15, 0.25, 0, CodeRule(optional: [("2724", 0.9)]),
            drugs: [("Atorvastatin", 1), ("Simvastatin", 1)]),
        condition(
            "coronary artery disease", 0.05, 0.25, 0.1, CodeRule(optional: [("41401", 0.9), ("412", 0.3), ("V4581", 0.25)]),
            drugs: [("Aspirin", 1.5), ("Metoprolol Tartrate", 1)], problems: [(.myocardialInfarction, 10), (.bypassSurgery, 6)]),
        condition(
            "heart failure", 0.03, 0.15, 0.3, CodeRule(required: [["4280", "42832"]]),
            drugs: [("Furosemide", 2)], death: 0.07, readmission: 0.2, problems: [(.heartFailure, 25)]),
        condition(
            "atrial fibrillation", 0.03, 0.2, 0.05, CodeRule(optional: [("42731", 0.95), ("V5861", 0.6)]),
            drugs: [("Warfarin", 2), ("Diltiazem", 1), ("Metoprolol Tartrate", 1), ("Amiodarone", 0.5), ("Digoxin", 0.5)],
            labs: [(51237, 1.0)], problems: [(.stroke, 4)]),
        condition(
            "chronic obstructive pulmonary disease", 0.04, 0.1, 0.15, CodeRule(optional: [("496", 0.9), ("V1582", 0.3)]),
            drugs: [("Albuterol 0.083% Neb Soln", 1.5), ("Ipratropium Bromide Neb", 1)], death: 0.03, readmission: 0.12,
            problems: [(.respiratoryFailure, 10), (.pneumonia, 6)]),
        condition("tobacco use", 0.12, 0, 0.05, CodeRule(optional: [("3051", 0.7)])),
        condition(
            "hypothyroidism", 0.05, 0.08, 0, CodeRule(optional: [("2449", 0.95)]), drugs: [("Levothyroxine Sodium", 2)]),
        condition(
            "esophageal reflux", 0.08, 0.08, 0, CodeRule(optional: [("53081", 0.9)]),
            drugs: [("Pantoprazole", 1.5), ("Famotidine", 1)]),
        condition("depression", 0.08, 0, 0.05, CodeRule(optional: [("311", 0.9)]), drugs: [("Lorazepam", 0.5)]),
        condition(
            "cirrhosis", 0.02, 0, 0.1, CodeRule(required: [["5712", "5715"]], optional: [("5723", 0.4)]),
            drugs: [("Lactulose", 1.5), ("Spironolactone", 1)], labs: [(50885, 1.5), (51237, 0.3), (51265, -60)],
            death: 0.1, readmission: 0.2, problems: [(.liverFailure, 20), (.gastrointestinalBleed, 8)]),
        condition(
            "lung cancer", 0.03, 0.08, 0.15, CodeRule(required: [["1629"]], optional: [("1970", 0.4)]),
            drugs: [("Ondansetron", 1.5), ("Morphine Sulfate", 1)], labs: [(51222, -1)], death: 0.12, readmission: 0.1,
            problems: [(.pneumonia, 6), (.pulmonaryEmbolism, 6)]),
        condition("breast cancer history", 0.04, 0.04, 0, CodeRule(optional: [("V103", 0.95)]), femaleOnly: true),
        condition("obesity", 0.08, 0.05, 0, CodeRule(optional: [("27800", 0.8), ("32723", 0.4)])),
        condition("peripheral vascular disease", 0.02, 0.08, 0.05, CodeRule(optional: [("4439", 0.9)])),
        condition("chronic anemia", 0.03, 0.05, 0.1, CodeRule(optional: [("2800", 0.8)]), labs: [(51222, -1.5)]),
    ]

    private static func condition(
        _ name: String, _ base: Double, _ ageSlope: Double, _ frailtySlope: Double, _ diagnoses: CodeRule,
        femaleOnly: Bool = false, drugs: [(name: String, weight: Double)] = [], labs: [(itemID: Int64, shift: Double)] = [],
        death: Double = 0, readmission: Double = 0, problems: [(problem: AcuteProblem, weight: Double)] = []
    ) -> ChronicCondition {
        ChronicCondition(
            name: name, base: base, ageSlope: ageSlope, frailtySlope: frailtySlope, femaleOnly: femaleOnly, diagnoses: diagnoses,
            drugs: drugs, labShifts: labs, deathRisk: death, readmissionRisk: readmission, typicalProblems: problems)
    }
}

enum SyntheticRisk {
    /// Added to the probability of dying in an admission for each of these diagnosis codes it has.
    static let deathRiskByCode: [String: Double] = [
        "78552": 0.15, "99592": 0.04, "99591": 0.02, "0389": 0.04, "51881": 0.03, "570": 0.05, "431": 0.05, "43491": 0.015,
        "41071": 0.015, "4271": 0.01, "5845": 0.015, "5849": 0.01, "4280": 0.01, "42833": 0.015,
        "5070": 0.01, "1970": 0.02, "41519": 0.01, "V4986": 0.03, "70703": 0.01,
    ]

    /// Codes that frail patients collect: pressure ulcers, persistent mental disorders, do-not-resuscitate
    /// status. A patient at or above the frailty threshold gets the code with the probability given, any
    /// other patient with probability 0.03, so the codes mark frailty clearly.
    static let frailtyCodes: [(code: String, threshold: Double, probability: Double)] = [
        ("70703", 0.25, 0.8), ("2948", 0.4, 0.6), ("V4986", 0.5, 0.85),
    ]

    /// Common secondary findings that fill an admission up to the minimum of three diagnoses.
    static let fillerCodes = ["2859", "2761", "2768", "2762", "2875", "4589"]
}
