// A user's id is the `sub` of their access tokens, and apps key their own data by it, so an id is
// never given to a second account. SQLite hands a new row the largest id plus one, which reuses the
// id of the newest account once it is deleted. The highest id ever issued is kept here instead,
// raised by every insert; a new account takes the next one. It starts above every id the audit log
// remembers, so accounts deleted before this version are not reused either. Dev mode's reset
// empties this table with the others, and ids start again at 1, as in a new database.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE user_id_high_water (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      id INTEGER NOT NULL
    ) STRICT;
    INSERT INTO user_id_high_water (singleton, id) VALUES (1, max(
      coalesce((SELECT max(id) FROM users), 0),
      coalesce((SELECT max(user_id) FROM audit_events), 0)
    ));
    CREATE TRIGGER users_raise_id_high_water AFTER INSERT ON users
    BEGIN
      INSERT INTO user_id_high_water (singleton, id) VALUES (1, NEW.id)
        ON CONFLICT (singleton) DO UPDATE SET id = excluded.id WHERE excluded.id > id;
    END;
  `);
}
