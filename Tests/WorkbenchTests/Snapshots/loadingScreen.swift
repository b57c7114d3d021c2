// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let loadingScreen = ##"""
 SwiftHealth · mimic3-demo · loading 30% ─────────────────── 1 2 3 4 5 · ? help
┌─ 1 Dataset ──────────────────┐┌─ 2 Patient ──────────────────────────────────┐
│table      rows  state        ││ waiting for the dataset                      │
│ADMISSIONS       ████░░░░ 50% ││                                              │
│LABEVENTS        ░░░░░░░░ 0%  ││                                              │
│PATIENTS         ████████ 100%││                                              │
│/ filter patients     loading…││                                              │
│  id     sex  age  adm  events││                                              │
│                              ││                                              │
│                              ││                                              │
│                              ││                                              │
│                              ││                                              │
└──────────────────────────────┘└──────────────────────────────────────────────┘
┌─ 3 Task · mortality ─────┐┌─ 4 Training · transformer ───┐┌─ 5 Codes · All ──┐
│task ◂ mortality ▸   Ente…││model transformer  epochs 5   ││/ search codes    │
│not built yet             ││batch 32  lr 0.001            ││                  │
│                          ││monitor pr_auc                ││                  │
│                          ││Enter trains on the Task pane…││                  │
│                          ││                              ││                  │
│                          ││                              ││                  │
│                          ││                              ││all code systems: │
│                          ││                              ││swifthealth …     │
└──────────────────────────┘└──────────────────────────────┘└──────────────────┘
 / filter patients by id, sex or age · s sort patients by id, age, admissions,…
"""##
}
