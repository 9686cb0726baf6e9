//! Small pieces every area uses: dates, text folding for search, checks of typed input,
//! characters an export could not print, fixed vocabularies, and the pages of long lists.

pub mod dates;
pub mod fields;
pub mod paging;
pub mod text;
pub mod unprintable;
pub mod vocabulary;
