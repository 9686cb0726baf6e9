//! Small pieces every area uses: dates, text folding for search, checks of typed input, and
//! fixed vocabularies.

pub mod dates;
pub mod fields;
pub mod text;
pub mod vocabulary;
