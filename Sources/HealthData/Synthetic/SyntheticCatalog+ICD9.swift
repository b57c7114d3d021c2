/// An ICD-9-CM code written without its dot, as MIMIC-III writes it, with its short and long titles.
struct ICD9Entry: Sendable {
    let code: String
    let shortTitle: String
    let longTitle: String

    init(_ code: String, _ shortTitle: String, _ longTitle: String) {
        self.code = code
        self.shortTitle = shortTitle
        self.longTitle = longTitle
    }
}

/// The codes, drugs and lab items the synthetic cohort draws from, and that its dictionary tables list.
///
/// The ICD-9-CM codes are common ones in MIMIC-III. Their titles are those of the CMS ICD-9-CM version 32
/// (fiscal year 2015) files, which MIMIC-III's `D_ICD_DIAGNOSES` and `D_ICD_PROCEDURES` also use.
enum SyntheticCatalog {
    /// Diagnosis codes: chronic conditions, acute problems and the findings that go with them.
    static let diagnoses: [ICD9Entry] = [
        ICD9Entry("4019", "Hypertension NOS", "Unspecified essential hypertension"),
        ICD9Entry("40390", "Hy kid NOS w cr kid I-IV", "Hypertensive chronic kidney disease, unspecified, with chronic kidney disease stage I through stage IV, or unspecified"),
        ICD9Entry("25000", "DMII wo cmp nt st uncntr", "Diabetes mellitus without mention of complication, type II or unspecified type, not stated as uncontrolled"),
        ICD9Entry("V5867", "Long-term use of insulin", "Long-term (current) use of insulin"),
        ICD9Entry("2724", "Hyperlipidemia NEC/NOS", "Other and unspecified hyperlipidemia"),
        ICD9Entry("41401", "Crnry athrscl natve vssl", "Coronary atherosclerosis of native coronary artery"),
        ICD9Entry("412", "Old myocardial infarct", "Old myocardial infarction"),
        ICD9Entry("V4581", "Aortocoronary bypass", "Aortocoronary bypass status"),
        ICD9Entry("4280", "CHF NOS", "Congestive heart failure, unspecified"),
        ICD9Entry("42832", "Chr diastolic hrt fail", "Chronic diastolic heart failure"),
        ICD9Entry("42833", "Ac on chr diast hrt fail", "Acute on chronic diastolic heart failure"),
        ICD9Entry("42731", "Atrial fibrillation", "Atrial fibrillation"),
        ICD9Entry("V5861", "Long-term use anticoagul", "Long-term (current) use of anticoagulants"),
        ICD9Entry("5859", "Chronic kidney dis NOS", "Chronic kidney disease, unspecified"),
        ICD9Entry("496", "Chr airway obstruct NEC", "Chronic airway obstruction, not elsewhere classified"),
        ICD9Entry("49121", "Obs chr bronc w(ac) exac", "Obstructive chronic bronchitis with (acute) exacerbation"),
        ICD9Entry("V1582", "History of tobacco use", "Personal history of tobacco use"),
        ICD9Entry("3051", "Tobacco use disorder", "Tobacco use disorder"),
        ICD9Entry("2449", "Hypothyroidism NOS", "Unspecified acquired hypothyroidism"),
        ICD9Entry("53081", "Esophageal reflux", "Esophageal reflux"),
        ICD9Entry("311", "Depressive disorder NEC", "Depressive disorder, not elsewhere classified"),
        ICD9Entry("5715", "Cirrhosis of liver NOS", "Cirrhosis of liver without mention of alcohol"),
        ICD9Entry("5712", "Alcohol cirrhosis liver", "Alcoholic cirrhosis of liver"),
        ICD9Entry("5723", "Portal hypertension", "Portal hypertension"),
        ICD9Entry("1629", "Mal neo bronch/lung NOS", "Malignant neoplasm of bronchus and lung, unspecified"),
        ICD9Entry("1970", "Secondary malig neo lung", "Secondary malignant neoplasm of lung"),
        ICD9Entry("V103", "Hx of breast malignancy", "Personal history of malignant neoplasm of breast"),
        ICD9Entry("27800", "Obesity NOS", "Obesity, unspecified"),
        ICD9Entry("32723", "Obstructive sleep apnea", "Obstructive sleep apnea (adult)(pediatric)"),
        ICD9Entry("2800", "Chr blood loss anemia", "Iron deficiency anemia secondary to blood loss (chronic)"),
        ICD9Entry("4439", "Periph vascular dis NOS", "Peripheral vascular disease, unspecified"),
        ICD9Entry("0389", "Septicemia NOS", "Unspecified septicemia"),
        ICD9Entry("99591", "Sepsis", "Sepsis"),
        ICD9Entry("99592", "Severe sepsis", "Severe sepsis"),
        ICD9Entry("78552", "Septic shock", "Septic shock"),
        ICD9Entry("5990", "Urin tract infection NOS", "Urinary tract infection, site not specified"),
        ICD9Entry("486", "Pneumonia, organism NOS", "Pneumonia, organism unspecified"),
        ICD9Entry("5070", "Food/vomit pneumonitis", "Pneumonitis due to inhalation of food or vomitus"),
        ICD9Entry("51881", "Acute respiratry failure", "Acute respiratory failure"),
        ICD9Entry("5119", "Pleural effusion NOS", "Unspecified pleural effusion"),
        ICD9Entry("2761", "Hyposmolality", "Hyposmolality and/or hyponatremia"),
        ICD9Entry("2760", "Hyperosmolality", "Hyperosmolality and/or hypernatremia"),
        ICD9Entry("2767", "Hyperpotassemia", "Hyperpotassemia"),
        ICD9Entry("2768", "Hypopotassemia", "Hypopotassemia"),
        ICD9Entry("2762", "Acidosis", "Acidosis"),
        ICD9Entry("5849", "Acute kidney failure NOS", "Acute kidney failure, unspecified"),
        ICD9Entry("5845", "Ac kidny fail, tubr necr", "Acute kidney failure with lesion of tubular necrosis"),
        ICD9Entry("5789", "Gastrointest hemorr NOS", "Hemorrhage of gastrointestinal tract, unspecified"),
        ICD9Entry("2851", "Ac posthemorrhag anemia", "Acute posthemorrhagic anemia"),
        ICD9Entry("41071", "Subendo infarct, initial", "Subendocardial infarction, initial episode of care"),
        ICD9Entry("4271", "Parox ventric tachycard", "Paroxysmal ventricular tachycardia"),
        ICD9Entry("43491", "Crbl art ocl NOS w infrc", "Cerebral artery occlusion, unspecified with cerebral infarction"),
        ICD9Entry("431", "Intracerebral hemorrhage", "Intracerebral hemorrhage"),
        ICD9Entry("34830", "Encephalopathy NOS", "Encephalopathy, unspecified"),
        ICD9Entry("2930", "Delirium d/t other cond", "Delirium due to conditions classified elsewhere"),
        ICD9Entry("4241", "Aortic valve disorder", "Aortic valve disorders"),
        ICD9Entry("4240", "Mitral valve disorder", "Mitral valve disorders"),
        ICD9Entry("42789", "Cardiac dysrhythmias NEC", "Other specified cardiac dysrhythmias"),
        ICD9Entry("99811", "Hemorrhage complic proc", "Hemorrhage complicating a procedure"),
        ICD9Entry("E8782", "Abn react-anastom/graft", "Surgical operation with anastomosis, bypass, or graft, with natural or artificial tissues used as implant causing abnormal patient reaction, or later complication, without mention of misadventure at time of operation"),
        ICD9Entry("41519", "Pulm embol/infarct NEC", "Other pulmonary embolism and infarction"),
        ICD9Entry("V1251", "Hx-ven thrombosis/embols", "Personal history of venous thrombosis and embolism"),
        ICD9Entry("00845", "Int inf clstrdium dfcile", "Intestinal infection due to Clostridium difficile"),
        ICD9Entry("570", "Acute necrosis of liver", "Acute and subacute necrosis of liver"),
        ICD9Entry("2875", "Thrombocytopenia NOS", "Thrombocytopenia, unspecified"),
        ICD9Entry("4589", "Hypotension NOS", "Hypotension, unspecified"),
        ICD9Entry("2859", "Anemia NOS", "Anemia, unspecified"),
        ICD9Entry("70703", "Pressure ulcer, low back", "Pressure ulcer, lower back"),
        ICD9Entry("2948", "Mental disor NEC oth dis", "Other persistent mental disorders due to conditions classified elsewhere"),
        ICD9Entry("V4986", "Do not resusctate status", "Do not resuscitate status"),
    ]

