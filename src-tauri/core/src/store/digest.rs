//! A digest of every table's rows, to prove that nothing was written (a refused command) or
//! that two files hold the same rows (a restored backup). For the proofs and benchmarks.

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::security::session::Session;

impl Session {
    /// Each table's name and the SHA-256 of its rows in a fixed order, each value tagged
    /// with its type so that `1`, `'1'` and `x'31'` differ.
    pub fn table_digests(&self) -> Result<Vec<(String, String)>> {
        self.table_digests_where(|_| None)
    }

    /// As `table_digests`, with each table's rows narrowed by `condition` (a WHERE clause
    /// for the table named, or `None` for all its rows).
    pub fn table_digests_where(
        &self,
        condition: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<(String, String)>> {
        let mut tables = self.conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )?;
        let names = tables
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        names
            .into_iter()
            .map(|name| {
                let digest = self.table_digest(&name, condition(&name).as_deref())?;
                Ok((name, digest))
            })
            .collect()
    }

    fn table_digest(&self, table: &str, condition: Option<&str>) -> Result<String> {
        let columns = self
            .conn
            .prepare(&format!("SELECT * FROM \"{table}\" LIMIT 0"))?
            .column_count();
        // Every column in the order: the same rows give the same digest whatever the
        // table's key.
        let order = (1..=columns.max(1))
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut rows = self.conn.prepare(&format!(
            "SELECT * FROM \"{table}\" WHERE {} ORDER BY {order}",
            condition.unwrap_or("1")
        ))?;
        let mut rows = rows.query([])?;
        let mut hash = Sha256::new();
        while let Some(row) = rows.next()? {
            for c in 0..columns {
                match row.get_ref(c)? {
                    ValueRef::Null => hash.update([0]),
                    ValueRef::Integer(i) => {
                        hash.update([1]);
                        hash.update(i.to_le_bytes());
                    }
                    ValueRef::Real(f) => {
                        hash.update([2]);
                        hash.update(f.to_le_bytes());
                    }
                    ValueRef::Text(b) => tagged(&mut hash, 3, b),
                    ValueRef::Blob(b) => tagged(&mut hash, 4, b),
                }
            }
        }
        Ok(hex::encode(hash.finalize()))
    }
}

fn tagged(hash: &mut Sha256, tag: u8, bytes: &[u8]) {
    hash.update([tag]);
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}
