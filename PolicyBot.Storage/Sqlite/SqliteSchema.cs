namespace PolicyBot.Storage.Sqlite;

/// <summary>
/// The tables of the embedded store. Every record that is read, changed and written back carries an <c>etag</c>
/// (a fresh value on each write) that the update's WHERE clause checks. Times used in queries are Unix milliseconds.
/// </summary>
internal static class SqliteSchema
{
    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS state (
            key TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            etag TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS processed_activities (
            key TEXT PRIMARY KEY,
            expires_at INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS conversation_references (
            user_id TEXT PRIMARY KEY,
            data TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS approval_requests (
            id TEXT PRIMARY KEY,
            requester_id TEXT NOT NULL,
            current_approver_id TEXT,
            status TEXT NOT NULL,
            closure_date TEXT,
            created_at INTEGER NOT NULL,
            data TEXT NOT NULL,
            etag TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS approval_requests_by_requester ON approval_requests (requester_id);
        CREATE INDEX IF NOT EXISTS approval_requests_by_approver ON approval_requests (current_approver_id);
        CREATE INDEX IF NOT EXISTS approval_requests_by_status ON approval_requests (status, closure_date);

        CREATE TABLE IF NOT EXISTS approval_decisions (
            request_id TEXT NOT NULL REFERENCES approval_requests (id),
            idempotency_key TEXT NOT NULL,
            decided_at INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (request_id, idempotency_key));
        CREATE TRIGGER IF NOT EXISTS approval_decisions_no_update BEFORE UPDATE ON approval_decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS approval_decisions_no_delete BEFORE DELETE ON approval_decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

        CREATE TABLE IF NOT EXISTS outbox (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL,
            pending INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            data TEXT NOT NULL,
            etag TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS outbox_due ON outbox (pending, next_attempt_at);
        CREATE INDEX IF NOT EXISTS outbox_by_request ON outbox (request_id);

        CREATE TABLE IF NOT EXISTS feedback (
            id TEXT PRIMARY KEY,
            at INTEGER NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (at);

        CREATE TABLE IF NOT EXISTS leases (
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            expires_at INTEGER NOT NULL);
        """;
}
