extension MemoryReconciliation {
    /// `decisions` completed with what the facts make stale (``Supersession``) among the offered
    /// memories the decisions neither update nor delete: a memory wholly replaced by a fact is
    /// updated to it, in place of the fact's ADD (the history then shows the old value became the
    /// new one), or deleted when another decision keeps the fact already; one replaced in part
    /// keeps its other clauses and the fact is added.
    func superseding(_ decisions: [MemoryDecision]) -> [MemoryDecision] {
        var decisions = decisions
        var changed = Set(decisions.filter { $0.event == .update || $0.event == .delete }.compactMap(\.memoryID))
        for fact in facts {
            let key = MemoryText.normalized(fact.text)
            let keeps = { (decision: MemoryDecision) in
                (decision.event == .add || decision.event == .update) && decision.text.map(MemoryText.normalized) == key
            }
            var kept = decisions.contains(where: keeps)
            for memory in existing where !changed.contains(memory.id) {
                guard let supersession = Supersession.of(memory.text, by: fact.text) else { continue }
                changed.insert(memory.id)
                switch supersession {
                case .whole:
                    let update = MemoryDecision(event: .update, memoryID: memory.id, text: fact.text, type: fact.type)
                    if let add = decisions.firstIndex(where: { $0.event == .add && keeps($0) }) {
                        decisions[add] = update
                    } else {
                        decisions.append(kept ? MemoryDecision(event: .delete, memoryID: memory.id, text: nil, type: .fact) : update)
                    }
                    kept = true
                case .partial(let remaining):
                    decisions.append(MemoryDecision(event: .update, memoryID: memory.id, text: remaining, type: .fact))
                    if !kept { decisions.append(MemoryDecision(event: .add, memoryID: nil, text: fact.text, type: fact.type)) }
                    kept = true
                }
            }
        }
        return decisions
    }
}
