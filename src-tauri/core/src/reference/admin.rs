//! Reference data as people use it: listed for forms, added and retired by administrators.

use crate::common::dates::today;
use crate::error::Result;
use crate::reference;
use crate::security::session::Session;
use crate::store::audit;
use crate::store::audit::AuditAction;

impl Session {
    /// Reference data holds no personal data: anyone signed in may read it (the steering
    /// group's forms offer its sectors and training products).
    pub fn reference_items(&self, kind: &str) -> Result<Vec<reference::ReferenceItem>> {
        self.ready()?;
        reference::list(&self.conn, kind)
    }

    pub fn add_reference_item(
        &mut self,
        kind: &str,
        label: &str,
        grouping: &str,
    ) -> Result<reference::ReferenceItem> {
        self.require_admin("change reference data")?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let item = reference::add(&tx, kind, label, grouping)?;
        audit::append(
            &tx,
            &actor,
            AuditAction::ReferenceAdded,
            &format!("{kind}:{}", item.code),
            &serde_json::json!({ "label": item.label }).to_string(),
        )?;
        tx.commit()?;
        Ok(item)
    }

    pub fn retire_reference_item(&mut self, kind: &str, code: &str) -> Result<()> {
        self.require_admin("change reference data")?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        reference::retire(&tx, kind, code, &today().to_string())?;
        audit::append(
            &tx,
            &actor,
            AuditAction::ReferenceRetired,
            &format!("{kind}:{code}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(())
    }
}
