import GRDB

/// The index's migrations. A shipped migration is never edited: changes come as new, named ones.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE document (
                        id TEXT PRIMARY KEY NOT NULL,               -- Teamleader id, never the number
                        kind TEXT NOT NULL,                         -- invoice | creditNote
                        department_id TEXT NOT NULL,
                        company TEXT NOT NULL,                      -- the Outbox/<Company> folder
                        number TEXT NOT NULL,                       -- as Teamleader prints it: 2026 / 42
                        number_key TEXT NOT NULL,                   -- normalised for lookups: 2026/42
                        document_date TEXT NOT NULL,                -- yyyy-mm-dd
                        customer TEXT NOT NULL,
                        payment_reference TEXT,                     -- the structured communication, 12 digits
                        currency TEXT NOT NULL,
                        total TEXT NOT NULL,                        -- decimal text, tax included
                        remote_status TEXT NOT NULL,
                        remote_updated_at TEXT,
                        remote_due TEXT,
                        remote_paid INTEGER NOT NULL DEFAULT 0,
                        remote_sent INTEGER NOT NULL DEFAULT 0,
                        fingerprint TEXT NOT NULL,
                        state TEXT NOT NULL,                        -- pending | mirrored | conflict
                        changed_after_sending INTEGER NOT NULL DEFAULT 0,
                        deleted_in_teamleader INTEGER NOT NULL DEFAULT 0,
                        revision INTEGER NOT NULL DEFAULT 1,
                        source TEXT NOT NULL DEFAULT 'link',        -- link | manual
                        first_seen_at TEXT NOT NULL,
                        mirrored_at TEXT
                    );
                    CREATE INDEX document_number ON document(number_key);
                    CREATE INDEX document_reference ON document(payment_reference);
                    CREATE INDEX document_company_state ON document(company, state);
                    CREATE INDEX document_changed ON document(changed_after_sending) WHERE changed_after_sending = 1;

                    CREATE TABLE document_file (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                        revision INTEGER NOT NULL,
                        format TEXT NOT NULL,
                        path TEXT NOT NULL,                         -- relative to the root
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        state TEXT NOT NULL,                        -- pending | published | deleted | superseded | archived
                        archive TEXT,
                        member TEXT,
                        created_at TEXT NOT NULL,
                        published_at TEXT,
                        gone_at TEXT
                    );
                    CREATE INDEX document_file_document ON document_file(document_id);
                    CREATE INDEX document_file_state ON document_file(state);
                    CREATE UNIQUE INDEX document_file_live_path ON document_file(path) WHERE state IN ('pending', 'published');

                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        document_id TEXT REFERENCES document(id) ON DELETE CASCADE,
                        at TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        detail TEXT
                    );
                    CREATE INDEX event_document ON event(document_id, id);

                    CREATE TABLE sync_cursor (
                        department_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        updated_since TEXT,
                        last_full_sweep_at TEXT,
                        PRIMARY KEY (department_id, kind)
                    );

                    CREATE TABLE agent_state (
                        key TEXT PRIMARY KEY NOT NULL,              -- link.state, link.detail, link.checked_at, …
                        value TEXT NOT NULL
                    );

                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        command TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT,
                        exit_code INTEGER,
                        summary TEXT
                    );

                    CREATE TABLE inbox_file (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        sha256 TEXT NOT NULL,
                        name TEXT NOT NULL,
                        company TEXT,                               -- set when dropped in Inbox/<Company>/
                        size INTEGER NOT NULL,
                        format TEXT,
                        state TEXT NOT NULL,                        -- applied | duplicate | rejected | done
                        received_at TEXT NOT NULL,
                        final_path TEXT,
                        report TEXT
                    );
                    CREATE INDEX inbox_file_sha ON inbox_file(sha256);

                    CREATE TABLE inbox_observation (
                        path TEXT PRIMARY KEY NOT NULL,
                        size INTEGER NOT NULL,
                        mtime REAL NOT NULL,
                        changed_at TEXT NOT NULL                    -- when we last saw size or mtime move
                    );

                    CREATE TABLE payment (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        document_id TEXT NOT NULL REFERENCES document(id),
                        inbox_file_id INTEGER REFERENCES inbox_file(id),
                        line INTEGER,
                        amount TEXT,                                -- NULL: the open amount at push time
                        currency TEXT,
                        paid_at TEXT NOT NULL,
                        state TEXT NOT NULL,                        -- queued | registered | already_paid | failed
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        created_at TEXT NOT NULL,
                        done_at TEXT
                    );
                    CREATE INDEX payment_state ON payment(state);
                    CREATE INDEX payment_document ON payment(document_id);
                    """)
        }
        migrator.registerMigration("v2-archives") { db in
            try db.execute(
                sql: """
                    CREATE TABLE archive_member (
                        archive TEXT NOT NULL,                      -- the archive, relative to the root
                        member TEXT NOT NULL,                       -- its path inside the archive
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        kind TEXT NOT NULL,                         -- document | superseded | inbox
                        document_file_id INTEGER REFERENCES document_file(id),
                        archived_at TEXT NOT NULL,
                        PRIMARY KEY (archive, member)
                    );
                    CREATE INDEX archive_member_file ON archive_member(document_file_id);
                    """)
        }
        migrator.registerMigration("v3-review") { db in
            try db.execute(
                sql: """
                    ALTER TABLE payment ADD COLUMN basis TEXT NOT NULL DEFAULT 'number';

                    CREATE TABLE review_item (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        token TEXT NOT NULL,                        -- proves a review row was written by this index
                        inbox_file_id INTEGER REFERENCES inbox_file(id),
                        payment_id INTEGER REFERENCES payment(id),  -- the payment held at push time, if any
                        source TEXT NOT NULL,                       -- the file the line came from
                        location TEXT NOT NULL,                     -- line 12, member.csv line 12
                        company TEXT,                               -- the folder it was dropped in
                        paid_on TEXT,                               -- yyyy-mm-dd
                        amount TEXT,                                -- decimal text
                        currency TEXT,
                        counterparty TEXT,
                        said TEXT NOT NULL,                         -- what the line says
                        candidates TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        state TEXT NOT NULL,                        -- open | resolved | dismissed
                        review_file TEXT,                           -- where it was written, relative to the root
                        resolved_by TEXT,                           -- the review file that settled it
                        resolved_payment_id INTEGER REFERENCES payment(id),
                        created_at TEXT NOT NULL,
                        resolved_at TEXT
                    );
                    CREATE INDEX review_item_open ON review_item(state) WHERE state = 'open';
                    CREATE INDEX review_item_unwritten ON review_item(id) WHERE review_file IS NULL;
                    """)
        }
        migrator.registerMigration("v4-remote") { db in
            try db.execute(
                sql: """
                    -- A format Teamleader refused for one document: the other formats went out; this one is
                    -- asked for again on a back-off (daily, then weekly).
                    CREATE TABLE format_refusal (
                        document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                        format TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        first_refused_at TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        next_attempt_at TEXT NOT NULL,
                        PRIMARY KEY (document_id, format)
                    );

                    -- A record a listing returned that tldrop could not read: asked for again by id.
                    CREATE TABLE unreadable_record (
                        id TEXT NOT NULL,
                        kind TEXT NOT NULL,                         -- invoice | creditNote
                        department_id TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        first_seen_at TEXT NOT NULL,
                        last_seen_at TEXT NOT NULL,
                        PRIMARY KEY (id, kind)
                    );

                    -- What Teamleader showed open just before a payment was sent: a lost answer is then
                    -- recognised by the open amount having moved, as well as by payments[].
                    ALTER TABLE payment ADD COLUMN due_before TEXT;

                    -- The content invoices.info showed the last time an updated_at-only change was checked.
                    ALTER TABLE document ADD COLUMN content_fingerprint TEXT;
                    """)
        }
        migrator.registerMigration("v5-intake") { db in
            try db.execute(
                sql: """
                    -- A payment queued from an inbox line is its own timeline entry (read from the payment
                    -- row): the copies earlier versions wrote as events go. Those of review files stay.
                    DELETE FROM event WHERE kind = 'paymentQueued' AND detail LIKE '%, from ''%';

                    -- What status counts on every run, without reading every document.
                    CREATE INDEX document_deleted ON document(deleted_in_teamleader) WHERE deleted_in_teamleader = 1;
                    CREATE INDEX document_conflict ON document(state) WHERE state = 'conflict';
                    """)
        }
        migrator.registerMigration("v6-words") { db in
            try db.execute(
                sql: """
                    -- The documents a held line may mean, by id: its review file shows their state when written.
                    ALTER TABLE review_item ADD COLUMN candidate_ids TEXT;

                    -- Review files tldrop wrote and keeps current (settled rows leave, the language follows
                    -- tldrop.toml): rewritten only while they hold the bytes tldrop wrote (sha256), or those
                    -- it was about to write when a crash came (next_sha256).
                    CREATE TABLE review_sheet (
                        path TEXT PRIMARY KEY NOT NULL,           -- relative to the root
                        sha256 TEXT,
                        next_sha256 TEXT,
                        written_at TEXT NOT NULL
                    );

                    -- An inbox file's report gets each line's outcome in Teamleader once the push knows it.
                    -- It is rewritten only while it holds the bytes tldrop wrote (or was about to write).
                    ALTER TABLE inbox_file ADD COLUMN report_sha256 TEXT;
                    ALTER TABLE inbox_file ADD COLUMN report_next_sha256 TEXT;
                    ALTER TABLE inbox_file ADD COLUMN outcomes_at TEXT;
                    """)
        }
        migrator.registerMigration("v7-runs") { db in
            try db.execute(
                sql: """
                    -- Whether a run did something (a poll of watch that found nothing did not), and how many
                    -- documents it mirrored: STATUS.md shows the last run that did something, and folds polls.
                    ALTER TABLE run ADD COLUMN eventful INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE run ADD COLUMN mirrored INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX run_command ON run(command, id);
                    """)
        }
        migrator.registerMigration("v8-statements") { db in
            try db.execute(
                sql: """
                    -- One movement, one payment: every bank statement read (account, number and a digest of
                    -- its movements), so that the same statement in a later file is applied zero times.
                    CREATE TABLE statement_seen (
                        key TEXT PRIMARY KEY NOT NULL,
                        inbox_file_id INTEGER NOT NULL REFERENCES inbox_file(id),
                        first_seen_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v9-metrics") { db in
            try db.execute(
                sql: """
                    -- What a run asked of Teamleader (calls, and 429 answers among them): the counters of
                    -- `tldrop_teamleader_requests_total`, summed over runs, which are never removed.
                    ALTER TABLE run ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN rate_limited INTEGER NOT NULL DEFAULT 0;
                    -- The last time each archive was read back against its members (when it was packed, or
                    -- by `verify`), and whether it was whole.
                    CREATE TABLE archive_check (
                        archive TEXT PRIMARY KEY NOT NULL,
                        checked_at TEXT NOT NULL,
                        clean INTEGER NOT NULL,
                        problem TEXT
                    );
                    """)
        }
        return migrator
    }
}
