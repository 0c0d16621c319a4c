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
        of(memory, by: [fact])?.supersession
    }

    /// What `facts` together do to `memory` — a clause is stale when any of them makes it so —
    /// and the indices of the facts that made something stale; nil when they leave it as it is.
    public static func of(_ memory: String, by facts: [String]) -> (supersession: Supersession, by: [Int])? {
        let clauses = FactClauses.clauses(memory)
        var stale = Set<Int>()
        var superseding: [Int] = []
        for (index, fact) in facts.enumerated() {
            let made = staleClauses(clauses, by: fact)
            if !made.isEmpty { superseding.append(index) }
            stale.formUnion(made)
        }
        guard !superseding.isEmpty else { return nil }
        let kept = clauses.indices.filter { !stale.contains($0) }.map { clauses[$0] }
        return (FactClauses.joined(kept).map { .partial(remaining: $0) } ?? .whole, superseding)
    }

    /// The indices of the clauses `fact` makes stale.
    private static func staleClauses(_ clauses: [String], by fact: String) -> Set<Int> {
        let factClauses = FactClauses.clauses(fact)
        let newValues = factClauses.map(PersonalSlot.values).reduce(into: [PersonalSlot: String]()) { $0.merge($1) { first, _ in first } }
        let stopped = factClauses.compactMap(Cessation.objects).reduce(into: Set<String>()) { $0.formUnion($1) }
        guard !newValues.isEmpty || !stopped.isEmpty else { return [] }
        return Set(clauses.indices.filter { index in
            let replaced = PersonalSlot.values(in: clauses[index]).contains { slot, value in newValues[slot].map { $0 != value } ?? false }
            let ended = !stopped.isEmpty && ClauseSubject.isUser(clause: clauses[index]) && Cessation.names(stopped, in: clauses[index])
            return replaced || ended
        })
    }
}