    /// Procedure codes (ICD-9-CM volume 3): lines, ventilation, feeding, transfusion, dialysis, endoscopy,
    /// cardiac catheterisation and bypass surgery.
    static let procedures: [ICD9Entry] = [
        ICD9Entry("3893", "Venous cath NEC", "Venous catheterization, not elsewhere classified"),
        ICD9Entry("3891", "Arterial catheterization", "Arterial catheterization"),
        ICD9Entry("3897", "CV cath plcmt w guidance", "Central venous catheter placement with guidance"),
        ICD9Entry("9604", "Insert endotracheal tube", "Insertion of endotracheal tube"),
        ICD9Entry("9671", "Cont inv mec ven <96 hrs", "Continuous invasive mechanical ventilation for less than 96 consecutive hours"),
        ICD9Entry("9672", "Cont inv mec ven 96+ hrs", "Continuous invasive mechanical ventilation for 96 consecutive hours or more"),
        ICD9Entry("9390", "Non-invasive mech vent", "Non-invasive mechanical ventilation"),
        ICD9Entry("311", "Temporary tracheostomy", "Temporary tracheostomy"),
        ICD9Entry("966", "Entral infus nutrit sub", "Enteral infusion of concentrated nutritional substances"),
        ICD9Entry("9915", "Parent infus nutrit sub", "Parenteral infusion of concentrated nutritional substances"),
        ICD9Entry("4311", "Percu endosc gastrostomy", "Percutaneous [endoscopic] gastrostomy [PEG]"),
        ICD9Entry("9904", "Packed cell transfusion", "Transfusion of packed cells"),
        ICD9Entry("9905", "Platelet transfusion", "Transfusion of platelets"),
        ICD9Entry("3995", "Hemodialysis", "Hemodialysis"),
        ICD9Entry("3895", "Ven cath renal dialysis", "Venous catheterization for renal dialysis"),
        ICD9Entry("5491", "Percu abdominal drainage", "Percutaneous abdominal drainage"),
        ICD9Entry("3491", "Thoracentesis", "Thoracentesis"),
        ICD9Entry("3404", "Insert intercostal cath", "Insertion of intercostal catheter for drainage"),
        ICD9Entry("3324", "Closed bronchial biopsy", "Closed [endoscopic] biopsy of bronchus"),
        ICD9Entry("4513", "Sm bowel endoscopy NEC", "Other endoscopy of small intestine"),
        ICD9Entry("4516", "Egd with closed biopsy", "Esophagogastroduodenoscopy [EGD] with closed biopsy"),
        ICD9Entry("0331", "Spinal tap", "Spinal tap"),
        ICD9Entry("3722", "Left heart cardiac cath", "Left heart cardiac catheterization"),
        ICD9Entry("3723", "Rt/left heart card cath", "Combined right and left heart cardiac catheterization"),
        ICD9Entry("8856", "Coronar arteriogr-2 cath", "Coronary arteriography using two catheters"),
        ICD9Entry("0066", "PTCA", "Percutaneous transluminal coronary angioplasty [PTCA]"),
        ICD9Entry("3612", "Aortocor bypas-2 cor art", "(Aorto)coronary bypass of two coronary arteries"),
        ICD9Entry("3615", "1 int mam-cor art bypass", "Single internal mammary-coronary artery bypass"),
        ICD9Entry("3961", "Extracorporeal circulat", "Extracorporeal circulation auxiliary to open heart surgery"),
        ICD9Entry("8872", "Dx ultrasound-heart", "Diagnostic ultrasound of heart"),
    ]
}
