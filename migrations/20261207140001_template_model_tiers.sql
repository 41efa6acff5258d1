-- Draft → final promotion: each template names a draft and a final model per provider
-- (a JSON array of {provider, draft_model, final_model}).
ALTER TABLE templates ADD COLUMN model_tiers_json TEXT NOT NULL DEFAULT '[]';
