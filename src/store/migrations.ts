// The schema as an ordered list of migrations, applied one transaction each and counted in PRAGMA user_version.
import type Database from 'better-sqlite3'
import { ValidationError } from '../core/errors'
import { LI2_APPLICATION_ID } from './preflight'

/** One schema step: migration i (0-based) takes user_version from i to i + 1. */
export type Migration = (db: Database.Database) => void

const sql = (text: string): Migration => (db) => db.exec(text)

// the v2 column lists, in table order, for the v3 copies
const RUN_COLUMNS = `id, created_at, updated_at, status, config, group_name, seed, backend, backend_version, started_at, finished_at,
  epochs_done, total_epochs, ms_per_step, stages, summary, notes, error, owner_pid, owner_host, heartbeat_at, sweep_id`
const JOB_COLUMNS = 'id, sweep_id, run_id, config, key, status, claimed_by, claimed_at, attempts, error, created_at'

/** Every migration in order; append new ones, never edit a released one. Times are ms since the Unix epoch. */
export const MIGRATIONS: readonly Migration[] = [
  // v1: runs and everything a run owns
  sql(`
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued','running','finished','diverged','interrupted','cancelled','failed')),
      config TEXT NOT NULL,
      group_name TEXT,
      seed INTEGER,
      backend TEXT,
      backend_version TEXT,
      started_at INTEGER,
      finished_at INTEGER,
      epochs_done INTEGER NOT NULL DEFAULT 0,
      total_epochs INTEGER,
      ms_per_step REAL,
      stages TEXT,
      summary TEXT,
      notes TEXT,
      error TEXT,
      owner_pid INTEGER,
      owner_host TEXT,
      heartbeat_at INTEGER
    );
    CREATE INDEX runs_status ON runs(status);
    CREATE TABLE metrics (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      train_loss REAL, train_acc REAL, test_loss REAL, test_acc REAL,
      gf_norm REAL, df_norm REAL, dw_cos REAL, dv_cos REAL, ftf_offdiag_ratio REAL, fft_dist_ideal REAL,
      w_norm REAL, v_norm REAL, lr REAL,
      extra TEXT,
      PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID;
    CREATE TABLE splits (
      run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      n_train INTEGER NOT NULL,
      n_test INTEGER NOT NULL,
      train BLOB NOT NULL,
      test BLOB NOT NULL
    );
    CREATE TABLE checkpoints (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      kind TEXT NOT NULL DEFAULT 'weights' CHECK (kind IN ('weights')),
      tensors BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (run_id, epoch)
    );
    CREATE TABLE resume_states (
      run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      state BLOB NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE spectra (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      data TEXT NOT NULL,
      PRIMARY KEY (run_id, epoch)
    );
  `),
  // v2: sweeps and the persisted job queue; runs learn which sweep made them
  sql(`
    CREATE TABLE sweeps (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      spec TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
    CREATE INDEX runs_sweep ON runs(sweep_id);
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE,
      run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      config TEXT NOT NULL,
      key TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed','cancelled')),
      claimed_by TEXT,
      claimed_at INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX jobs_status ON jobs(status, id);
    CREATE INDEX jobs_sweep ON jobs(sweep_id);
  `),
  // v3: ids are never reused (AUTOINCREMENT): a deleted run's id must not name the next run, whose worker, queue entry or
  // open window would otherwise act on the old one. SQLite cannot add AUTOINCREMENT in place, so each table is rebuilt
  // (sqlite.org/lang_altertable.html, "other kinds of table schema changes"): foreign keys are off (migrate), every row
  // keeps its id, and the copy sets sqlite_sequence to the largest id present. Ids deleted above that before this upgrade
  // cannot be known and may be given once more.
  (db) => {
    db.exec(`
      CREATE TABLE sweeps_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        spec TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      INSERT INTO sweeps_v3 (id, name, spec, created_at) SELECT id, name, spec, created_at FROM sweeps;
      DROP TABLE sweeps;
      ALTER TABLE sweeps_v3 RENAME TO sweeps;

      CREATE TABLE runs_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','finished','diverged','interrupted','cancelled','failed')),
        config TEXT NOT NULL,
        group_name TEXT,
        seed INTEGER,
        backend TEXT,
        backend_version TEXT,
        started_at INTEGER,
        finished_at INTEGER,
        epochs_done INTEGER NOT NULL DEFAULT 0,
        total_epochs INTEGER,
        ms_per_step REAL,
        stages TEXT,
        summary TEXT,
        notes TEXT,
        error TEXT,
        owner_pid INTEGER,
        owner_host TEXT,
        heartbeat_at INTEGER,
        sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL
      );
      INSERT INTO runs_v3 SELECT ${RUN_COLUMNS} FROM runs;
      DROP TABLE runs;
      ALTER TABLE runs_v3 RENAME TO runs;
      CREATE INDEX runs_status ON runs(status);
      CREATE INDEX runs_sweep ON runs(sweep_id);

      CREATE TABLE jobs_v3 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        config TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed','cancelled')),
        claimed_by TEXT,
        claimed_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at INTEGER NOT NULL
      );
      INSERT INTO jobs_v3 SELECT ${JOB_COLUMNS} FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_v3 RENAME TO jobs;
      CREATE INDEX jobs_status ON jobs(status, id);
      CREATE INDEX jobs_sweep ON jobs(sweep_id);
    `)
  },
  // v4: nothing is lost by a slip. A run gets a label (a name beside its id), tags (a table, so a tag filter is one
  // indexed lookup rather than a JSON scan) and a trash: deleted_at set means trashed, NULL means live. Columns are
  // only added, so every row keeps its values; only emptying the trash deletes (and CASCADE takes what a run owns).
  sql(`
    ALTER TABLE runs ADD COLUMN label TEXT;
    ALTER TABLE runs ADD COLUMN deleted_at INTEGER;
    CREATE INDEX runs_deleted ON runs(deleted_at);
    CREATE TABLE run_tags (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX run_tags_tag ON run_tags(tag, run_id);
  `),
  // v5: energy censuses (the Energy page), kept with their inputs so a stored one reopens without recomputing. A census
  // is not a run: no metrics, no split (the split is rebuilt from inputs.trainFrac and inputs.seed), so its own table.
  // `weights` holds each maximum's unit maximiser (for slices), apart from `result` so lists never read it.
  sql(`
    CREATE TABLE censuses (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running','done','failed','cancelled')),
      group_name TEXT NOT NULL,
      inputs TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      total INTEGER NOT NULL,
      result TEXT,
      scan TEXT,
      weights TEXT,
      error TEXT,
      owner_pid INTEGER,
      owner_host TEXT,
      finished_at INTEGER
    );
    CREATE INDEX censuses_status ON censuses(status);
  `),
  // v6: the lab notebook. Entries are dated markdown with a topic and tags; notes_fts (FTS5, external content) indexes
  // title, topic, body and tags and is kept in step by triggers, so no writer can forget it. notes_run_refs lists the runs
  // an entry embeds (written with the entry), so deleting a run can warn in one indexed lookup; it has no foreign key to
  // runs, because the entry must outlive the run it shows (it keeps a snapshot of what the run was).
  sql(`
    CREATE TABLE notes_entries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      title TEXT NOT NULL,
      topic TEXT NOT NULL DEFAULT '',
      body TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX notes_entries_topic ON notes_entries(topic);
    CREATE INDEX notes_entries_updated ON notes_entries(updated_at, id);
    CREATE TABLE notes_run_refs (
      entry_id INTEGER NOT NULL REFERENCES notes_entries(id) ON DELETE CASCADE,
      run_id INTEGER NOT NULL,
      PRIMARY KEY (entry_id, run_id)
    ) WITHOUT ROWID;
    CREATE INDEX notes_run_refs_run ON notes_run_refs(run_id, entry_id);
    CREATE VIRTUAL TABLE notes_fts USING fts5(title, topic, body, tags, content='notes_entries', content_rowid='id', tokenize='unicode61');
    CREATE TRIGGER notes_ai AFTER INSERT ON notes_entries BEGIN
      INSERT INTO notes_fts(rowid, title, topic, body, tags) VALUES (new.id, new.title, new.topic, new.body, new.tags);
    END;
    CREATE TRIGGER notes_ad AFTER DELETE ON notes_entries BEGIN
      INSERT INTO notes_fts(notes_fts, rowid, title, topic, body, tags) VALUES ('delete', old.id, old.title, old.topic, old.body, old.tags);
    END;
    CREATE TRIGGER notes_au AFTER UPDATE ON notes_entries BEGIN
      INSERT INTO notes_fts(notes_fts, rowid, title, topic, body, tags) VALUES ('delete', old.id, old.title, old.topic, old.body, old.tags);
      INSERT INTO notes_fts(rowid, title, topic, body, tags) VALUES (new.id, new.title, new.topic, new.body, new.tags);
    END;
  `),
]

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/** Reads PRAGMA user_version. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Brings the database up to `target` (default: latest), one IMMEDIATE transaction per step so concurrent openers
 *  serialize and each re-reads the version under the write lock; the first step also stamps PRAGMA application_id.
 *  Foreign keys are off while it runs (a table rebuild must not cascade) and every step ends with foreign_key_check.
 *  Returns the version reached. */
