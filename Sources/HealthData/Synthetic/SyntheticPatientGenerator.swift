/// Generates synthetic patients one at a time, following the rules in `SyntheticClinicalModel.swift`.
///
/// Each patient draws from its own generator, so one patient's content does not depend on how many
/// draws another needed. Identifiers (`subject_id`, `hadm_id`, `icustay_id`) keep increasing across
/// patients, with random steps, as MIMIC-III's do.
struct SyntheticPatientGenerator {
    private var lastSubjectID: Int64 = 10_000
    private var lastHadmID: Int64 = 100_000
    private var lastICUStayID: Int64 = 200_000

    /// Patient attributes that every admission shares.
    struct Context {
        var gender: String
        /// Age in whole years at the first admission, 18...89.
        var ageAtFirstAdmission: Int
        /// `(age - 18) / 72` at the first admission, 0...1.
        var ageFraction: Double
        /// Frailty in 0...1. Frail patients have more conditions, die more often and come back sooner.
        var frailty: Double
        /// Positions in `ChronicCondition.all`, in that order.
        var conditions: [Int]
        var insurance: String
        var language: String
        var religion: String
        var maritalStatus: String
        var ethnicity: String
        var databaseSource: String

        func has(_ name: String) -> Bool {
            conditions.contains { ChronicCondition.all[$0].name == name }
        }
    }

    mutating func makePatient(random: inout SplitMix64) -> SyntheticPatient {
        lastSubjectID += Int64(random.integer(in: 1...25))
        let context = makeContext(random: &random)

        // Later admissions must come before the 90th birthday, so the span of admissions is limited.
        let firstAdmit = CivilTime.seconds(year: 2100 + random.integer(in: 0...80), month: 1, day: 1)
            + Int64(random.integer(in: 0...364)) * 86_400 + Int64(random.integer(in: 0...1439)) * 60
        let latestAdmit = firstAdmit + Int64(89 - context.ageAtFirstAdmission) * 365 * 86_400
        var plannedCount = random.weighted([(1, 35.0), (2, 25), (3, 17), (4, 11), (5, 7), (6, 5)])
        if context.frailty > 0.5, random.chance(0.4) { plannedCount = min(6, plannedCount + 1) }

        var admissions: [SyntheticAdmission] = []
        var admitTime = firstAdmit
        var previousProblem: AcuteProblem?
        while admissions.count < plannedCount {
            let problem = chooseProblem(context: context, previous: previousProblem, random: &random)
            lastHadmID += Int64(random.integer(in: 1...120))
            let admission = makeAdmission(problem: problem, admitTime: admitTime, context: context, random: &random)
            admissions.append(admission)
            previousProblem = problem
            if admission.died { break }

            let gap = readmissionGap(problem: problem, admission: admission, context: context, random: &random)
            guard admission.dischargeTime + gap <= latestAdmit else { break }
            admitTime = admission.dischargeTime + gap
        }

        // The age at the first admission is exact: the birthday fell 1 to 364 days before it.
        let firstDate = CivilTime.date(ofSeconds: firstAdmit)
        let birthTime = CivilTime.seconds(
            year: firstDate.year - context.ageAtFirstAdmission, month: firstDate.month, day: firstDate.day)
            - Int64(random.integer(in: 1...364)) * 86_400

        let last = admissions[admissions.count - 1]
        var deathDate: Int64?
        if last.died {
            deathDate = CivilTime.floorDivide(last.dischargeTime, 86_400) * 86_400
        } else if random.chance(0.15 + 0.35 * context.frailty + 0.2 * context.ageFraction) {
            deathDate = (CivilTime.floorDivide(last.dischargeTime, 86_400) + Int64(random.integer(in: 30...1500))) * 86_400
        }
        return SyntheticPatient(
            subjectID: lastSubjectID, gender: context.gender, birthTime: birthTime, deathDate: deathDate, diedInHospital: last.died,
            deathInSocialSecurityRecords: !last.died || random.chance(0.7), admissions: admissions)
    }

