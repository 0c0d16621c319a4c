-- The full-text channel ranks chunks in the in-memory BM25 term index (SkillHubTermIndex), loaded
-- from each chunk's `lexemes`; no query matches `lexemes` in PostgreSQL any more (`@@`), so its GIN
-- index only made every ingested chunk dearer to write.

DROP INDEX IF EXISTS knowledge_chunks_lexemes_idx;
