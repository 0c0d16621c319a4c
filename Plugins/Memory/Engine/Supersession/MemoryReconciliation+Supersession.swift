extension MemoryReconciliation {
    /// `decisions` completed with what the facts make stale (``Supersession``) among the offered
    /// memories the decisions neither update nor delete: a memory wholly replaced by a fact is
    /// updated to it, in place of the fact's ADD (the history then shows the old value became the
    /// new one), or deleted when another decision keeps the fact already; one replaced in part
    /// keeps its other clauses and the facts are added. A memory's clauses are judged against all
    /// the facts at once ("I work at the bank, I drive a Honda" against "I left the bank" and "I
    /// sold the Honda" is wholly stale).
    func superseding(_ decisions: [MemoryDecision]) -> [MemoryDecision] {
        var decisions = decisions
        let changed = Set(decisions.filter { $0.event == .update || $0.event == .delete }.compactMap(\.memoryID))
        func keeps(_ fact: ExtractedFact) -> (MemoryDecision) -> Bool {
            let key = MemoryText.normalized(fact.text)
            return { ($0.event == .add || $0.event == .update) && $0.text.map(MemoryText.normalized) == key }
        }
        func keep(_ fact: ExtractedFact) {
            guard !decisions.contains(where: keeps(fact)) else { return }
            decisions.append(MemoryDecision(event: .add, memoryID: nil, text: fact.text, type: fact.type))
        }
        for memory in existing where !changed.contains(memory.id) {
            guard let (supersession, superseding) = Supersession.of(memory.text, by: facts.map(\.text)) else { continue }
            let replacing = superseding.map { facts[$0] }
            switch supersession {
            case .whole:
                let first = replacing[0]
                let update = MemoryDecision(event: .update, memoryID: memory.id, text: first.text, type: first.type)
                if let add = decisions.firstIndex(where: { $0.event == .add && keeps(first)($0) }) {
                    decisions[add] = update
                } else {
                    decisions.append(decisions.contains(where: keeps(first)) ? MemoryDecision(event: .delete, memoryID: memory.id, text: nil, type: .fact) : update)
                }
            case .partial(let remaining):
                decisions.append(MemoryDecision(event: .update, memoryID: memory.id, text: remaining, type: .fact))
            }
            replacing.forEach(keep)
        }
        return decisions
    }
}
