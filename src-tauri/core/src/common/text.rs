//! Text as people search for it: lower case, accents removed, so "Zoe" finds "Zoë" and
//! "dubois" finds "DUBOIS".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `fold(text)` in SQL, registered on every connection: migrations match typed text to
/// categories by the same rule search uses.
pub(crate) fn register_sql(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(fold(&ctx.get::<String>(0)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_removes_case_and_accents_in_any_script() {
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("Nguyễn Thị"), "nguyen thi");
        assert_eq!(fold("Łukasz"), "łukasz");
        assert_eq!(fold("ÇAĞLAR"), "caglar");
        assert_eq!(fold("Ольга"), "ольга");
        assert_eq!(fold("زينب"), "زينب");
    }
}
