// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let patientHelp = ##"""
 SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ──────────── 1 2 3 4 5 · ? help
┌─ 1 Dataset ──────────────────────────┐┌─ 2 Patient 10006 · F · 70 y · 1 admission ───────────────┐
│table            r┌─ Keys · 2 Patient · any key closes ───────────────────────┐ EMERGENCY → HOME …│
│PATIENTS          │ h ←     previous admission                                │                   │
│ADMISSIONS        │ l →     next admission                                    │1-01 · EMERGENCY →…│
│ICUSTAYS          │ /       search the admission's events                     │                   │
│… 4 more tables   │ n       next line that matches the search                 │                   │
│/ filter patients │ N       previous line that matches the search             │action due to othe…│
│  id     sex  age │ q       quit                                              │                   │
│▶ 10006  F     70 │ Esc     close help, search or zoom, else clear the filter │isease, unspecifie…│
│  10011  F     36 │ Tab     next pane                                         │                   │
│  10013  F     87 │ S-Tab   previous pane                                     │pecified           │
│  10017  F     73 │ 1       Dataset pane                                      │                   │
│  10019  M     48 │ 2       Patient pane                                      │                   │
│  10026  F    >89 │ 3       Task pane                                         │                   │
└──────────────────│ 4       Training pane                                     │─────────────1/340─┘
┌─ 3 Task · mortali│ 5       Codes pane                                        │Codes · All ───────┐
│task ◂ mortality ▸│ k ↑     move up                                           │arch codes     200+│
│not built yet     │ j ↓     move down                                         │PROC 38.93  Venous…│
│                  │ g Home  first row                                         │CM   401.9  Hypert…│
│                  │ G End   last row                                          │CM   427.31 Atrial…│
│                  │ PgUp    page up                                           │CM   584.9  Acute …│
│                  │ PgDn    page down                                         │CM   428.0  CHF NOS│
│                  │ z       zoom the pane to the whole screen, or back        │PROC 96.6   Entral…│
│                  │ c       chart characters: braille, blocks, ASCII          │PROC 38.93: Venous…│
│                  │ ?       show this help; j k PgUp PgDn scroll it           │ows of PROCEDURES_…│
│                  │                                                           │code systems:      │
│                  └───────────────────────────────────────────────────────────┘thealth medcode …  │
└─────────────────────────────────┘└──────────────────────────────────────┘└───────────────────────┘
 h ← previous admission · l → next admission · / search the admission's events · n next line that …
"""##
}
