-- Sessions already finalized that closed at or after :since (the finalizer's look-back).
SELECT market, session_date FROM session_finalized WHERE closed_at >= :#since
