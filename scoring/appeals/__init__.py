"""Appeals: evidence store, resumable uploads, jury review and decisions that correct scores."""
