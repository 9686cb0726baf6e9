//! Small pieces every area uses: dates, text folding for search, checks of typed input,
//! characters an export could not print, fixed vocabularies, the pages of long lists, and CSV files.

pub mod dates;
pub mod fields;
pub mod paging;
pub(crate) mod sheet;
pub mod text;
pub mod unprintable;
pub mod vocabulary;
