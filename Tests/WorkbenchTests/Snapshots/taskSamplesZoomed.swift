// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let taskSamplesZoomed = ##"""
 SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ── 1 Data 2 Patient 3 Task 4 Train 5 Codes · ? help
┌─ 3 Task · mortality ─────────────────────────────────────────────────────────────────────────────────────────────────┐
│task ◂ mortality ▸   Enter builds                                                                                     │
│26 samples · 12 patients                                                                                              │
│labels (mortality)  0: 21  1: 5                                                                                       │
│patient 41976, sample 1 of 13 · visit 125449                                                                          │
│conditions (12)                                                                                                       │
│  0389    Unspecified septicemia                                                                                      │
│  5070    Pneumonitis due to inhalation of food or vomitus                                                            │
│  51881   Acute respiratory failure                                                                                   │
│  5849    Acute kidney failure, unspecified                                                                           │
│  99592   Severe sepsis                                                                                               │
│  4019    Unspecified essential hypertension                                                                          │
│  25000   Diabetes mellitus without mention of complication, type II or unspecified type, not stated as uncontrolled  │
│  2449    Unspecified acquired hypothyroidism                                                                         │
│  2859    Anemia, unspecified                                                                                         │
│  53081   Esophageal reflux                                                                                           │
│  70703   Pressure ulcer, lower back                                                                                  │
│  70721   Pressure ulcer, stage I                                                                                     │
│procedures (5)                                                                                                        │
│  4432    Percutaneous [endoscopic] gastrojejunostomy                                                                 │
│  9604    Insertion of endotracheal tube                                                                              │
│  9671    Continuous invasive mechanical ventilation for less than 96 consecutive hours                               │
│  3893    Venous catheterization, not elsewhere classified                                                            │
│  966     Enteral infusion of concentrated nutritional substances                                                     │
│drugs (64)                                                                                                            │
│  00904336561 Baclofen                                                                                                │
│  00172438210 Gabapentin                                                                                              │
│  00054023524 Morphine Sulfate IR                                                                                     │
│  10019002803 Midazolam HCl                                                                                           │
│  00703450204 Metoclopramide                                                                                          │
│  00338004304 1/2 NS                                                                                                  │
│  0       Sodium Chloride 0.9%  Flush                                                                                 │
│  00338055318 NS (Mini Bag Plus)                                                                                      │
└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
 h ← previous task · l → next task · Enter build the task's samples in the background · + longer readmission window · …
"""##
}