    private func makeContext(random: inout SplitMix64) -> Context {
        let gender = random.chance(0.44) ? "F" : "M"
        // The larger of two uniforms skews ages towards the elderly, as in an ICU population.
        let age = 18 + Int(71.999 * max(random.nextUnit(), random.nextUnit()))
        let ageFraction = Double(age - 18) / 72
        // A product of two uniforms, so most patients are robust and a few are very frail.
        let frailty = random.nextUnit() * random.nextUnit()
        var conditions: [Int] = []
        for (position, condition) in ChronicCondition.all.enumerated() {
            if condition.femaleOnly && gender != "F" { continue }
            if random.chance(condition.prevalence(ageFraction: ageFraction, frailty: frailty)) { conditions.append(position) }
        }

        let insurance = age >= 65
            ? random.weighted([("Medicare", 80.0), ("Private", 15), ("Medicaid", 5)])
            : random.weighted([("Private", 55.0), ("Medicaid", 25), ("Medicare", 12), ("Government", 5), ("Self Pay", 3)])
        return Context(
            gender: gender, ageAtFirstAdmission: age, ageFraction: ageFraction, frailty: frailty, conditions: conditions,
            insurance: insurance,
            language: random.weighted([("ENGL", 70.0), ("", 20), ("SPAN", 6), ("PORT", 2), ("RUSS", 2)]),
            religion: random.weighted([
                ("CATHOLIC", 35.0), ("NOT SPECIFIED", 20), ("PROTESTANT QUAKER", 14), ("JEWISH", 9), ("UNOBTAINABLE", 8),
                ("OTHER", 6), ("", 8),
            ]),
            maritalStatus: random.weighted([("MARRIED", 45.0), ("SINGLE", 25), ("WIDOWED", 15), ("DIVORCED", 7), ("SEPARATED", 2), ("", 6)]),
            ethnicity: random.weighted([
                ("WHITE", 70.0), ("BLACK/AFRICAN AMERICAN", 9), ("HISPANIC OR LATINO", 4), ("ASIAN", 3), ("UNKNOWN/NOT SPECIFIED", 10),
                ("OTHER", 4),
            ]),
            databaseSource: random.chance(0.55) ? "carevue" : "metavision")
    }

    /// Picks the reason for an admission: often the previous one again, otherwise by weight, with the
    /// patient's chronic conditions making their typical problems more likely.
    private func chooseProblem(context: Context, previous: AcuteProblem?, random: inout SplitMix64) -> AcuteProblem {
        if let previous, random.chance(0.5) { return previous }
        var options = AcuteProblem.allCases.map { ($0, $0.profile.weight) }
        for position in context.conditions {
            for (problem, weight) in ChronicCondition.all[position].typicalProblems { options[problem.rawValue].1 += weight }
        }
        return random.weighted(options)
    }

