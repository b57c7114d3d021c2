// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let demoOverview = ##"""
 SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ──────────────────────────────── 1 Data 2 Patient 3 Task 4 Train 5 Codes · ? help
┌─ 1 Dataset ──────────────────────────────────────────────┐┌─ 2 Patient 10006 · F · 70 y · 1 admission ─────────────────────────────────────────────┐
│table            rows  state                              ││▶ 2164-10-23 ├────────────────────┤ 2164-11-01  EMERGENCY → HOME HEALTH CARE  ICU 1 sta…│
│PATIENTS          100  loaded                             ││                                                                                        │
│ADMISSIONS        129  loaded                             ││Admission 142345 · 2164-10-23 to 2164-11-01 · EMERGENCY → HOME HEALTH CARE              │
│ICUSTAYS          136  loaded                             ││▾ Diagnoses (21)                                                                        │
│DIAGNOSES_ICD   1,761  loaded                             ││  99591   Sepsis                                                                        │
│PROCEDURES_ICD    506  loaded                             ││  99662   Infection and inflammatory reaction due to other vascular device, implant, an…│
│… 2 more tables                                           ││  5672    (not in D_ICD_DIAGNOSES)                                                      │
│/ filter patients                     100 of 100 · sort id││  40391   Hypertensive chronic kidney disease, unspecified, with chronic kidney disease…│
│  id     sex  age  adm  events                            ││  42731   Atrial fibrillation                                                           │
│▶ 10006  F     70    1   2,046                            ││  4280    Congestive heart failure, unspecified                                         │
│  10011  F     36    1     709                            ││  4241    Aortic valve disorders                                                        │
│  10013  F     87    1     195                            ││  4240    Mitral valve disorders                                                        │
│  10017  F     73    1     599                            ││  2874    (not in D_ICD_DIAGNOSES)                                                      │
│  10019  M     48    1     405                            ││  03819   Other staphylococcal septicemia                                               │
│  10026  F    >89    1     341                            ││  7850    Tachycardia, unspecified                                                      │
│  10027  F     82    1     900                            ││  E8791   Kidney dialysis as the cause of abnormal reaction of patient, or of later com…│
│  10029  M     78    1     515                            ││  V090    Infection with microorganisms resistant to penicillins                        │
│  10032  M     88    1   1,009                            ││  56211   Diverticulitis of colon (without mention of hemorrhage)                       │
└──────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────────────────────────────1/340─┘
┌─ 3 Task · mortality ─────────────────────────────┐┌─ 4 Training · transformer ───────────────────────────────┐┌─ 5 Codes · All ────────────────────┐
│task ◂ mortality ▸   Enter builds                 ││model transformer  epochs 5  batch 32  lr 0.001           ││/ search codes            200+ codes│
│not built yet                                     ││monitor pr_auc                                            ││ICD9PROC 38.93  Venous cath NEC     │
│                                                  ││Enter trains on the Task pane's samples                   ││ICD9CM   401.9  Hypertension NOS    │
│                                                  ││                                                          ││ICD9CM   427.31 Atrial fibrillation │
│                                                  ││                                                          ││ICD9CM   584.9  Acute kidney failur…│
│                                                  ││                                                          ││ICD9CM   428.0  CHF NOS             │
│                                                  ││                                                          ││ICD9PROC 96.6   Entral infus nutrit…│
│                                                  ││                                                          ││ICD9CM   250.00 DMII wo cmp nt st u…│
│                                                  ││                                                          ││ICD9CM   518.81 Acute respiratry fa…│
│                                                  ││                                                          ││ICD9PROC 99.04  Packed cell transfu…│
│                                                  ││                                                          ││ICD9CM   272.4  Hyperlipidemia NEC/…│
│                                                  ││                                                          ││ICD9CM   599.0  Urin tract infectio…│
│                                                  ││                                                          ││ICD9PROC 38.93: Venous catheterizat…│
│                                                  ││                                                          ││56 rows of PROCEDURES_ICD · 39 pati…│
│                                                  ││                                                          ││all code systems: swifthealth       │
│                                                  ││                                                          ││medcode import --from DIR           │
└──────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────┘└────────────────────────────────────┘
 / filter patients by id, sex or age · s sort patients by id, age, admissions, events · n next patient in the filtered list · N previous patient in …
"""##
}
