"""How far any fusion of the two channels could get on a labelled set, from the per-query figures.

Fusion reorders the documents the full-text and vector channels found. The most it can be expected
to do for a query is as well as the better of its two inputs; choosing that channel for every query
(an oracle no fusion has) gives the ceiling below. Beating it means ranking better than both inputs.

Part of search_eval.py; Python 3.11 standard library only.
"""
import statistics

PERFECT = 1 - 1e-9  # an nDCG@10 this high is 1.0 (the division's rounding)


def ceiling(per_mode, queries, groups, target=0.05):
    """Per group of queries ("all", then languages): the better single channel (by mean nDCG@10),
    the per-query best of fulltext and vector and the per-query best of every setting run, each
    with its relative gain over the better channel, the queries each channel already answers
    perfectly, and the nDCG points (summed over queries) the target needs against what the
    better channel leaves and what the per-query choice recovers."""
    report = {}
    for group in groups:
        members = [q["id"] for q in queries if group == "all" or q["lang"] == group]
        mean = lambda mode: statistics.fmean(per_mode[mode][q]["ndcg"] for q in members)
        better = max(("fulltext", "vector"), key=mean)
        better_ndcg = mean(better)
        best_single = [max(per_mode["fulltext"][q]["ndcg"], per_mode["vector"][q]["ndcg"]) for q in members]
        best_any = [max(per_mode[mode][q]["ndcg"] for mode in per_mode) for q in members]
        gain = lambda value: round((value - better_ndcg) / better_ndcg, 4) if better_ndcg else None
        report[group] = {
            "queries": len(members),
            "better_single": better,
            "better_single_ndcg@10": round(better_ndcg, 4),
            "target_ndcg@10": round(better_ndcg * (1 + target), 4),
            "per_query_best_single_ndcg@10": round(statistics.fmean(best_single), 4),
            "per_query_best_single_gain": gain(statistics.fmean(best_single)),
            "per_query_best_of_all_settings_ndcg@10": round(statistics.fmean(best_any), 4),
            "per_query_best_of_all_settings_gain": gain(statistics.fmean(best_any)),
            "perfect_queries": {mode: sum(per_mode[mode][q]["ndcg"] >= PERFECT for q in members) for mode in ("fulltext", "vector")},
            "points_needed": round(better_ndcg * target * len(members), 2),
            "points_left_by_better_single": round(sum(1 - per_mode[better][q]["ndcg"] for q in members), 2),
            "points_recovered_by_per_query_best_single": round(sum(best_single) - better_ndcg * len(members), 2),
        }
    return report


def lines(report, target=0.05):
    """The ceiling as printed lines."""
    out = []
    for group, c in report.items():
        out.append(
            f"  {group} ({c['queries']} queries): {c['better_single']} {c['better_single_ndcg@10']:.4f}, target {c['target_ndcg@10']:.4f}; "
            f"per-query best of fulltext/vector {c['per_query_best_single_ndcg@10']:.4f} ({c['per_query_best_single_gain'] * 100:+.2f}%), "
            f"of every setting run {c['per_query_best_of_all_settings_ndcg@10']:.4f} ({c['per_query_best_of_all_settings_gain'] * 100:+.2f}%); "
            f"perfect already: vector {c['perfect_queries']['vector']}, fulltext {c['perfect_queries']['fulltext']}; "
            f"+{target * 100:.0f}% needs {c['points_needed']:.2f} nDCG points of the {c['points_left_by_better_single']:.2f} "
            f"{c['better_single']} leaves, choosing the better channel per query recovers {c['points_recovered_by_per_query_best_single']:.2f}"
        )
    return out
