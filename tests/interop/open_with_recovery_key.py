"""Opens a Channel Desk database with its recovery key in an independent SQLCipher 4 client.

Usage: open_with_recovery_key.py DB RECOVERY_KEY [tamper-audit-row N | cut-audit N]
Prints the usernames of the people table, one a line. With `tamper-audit-row N` it also
rewrites the actor of audit row N, and with `cut-audit N` it deletes the newest N audit
rows, as someone holding the key might, to prove that Channel Desk notices.
"""
import sys

import sqlcipher3

db, recovery = sys.argv[1], sys.argv[2]
key = recovery.replace("-", "").strip()
conn = sqlcipher3.connect(db)
conn.execute(f"PRAGMA key = \"x'{key}'\"")
for (username,) in conn.execute("SELECT username FROM people ORDER BY id"):
    print(username)
if len(sys.argv) == 5 and sys.argv[3] == "tamper-audit-row":
    conn.execute("DROP TRIGGER audit_append_only_update")
    conn.execute("UPDATE audit SET actor = 'someone else' WHERE id = ?", (int(sys.argv[4]),))
    conn.commit()
if len(sys.argv) == 5 and sys.argv[3] == "cut-audit":
    conn.execute("DROP TRIGGER audit_append_only_delete")
    conn.execute(
        "DELETE FROM audit WHERE id > (SELECT MAX(id) FROM audit) - ?", (int(sys.argv[4]),)
    )
    conn.commit()
conn.close()
