extension SyntheticPatientGenerator {
    /// Drugs most inpatients get, whatever the reason for admission.
    static let commonDrugs: [(name: String, weight: Double)] = [
        ("0.9% Sodium Chloride", 3), ("Heparin", 2.5), ("Docusate Sodium", 2), ("Senna", 2), ("Acetaminophen", 2),
        ("Bisacodyl", 1), ("Ondansetron", 0.8), ("Potassium Chloride", 1.2), ("Magnesium Sulfate", 1), ("Pantoprazole", 1),
        ("Morphine Sulfate", 0.5), ("Lorazepam", 0.3), ("Pneumococcal Vac Polyvalent", 0.2), ("5% Dextrose", 0.5),
    ]

    /// Sedation and analgesia for a ventilated patient.
    static let ventilationDrugs: [(name: String, weight: Double)] = [("Propofol", 3), ("Fentanyl Citrate", 3), ("Midazolam", 1)]

    /// Lists 5 to 60 prescriptions, ordered by start date, drawn from the common drugs and those of the
    /// problem, the chronic conditions, ventilation and the ICU.
    func makePrescriptions(
        problem: AcuteProblem, context: Context, admitTime: Int64, dischargeTime: Int64, stays: [SyntheticICUStay],
        ventilated: Bool, random: inout SplitMix64
    ) -> [SyntheticPrescription] {
        var named = Self.commonDrugs + problem.profile.drugs
        for position in context.conditions { named += ChronicCondition.all[position].drugs }
        if ventilated { named += Self.ventilationDrugs }
        if !stays.isEmpty { named += [("Chlorhexidine Gluconate 0.12% Oral Rinse", 1), ("Famotidine", 0.5), ("Phenylephrine", 0.3)] }
        if context.gender == "M" && context.ageAtFirstAdmission > 60 { named.append(("Tamsulosin", 0.5)) }
        let options = named.map { (SyntheticCatalog.drugPosition($0.name), $0.weight) }

        let admitDay = CivilTime.floorDivide(admitTime, 86_400)
        let dischargeDay = CivilTime.floorDivide(dischargeTime, 86_400)
        let stayDays = Double(dischargeTime - admitTime) / 86_400
        let count = min(60, max(5, 4 + Int(stayDays * 2.2) + random.integer(in: 0...8)))

        var prescriptions: [SyntheticPrescription] = []
        for _ in 0..<count {
            let startDay = Int64(random.integer(in: Int(admitDay)...Int(dischargeDay)))
            let endDay = min(dischargeDay, startDay + Int64(random.integer(in: 0...3)))
            let stay = stays.first {
                CivilTime.floorDivide($0.inTime, 86_400) <= startDay && startDay <= CivilTime.floorDivide($0.outTime, 86_400)
            }
            prescriptions.append(SyntheticPrescription(
                drug: random.weighted(options), startDate: startDay * 86_400, endDate: endDay * 86_400, icustayID: stay?.icustayID))
        }
        // Stable order by start date: positions break ties.
        return prescriptions.enumerated()
            .sorted { ($0.element.startDate, $0.offset) < ($1.element.startDate, $1.offset) }
            .map(\.element)
    }

    /// Lists lab results: a draw soon after admission, then one each morning (every other morning after
    /// day 10) until discharge. Each draw has a chemistry panel and usually a blood count. Lactate, INR
    /// and bilirubin are drawn when the problem or a condition calls for them, and sometimes at random.
    ///
    /// Values centre on the item's mean plus the shifts of the chronic conditions, which persist, and of
    /// the acute problem, which fade as the patient recovers and grow when the patient is dying.
    func makeLabEvents(
        problem: AcuteProblem, context: Context, admitTime: Int64, dischargeTime: Int64, stayDays: Double, intensiveCare: Bool,
        died: Bool, random: inout SplitMix64
    ) -> [SyntheticLabEvent] {
        let items = SyntheticCatalog.labItems
        var chronicShift = [Double](repeating: 0, count: items.count)
        var problemShift = [Double](repeating: 0, count: items.count)
        for position in context.conditions {
            for (itemID, shift) in ChronicCondition.all[position].labShifts { chronicShift[SyntheticCatalog.labPosition(itemID)] += shift }
        }
        for (itemID, shift) in problem.profile.labShifts { problemShift[SyntheticCatalog.labPosition(itemID)] += shift }

        let position = SyntheticCatalog.labPosition
        let chemistry = [50983, 50971, 50882, 51006, 50912, 50931].map(position)
        let sodium = position(50983)
        let chloride = position(50902)
        let minerals = [position(50960), position(50893)]
        let bloodCount = [position(51301), position(51222), position(51265)]
        let hemoglobin = position(51222)
        let hematocrit = position(51221)
        let coagulationRelevant = context.has("atrial fibrillation") || context.has("cirrhosis")
            || problem == .liverFailure || problem == .pulmonaryEmbolism
        let liverRelevant = context.has("cirrhosis") || problem == .liverFailure

        var events: [SyntheticLabEvent] = []
        var day = 0
        let admitDay = CivilTime.floorDivide(admitTime, 86_400)
        while true {
            let drawTime = day == 0
                ? admitTime + Int64(random.integer(in: 20...180)) * 60
                : (admitDay + Int64(day)) * 86_400 + Int64(random.integer(in: 240...419)) * 60
            guard drawTime < dischargeTime else { break }
            defer { day += 1 }
            if day > 10 && day % 2 == 1 { continue }

            let recovery = died ? min(2, 1 + 0.1 * Double(day)) : max(0, 1 - Double(day) / (0.6 * stayDays + 1))
            var drawn: [Int: Double] = [:]
            func draw(_ item: Int, around center: Double? = nil, spread: Double? = nil) {
                let spec = items[item]
                let mean = center ?? (spec.mean + chronicShift[item] + problemShift[item] * recovery)
                let value = max(spec.minimum, mean + (spread ?? spec.spread) * random.standardNormal())
                let rounded = roundedValue(value, places: spec.places)
                drawn[item] = rounded
                events.append(SyntheticLabEvent(item: item, chartTime: drawTime, value: rounded))
            }

            for item in chemistry { draw(item) }
            // Chloride follows sodium, about 35 mEq/L lower.
            draw(chloride, around: drawn[sodium]! - 35 + chronicShift[chloride] + problemShift[chloride] * recovery, spread: 2)
            if random.chance(0.8) { for item in minerals { draw(item) } }
            if random.chance(0.9) {
                for item in bloodCount { draw(item) }
                // Hematocrit is about three times hemoglobin.
                draw(hematocrit, around: drawn[hemoglobin]! * 3, spread: 1)
            }
            if (problem == .sepsis || intensiveCare) && day < 3 || random.chance(0.1) { draw(position(50813)) }
            if coagulationRelevant || (day == 0 && random.chance(0.4)) { draw(position(51237)) }
            if liverRelevant || (day == 0 && random.chance(0.25)) { draw(position(50885)) }
        }
        return events
    }
}