    private mutating func makeAdmission(
        problem: AcuteProblem, admitTime: Int64, context: Context, random: inout SplitMix64
    ) -> SyntheticAdmission {
        let profile = problem.profile
        let admissionType = problem == .bypassSurgery
            ? (random.chance(0.85) ? "ELECTIVE" : "URGENT")
            : random.weighted([("EMERGENCY", 88.0), ("URGENT", 8), ("ELECTIVE", 4)])
        let admissionLocation: String
        switch admissionType {
        case "ELECTIVE":
            admissionLocation = "PHYS REFERRAL/NORMAL DELI"
        case "URGENT":
            admissionLocation = random.chance(0.7) ? "TRANSFER FROM HOSP/EXTRAM" : "PHYS REFERRAL/NORMAL DELI"
        default:
            admissionLocation = random.weighted([
                ("EMERGENCY ROOM ADMIT", 70.0), ("TRANSFER FROM HOSP/EXTRAM", 20), ("CLINIC REFERRAL/PREMATURE", 7),
                ("TRANSFER FROM SKILLED NUR", 3),
            ])
        }
        var registration: Int64?
        var departure: Int64?
        if admissionLocation == "EMERGENCY ROOM ADMIT" {
            registration = admitTime - Int64(random.integer(in: 60...480)) * 60
            departure = admitTime + Int64(random.integer(in: 0...90)) * 60
        }

        let diagnoses = makeDiagnoses(profile: profile, context: context, random: &random)
        let died = random.chance(deathProbability(diagnoses: diagnoses, context: context))
        let dischargeTime = admitTime + stayMinutes(profile: profile, died: died, random: &random) * 60
        let stays = makeICUStays(
            profile: profile, admitTime: admitTime, dischargeTime: dischargeTime, died: died, context: context, random: &random)

        var ventilationHours: Double?
        if let first = stays.first, random.chance(profile.ventilationProbability) {
            let hours = Double(first.outTime - first.inTime) / 3600 * random.uniform(in: 0.3...0.9)
            ventilationHours = problem == .bypassSurgery ? min(hours, random.uniform(in: 4...20)) : hours
        }
        let procedures = makeProcedures(profile: profile, intensiveCare: !stays.isEmpty, ventilationHours: ventilationHours, random: &random)

        let dischargeLocation = died ? "DEAD/EXPIRED" : random.weighted([
            ("HOME", 40 * (1 - context.frailty)), ("HOME HEALTH CARE", 25), ("SNF", 12 + 30 * context.frailty),
            ("REHAB/DISTINCT PART HOSP", 8), ("LONG TERM CARE HOSPITAL", 3 + 5 * context.frailty),
            ("HOSPICE-HOME", context.has("lung cancer") ? 7 : 1),
        ])

        let stayDays = Double(dischargeTime - admitTime) / 86_400
        let prescriptions = makePrescriptions(
            problem: problem, context: context, admitTime: admitTime, dischargeTime: dischargeTime, stays: stays,
            ventilated: ventilationHours != nil, random: &random)
        let labs = makeLabEvents(
            problem: problem, context: context, admitTime: admitTime, dischargeTime: dischargeTime, stayDays: stayDays,
            intensiveCare: !stays.isEmpty, died: died, random: &random)

        return SyntheticAdmission(
            hadmID: lastHadmID, admitTime: admitTime, dischargeTime: dischargeTime, died: died, admissionType: admissionType,
            admissionLocation: admissionLocation, dischargeLocation: dischargeLocation, insurance: context.insurance,
            language: context.language, religion: context.religion, maritalStatus: context.maritalStatus, ethnicity: context.ethnicity,
            emergencyRegistrationTime: registration, emergencyDepartureTime: departure, admissionDiagnosis: profile.admissionDiagnosis,
            intensiveCareStays: stays, diagnoses: diagnoses, procedures: procedures, prescriptions: prescriptions, labEvents: labs)
    }

    /// Lists 3 to 15 distinct diagnosis codes: the problem's first, then chronic conditions, frailty codes and fillers.
    private func makeDiagnoses(profile: ProblemProfile, context: Context, random: inout SplitMix64) -> [String] {
        var codes: [String] = []
        func add(_ code: String) {
            // Hypertensive kidney disease (40390) replaces essential hypertension (4019) in ICD-9-CM.
            if code == "4019" && codes.contains("40390") { return }
            if codes.count < 15 && !codes.contains(code) { codes.append(code) }
        }
        func apply(_ rule: CodeRule) {
            for group in rule.required { add(random.element(of: group)) }
            for (code, probability) in rule.optional where random.chance(probability) { add(code) }
        }

        apply(profile.diagnoses)
        for position in context.conditions { apply(ChronicCondition.all[position].diagnoses) }
        for (code, threshold, probability) in SyntheticRisk.frailtyCodes {
            if random.chance(context.frailty >= threshold ? probability : 0.03) { add(code) }
        }
        while codes.count < 3 { add(random.element(of: SyntheticRisk.fillerCodes)) }
        return codes
    }

    /// Returns the probability of dying in an admission with `diagnoses`: mostly from frailty (up to 0.55),
    /// plus the risks of the codes and the chronic conditions, at most 0.85.
    private func deathProbability(diagnoses: [String], context: Context) -> Double {
        var probability = 0.01 * context.ageFraction + 0.55 * context.frailty * context.frailty
        for code in diagnoses { probability += SyntheticRisk.deathRiskByCode[code] ?? 0 }
        for position in context.conditions { probability += ChronicCondition.all[position].deathRisk }
        return min(probability, 0.85)
    }

