// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let patientSecondAdmissionZoomed = ##"""
 SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ── 1 Data 2 Patient 3 Task 4 Train 5 Codes · ? help
┌─ 2 Patient 41976 · M · 62 y · 15 admissions ─────────────────────────────────────────────────────────────────────────┐
│  2198-10-29 │                             2198-11-05  EMERGENCY → SNF  ICU 1 stay, 2.6 d                             │
│▶ 2199-01-13  ├┤                           2199-01-16  EMERGENCY → SNF  ICU 1 stay, 2.9 d                             │
│  2199-01-31   │                           2199-02-14  EMERGENCY → SNF  ICU 1 stay, 10.8 d                            │
│  2200-03-17           │                   2200-03-28  EMERGENCY → SNF  ICU 1 stay, 10.9 d                            │
│  2200-06-09            ├┤                 2200-06-13  EMERGENCY → SNF  ICU 1 stay, 2.1 d                             │
│  2200-10-29               │               2200-11-03  EMERGENCY → SNF  ICU 1 stay, 4.9 d                             │
│  2201-05-12                   │           2201-05-19  EMERGENCY → ICF  ICU 1 stay, 1.3 d                             │
│  2201-08-10                     │         2201-08-13  EMERGENCY → SNF  ICU 1 stay, 0.8 d                             │
│  2201-09-28                      │        2201-10-01  EMERGENCY → LONG TERM CARE HOSPITAL  ICU 1 stay, 3.0 d         │
│  2201-11-16                       │       2201-11-19  EMERGENCY → SNF  ICU 1 stay, 2.7 d                             │
│                                                                                                                      │
│Admission 173269 · 2199-01-13 to 2199-01-16 · EMERGENCY → SNF                                                         │
│▾ Diagnoses (9)                                                                                                       │
│  03812   Methicillin resistant Staphylococcus aureus septicemia                                                      │
│  78552   Septic shock                                                                                                │
│  5849    Acute kidney failure, unspecified                                                                           │
│  0383    Septicemia due to anaerobes                                                                                 │
│  99592   Severe sepsis                                                                                               │
│  4019    Unspecified essential hypertension                                                                          │
│  25060   Diabetes with neurological manifestations, type II or unspecified type, not stated as uncontrolled          │
│  3572    Polyneuropathy in diabetes                                                                                  │
│  2449    Unspecified acquired hypothyroidism                                                                         │
│▾ Procedures (5)                                                                                                      │
│  3891    Arterial catheterization                                                                                    │
│  3893    Venous catheterization, not elsewhere classified                                                            │
│  9671    Continuous invasive mechanical ventilation for less than 96 consecutive hours                               │
│  9604    Insertion of endotracheal tube                                                                              │
│  966     Enteral infusion of concentrated nutritional substances                                                     │
│▾ Prescriptions (85)                                                                                                  │
│  2199-01-13  Sodium Chloride 0.9%  Flush  10 mL · IV                                                                 │
│  2199-01-13  MetRONIDAZOLE (FLagyl)  500 mg · PO                                                                     │
│  2199-01-13  Docusate Sodium  100 mg · PO                                                                            │
└────────────────────────────────────────────────────────────────────────────────────────────────────────────────1/307─┘
 h ← previous admission · l → next admission · / search the admission's events · n next line that matches the search ·…
"""##
}