export function migrate(db: Database.Database, target: number = SCHEMA_VERSION): number {
  const found = schemaVersion(db)
  if (found > SCHEMA_VERSION) {
    throw new ValidationError('db', `${db.name} has schema v${found}, newer than this Li2 Lab understands (v${SCHEMA_VERSION})`)
  }
  const fk = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF') // a no-op inside a transaction, hence here, around the steps
  try {
    for (;;) {
      const stepped = db.transaction(() => {
        const v = schemaVersion(db)
        if (db.pragma('application_id', { simple: true }) !== LI2_APPLICATION_ID) db.pragma(`application_id = ${LI2_APPLICATION_ID}`)
        if (v >= target) return false
        const before = brokenReferences(db).length
        MIGRATIONS[v](db)
        const after = brokenReferences(db)
        if (after.length > before) {
          const b = after[0]
          throw new Error(`migration to v${v + 1} would break ${after.length - before} reference(s), e.g. ${b.table} row ${b.rowid} → ${b.parent}`)
        }
        db.pragma(`user_version = ${v + 1}`)
        return true
      }).immediate()
      if (!stepped) return schemaVersion(db)
    }
  } finally {
    db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`)
  }
}

function brokenReferences(db: Database.Database): { table: string; rowid: number; parent: string }[] {
  return db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
}