    /// Length of stay in minutes: a few stays under a day, most spread around the problem's typical stay,
    /// with a long tail. A death usually ends the stay early.
    private func stayMinutes(profile: ProblemProfile, died: Bool, random: inout SplitMix64) -> Int64 {
        var minutes: Int
        if random.chance(0.06) {
            minutes = random.integer(in: 240...1380)
        } else {
            let u = random.nextUnit()
            let days = profile.typicalStayDays * (0.3 + u + u * u * u)
            minutes = Int(days * 1440) + random.integer(in: 0...600)
        }
        if died { minutes = max(180, Int(Double(minutes) * random.uniform(in: 0.15...1))) }
        return Int64(minutes)
    }

    private mutating func makeICUStays(
        profile: ProblemProfile, admitTime: Int64, dischargeTime: Int64, died: Bool, context: Context, random: inout SplitMix64
    ) -> [SyntheticICUStay] {
        guard random.chance(died ? max(profile.intensiveCareProbability, 0.6) : profile.intensiveCareProbability) else { return [] }
        var inTime = admitTime + Int64(random.integer(in: 10...360) * 60 + random.integer(in: 0...59))
        if inTime >= dischargeTime - 3600 { inTime = admitTime + 60 }
        let outTime = died ? dischargeTime : inTime + Int64(Double(dischargeTime - inTime) * random.uniform(in: 0.3...0.85))
        lastICUStayID += Int64(random.integer(in: 1...120))
        let ward = random.element(of: [7, 12, 14, 15, 23, 33, 50, 52, 57])
        var stays = [SyntheticICUStay(
            icustayID: lastICUStayID, databaseSource: context.databaseSource, careUnit: profile.careUnit, wardID: ward,
            inTime: inTime, outTime: outTime)]

        // A few patients go back to the ICU after a day or more on the ward.
        let secondIn = outTime + Int64(random.integer(in: 1...3)) * 86_400
        if !died, outTime - inTime > 6 * 86_400, secondIn < dischargeTime - 86_400, random.chance(0.1) {
            let secondOut = secondIn + Int64(Double(dischargeTime - secondIn) * random.uniform(in: 0.3...0.8))
            lastICUStayID += Int64(random.integer(in: 1...120))
            stays.append(SyntheticICUStay(
                icustayID: lastICUStayID, databaseSource: context.databaseSource, careUnit: profile.careUnit, wardID: ward,
                inTime: secondIn, outTime: secondOut))
        }
        return stays
    }

    /// Lists 0 to 5 distinct procedure codes: lines and ventilation in the ICU, then the problem's own.
    private func makeProcedures(
        profile: ProblemProfile, intensiveCare: Bool, ventilationHours: Double?, random: inout SplitMix64
    ) -> [String] {
        var codes: [String] = []
        func add(_ code: String) {
            if codes.count < 5 && !codes.contains(code) { codes.append(code) }
        }

        if intensiveCare && random.chance(0.65) { add("3893") }
        if let hours = ventilationHours {
            if random.chance(0.7) { add("9604") }
            add(hours < 96 ? "9671" : "9672")
        }
        for group in profile.procedures.required { add(random.element(of: group)) }
        for (code, probability) in profile.procedures.optional where random.chance(probability) { add(code) }
        if !intensiveCare && random.chance(0.15) { add("3893") }
        if random.chance(0.08) { add("8872") }
        return codes
    }

    /// Time from discharge to the next admission, in seconds. Heart failure, cirrhosis, frailty and
    /// discharge to a nursing facility make a gap under 15 days (a readmission) more likely.
    private func readmissionGap(
        problem: AcuteProblem, admission: SyntheticAdmission, context: Context, random: inout SplitMix64
    ) -> Int64 {
        var early = problem.profile.readmissionRisk + 0.65 * context.frailty
        for position in context.conditions { early += ChronicCondition.all[position].readmissionRisk }
        if admission.dischargeLocation == "SNF" { early += 0.05 }

        let minutes: Int
        if random.chance(min(early, 0.7)) {
            minutes = random.integer(in: 12 * 60...(14 * 1440 + 600))
        } else if random.chance(0.6) {
            minutes = random.integer(in: 15 * 1440...180 * 1440)
        } else {
            minutes = random.integer(in: 180 * 1440...900 * 1440)
        }
        return Int64(minutes) * 60
    }
}
