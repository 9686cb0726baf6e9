//! Small pieces every area uses: dates, text folding for search, and checks of typed input.

pub mod dates;
pub mod fields;
pub mod text;
