// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let patientHelp = ##"""
 SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ──────────── 1 2 3 4 5 · ? help
┌─ 1 Dataset ──────────────────────────┐┌─ 2 Patient 10006 · F · 70 y · 1 admission ───────────────┐
│table            rows ┌─ Keys · 2 Patient · any key closes ────────────────┐01  EMERGENCY → HOME …│
│PATIENTS          100 │ h ←     previous admission                         │                      │
│ADMISSIONS        129 │ l →     next admission                             │4-11-01 · EMERGENCY →…│
│ICUSTAYS          136 │ /       search the admission's events              │                      │
│… 4 more tables       │ n       next line that matches the search          │                      │
│/ filter patients     │ N       previous line that matches the search      │ reaction due to othe…│
│  id     sex  age  adm│ q       quit                                       │                      │
│▶ 10006  F     70    1│ Esc     close help, search or zoom                 │y disease, unspecifie…│
│  10011  F     36    1│ Tab     next pane                                  │                      │
│  10013  F     87    1│ S-Tab   previous pane                              │unspecified           │
│  10017  F     73    1│ 1       Dataset pane                               │                      │
│  10019  M     48    1│ 2       Patient pane                               │                      │
│  10026  F    >89    1│ 3       Task pane                                  │                      │
└──────────────────────│ 4       Training pane                              │────────────────1/340─┘
┌─ 3 Task · mortality ─│ 5       Codes pane                                 │ 5 Codes · All ───────┐
│task ◂ mortality ▸   E│ k ↑     move up                                    │ search codes     200+│
│not built yet         │ j ↓     move down                                  │CD9PROC 38.93  Venous…│
│                      │ g Home  first row                                  │CD9CM   401.9  Hypert…│
│                      │ G End   last row                                   │CD9CM   427.31 Atrial…│
│                      │ PgUp    page up                                    │CD9CM   584.9  Acute …│
│                      │ PgDn    page down                                  │CD9CM   428.0  CHF NOS│
│                      │ z       zoom the pane to the whole screen, or back │CD9PROC 96.6   Entral…│
│                      │ c       chart characters: braille, blocks, ASCII   │CD9PROC 38.93: Venous…│
│                      │ ?       show this help; j k PgUp PgDn scroll it    │6 rows of PROCEDURES_…│
│                      │                                                    │ll code systems:      │
│                      └────────────────────────────────────────────────────┘wifthealth medcode …  │
└─────────────────────────────────┘└──────────────────────────────────────┘└───────────────────────┘
 h ← previous admission · l → next admission · / search the admission's events · n next line that …
"""##
}
