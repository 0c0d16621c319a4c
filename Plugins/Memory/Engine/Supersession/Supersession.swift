/// What a new fact of the user's does to an existing memory when it makes part of it stale: a
/// backstop under the model's reconciliation, because small models never answer UPDATE or DELETE
/// (SmolLM2-135M did not once in 54 sessions) and a memory that says the user lives in Paris after
/// they said they moved to Berlin is worse than none. Only two kinds of statement count, both
/// about the user (not about someone they mention), in English and Chinese:
/// - a single-valued fact with a new value (``PersonalSlot``: where they live, their occupation,
///   their workplace): "I live in Berlin now" against "Lives in Paris";
/// - something they stopped (``Cessation``) that an earlier clause names: "I quit coffee" against
///   "Drinks four cups of coffee a day".
/// Whatever else the model decided stands; this only turns a new fact's ADD into the UPDATE of
/// the memory it replaces.
public enum Supersession: Equatable, Sendable {
    /// Every clause of the memory is stale: the new fact replaces it.
    case whole
    /// Some clauses are stale: the memory keeps the others (this text), the new fact is added.
    case partial(remaining: String)

    /// What `fact` does to `memory`; nil when it leaves it as it is.
    public static func of(_ memory: String, by fact: String) -> Supersession? {
        let factClauses = FactClauses.clauses(fact)
        let newValues = factClauses.map(PersonalSlot.values).reduce(into: [PersonalSlot: String]()) { $0.merge($1) { first, _ in first } }
        let stopped = factClauses.compactMap(Cessation.objects).reduce(into: Set<String>()) { $0.formUnion($1) }
        guard !newValues.isEmpty || !stopped.isEmpty else { return nil }
        let clauses = FactClauses.clauses(memory)
        let kept = clauses.filter { clause in
            let oldValues = PersonalSlot.values(in: clause)
            let replaced = oldValues.contains { slot, value in newValues[slot].map { $0 != value } ?? false }
            let ended = !stopped.isEmpty && ClauseSubject.isUser(clause: clause) && Cessation.names(stopped, in: clause)
            return !replaced && !ended
        }
        if kept.count == clauses.count { return nil }
        return FactClauses.joined(kept).map { .partial(remaining: $0) } ?? .whole
    }
}
